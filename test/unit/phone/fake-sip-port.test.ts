import { describe, expect, it } from 'vitest';
import { FakeSipPort } from '../../support/fake-sip-port';
import { waitUntil } from '../../sip/net';
import { createListeners } from '../../../shared/phone/listeners';
import { isPhoneError } from '../../../shared/phone/phone-error';
import { IllegalTransitionError } from '../../../shared/phone/registration-state';
import type { CallSnapshot, PhoneNotice } from '../../../shared/phone/sip-port';

async function registered(): Promise<{ phone: FakeSipPort; states: CallSnapshot[]; notices: PhoneNotice[] }> {
  const phone = new FakeSipPort({ now: () => 1_000 });
  const states: CallSnapshot[] = [];
  const notices: PhoneNotice[] = [];
  phone.onCallChange((c) => states.push(c));
  phone.onNotice((n) => notices.push(n));
  await phone.register();
  return { phone, states, notices };
}

describe('SipPort contract, on the fake', () => {
  it('PHONE-CALL: an outgoing call goes dialing -> ringing -> active -> ended, with one ended snapshot', async () => {
    const { phone, states } = await registered();
    const id = await phone.call('+821012345678');
    phone.remote.ring(id);
    phone.remote.answer(id);
    phone.remote.hangUp(id);
    expect(states.map((s) => s.state)).toEqual(['dialing', 'ringing', 'active', 'ended']);
    expect(states.filter((s) => s.state === 'ended')).toHaveLength(1);
    expect(states.at(-1)?.end).toEqual({ reason: 'remote_hangup', sipStatus: null });
    expect(states[0]?.remoteLabel).toBe('***-5678');
    expect(phone.calls()).toEqual([]);
  });

  it('PHONE-HOLD-BOTH: the far end holding, both holding, and resuming while the far end still holds', async () => {
    const { phone, states, notices } = await registered();
    const id = await phone.call('+821012345678');
    phone.remote.answer(id);
    phone.remote.hold(id);
    expect(states.at(-1)).toMatchObject({ state: 'active', hold: 'remote' });
    await phone.hold(id);
    expect(states.at(-1)).toMatchObject({ state: 'held', hold: 'both' });
    await phone.unhold(id);
    expect(states.at(-1)).toMatchObject({ state: 'active', hold: 'remote' });
    expect(notices.map((n) => n.kind)).toEqual(['remote_hold', 'still_held_by_remote']);
    phone.remote.resume(id);
    expect(states.at(-1)).toMatchObject({ state: 'active', hold: 'none' });
    phone.remote.media(id, { inbound: 'silent', outbound: 'flowing', deadAirMs: 3_000 });
    expect(notices.at(-1)?.kind).toBe('no_audio');
    phone.remote.loseDialog(id, 481);
    expect(states.at(-1)?.end).toEqual({ reason: 'dialog_lost', sipStatus: 481 });
  });

  it('PHONE-HOLD: hold resolves and shows held only once the far end accepted', async () => {
    const { phone, states } = await registered();
    phone.reinvitePolicy = 'manual';
    const id = await phone.call('agent2');
    phone.remote.answer(id);
    let done = false;
    const hold = phone.hold(id).then(() => (done = true));
    await Promise.resolve();
    expect(states.at(-1)?.state).toBe('holding');
    expect(done).toBe(false);
    phone.remote.completeReinvite(id, true);
    await hold;
    expect(states.at(-1)?.state).toBe('held');
  });

  it('PHONE-HOLD-REFUSED: a refused hold rejects with hold_refused, returns to active and notifies', async () => {
    const { phone, states, notices } = await registered();
    phone.reinvitePolicy = 'refuse';
    const id = await phone.call('agent2');
    phone.remote.answer(id);
    const err = await phone.hold(id).catch((e: unknown) => e);
    expect(isPhoneError(err, 'hold_refused')).toBe(true);
    expect(states.map((s) => s.state).slice(-2)).toEqual(['holding', 'active']);
    expect(notices.map((n) => n.kind)).toEqual(['hold_refused']);
  });

  it('PHONE-END: refusals map to distinct reasons; the agent cancelling is `cancelled`', async () => {
    const { phone, states } = await registered();
    const busy = await phone.call('+8225550486');
    phone.remote.refuse(busy, 486);
    const declined = await phone.call('+8225550603');
    phone.remote.refuse(declined, 603);
    const cancelled = await phone.call('+8225550480');
    phone.remote.ring(cancelled);
    await phone.hangUp(cancelled);
    const ends = states.filter((s) => s.state === 'ended').map((s) => s.end?.reason);
    expect(ends).toEqual(['busy', 'rejected', 'cancelled']);
  });

  it('PHONE-RECOVER: a server loss marks calls, and a restore either recovers or drops them with notices', async () => {
    const { phone, states, notices } = await registered();
    const a = await phone.call('agent2');
    phone.remote.answer(a);
    phone.server.lose();
    expect(phone.registration().state).toBe('reconnecting');
    expect(states.at(-1)).toMatchObject({ id: a, signalingLost: true });
    phone.server.restore();
    expect(phone.registration().state).toBe('registered');
    expect(states.at(-1)?.end).toEqual({ reason: 'server_lost', sipStatus: null });
    expect(notices.map((n) => n.kind)).toEqual(['server_lost', 'call_signaling_lost', 'server_restored', 'call_dropped']);
  });

  it('PHONE-REG-AUTH: a refused registration rejects with auth_failed and lands in failed', async () => {
    const phone = new FakeSipPort();
    phone.nextRegisterStatus = 403;
    const err = await phone.register().catch((e: unknown) => e);
    expect(isPhoneError(err, 'auth_failed')).toBe(true);
    expect(phone.registration()).toMatchObject({ state: 'failed', error: { kind: 'auth_failed', sipStatus: 403 } });
    await expect(phone.call('agent2')).rejects.toMatchObject({ code: 'not_registered' });
  });

  it('PHONE-CALL: the fake refuses what the real phone cannot do (illegal transitions, bad DTMF)', async () => {
    const { phone } = await registered();
    const id = await phone.call('agent2');
    expect(() => phone.remote.completeReinvite(id, true)).toThrow(/no pending re-INVITE/);
    phone.remote.answer(id);
    expect(() => phone.remote.ring(id)).toThrow(IllegalTransitionError);
    await expect(phone.sendDtmf(id, '12x')).rejects.toMatchObject({ code: 'invalid_dtmf' });
    await phone.sendDtmf(id, '12#', 'info');
    expect(phone.sentDtmf).toEqual([{ callId: id, digits: '12#', method: 'info' }]);
  });

  it('PHONE-EVENTS: unsubscribe stops a listener; a throwing listener does not stop the others', async () => {
    const listeners = createListeners<number>();
    const got: number[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown): void => void unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    listeners.add(() => {
      throw new Error('boom');
    });
    const off = listeners.add((v) => got.push(v));
    listeners.emit(1);
    off();
    listeners.emit(2);
    await waitUntil(() => (unhandled.length >= 2 ? true : undefined), 2_000, 'the thrown errors to resurface as unhandled rejections');
    process.off('unhandledRejection', onUnhandled);
    expect(got).toEqual([1]);
    expect(unhandled).toHaveLength(2);
  });
});
