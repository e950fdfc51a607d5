// The call's signalling state machine in Node, with a scripted session and media (no sip.js, no
// browser): every path of the transition table, hold both ways, recovery, and the AbortSignal
// contract (nothing pending once a call has ended).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_TRANSITIONS, CALL_STATES } from '../../../shared/phone/call-state';
import type { CallSnapshot, PhoneNoticeKind } from '../../../shared/phone/sip-port';
import { CallSignalling, HANGUP_WAIT_MS, SIGNALLING_TRANSITIONS, type CallSignallingContext } from '../../../renderer/phone/call/call-signalling';
import { FakeMedia, FakeSession } from './fake-call-parts';

interface Rig {
  call: CallSignalling;
  session: FakeSession;
  media: FakeMedia;
  snaps: CallSnapshot[];
  notices: { kind: PhoneNoticeKind; sipStatus: number | null }[];
  logs: string[];
  ended: number;
  states(): string[];
}

function rig(direction: 'outgoing' | 'incoming' = 'outgoing'): Rig {
  const session = new FakeSession();
  const media = new FakeMedia();
  const r = { session, media, snaps: [] as CallSnapshot[], notices: [] as Rig['notices'], logs: [] as string[], ended: 0 } as Rig;
  const ctx: CallSignallingContext = {
    id: 'call-1',
    direction,
    remoteLabel: '***-5678',
    noAnswerTimeoutMs: 30_000,
    callRecoveryTimeoutMs: 8_000,
    clock: { now: () => Date.now(), setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    log: (level, message) => r.logs.push(`${level} ${message}`),
    changed: (s) => r.snaps.push(s),
    notice: (kind, sipStatus) => r.notices.push({ kind, sipStatus }),
    dtmf: () => undefined,
    ended: () => (r.ended += 1),
  };
  r.call = new CallSignalling(ctx, session, media);
  r.states = () => r.snaps.map((s) => s.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
  return r;
}

/** An outgoing call answered by the far end. */
function answered(): Rig {
  const r = rig();
  r.call.invite();
  r.session.emit({ type: 'progress', sipStatus: 180, earlyMedia: false });
  r.session.emit({ type: 'accepted' });
  r.session.emit({ type: 'negotiated', direction: 'sendrecv', byRemoteOffer: false });
  return r;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** After the end: one ended snapshot, media released once, the signal aborted, no timer left. */
function expectCleanEnd(r: Rig): void {
  expect(r.snaps.filter((s) => s.state === 'ended')).toHaveLength(1);
  expect(r.media.released).toBe(1);
  expect(r.ended).toBe(1);
  expect(r.call.signal.aborted).toBe(true);
  expect(vi.getTimerCount()).toBe(0);
  expect(r.session.pending).toEqual([]);
}

describe('the transition table', () => {
  it('PHONE-SIGNALLING: every edge of the table is a transition the call state machine allows', () => {
    for (const from of CALL_STATES) {
      for (const to of Object.values(SIGNALLING_TRANSITIONS[from])) {
        expect(from === to || CALL_TRANSITIONS[from].includes(to), `${from} -> ${to}`).toBe(true);
      }
    }
    // And every state but ended can end.
    for (const from of CALL_STATES.filter((s) => s !== 'ended')) expect(SIGNALLING_TRANSITIONS[from].ended).toBe('ended');
  });

  it('PHONE-SIGNALLING: an event the table does not allow is logged and ignored, never thrown', async () => {
    const r = rig('incoming');
    expect(() => r.session.emit({ type: 'accepted' })).not.toThrow(); // 2xx without an answer: impossible
    expect(r.call.snapshot.state).toBe('incoming');
    expect(r.logs).toEqual([expect.stringContaining("event 'answered' is not allowed in state 'incoming'")]);
    await expect(r.call.setHold(true)).rejects.toMatchObject({ code: 'invalid_state' });
  });
});

describe('outgoing and incoming calls', () => {
  it('PHONE-CALL: dialing -> ringing (local ringback) -> active -> our BYE -> ended, media released, nothing pending', async () => {
    const r = answered();
    expect(r.session.commands).toEqual(['invite']);
    expect(r.media.log.slice(0, 4)).toEqual(['ringback:on', 'ringback:off', 'connected', 'update:none']);
    const hangUp = r.call.hangUp();
    expect(r.session.commands.at(-1)).toBe('bye');
    r.session.emit({ type: 'terminated' });
    await hangUp;
    expect(r.states()).toEqual(['dialing', 'ringing', 'active', 'ending', 'ended']);
    expect(r.call.snapshot.end).toEqual({ reason: 'local_hangup', sipStatus: null });
    expectCleanEnd(r);
  });

  it('PHONE-END: a final refusal ends the call with its reason; the no-answer timer cancels as no_answer', async () => {
    const busy = rig();
    busy.call.invite();
    busy.session.emit({ type: 'failed', sipStatus: 486 });
    busy.session.emit({ type: 'terminated' });
    expect(busy.call.snapshot.end).toEqual({ reason: 'busy', sipStatus: 486 });
    expectCleanEnd(busy);

    const r = rig();
    r.call.invite();
    r.session.emit({ type: 'progress', sipStatus: 180, earlyMedia: true });
    expect(r.call.snapshot.ringback).toBe('early_media');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(r.session.commands).toEqual(['invite', 'cancel']);
    r.session.emit({ type: 'failed', sipStatus: 487 });
    expect(r.call.snapshot.end).toEqual({ reason: 'no_answer', sipStatus: 487 });
    expectCleanEnd(r);

    // The SIP edge's 403 says in its reason phrase why it refused the dial token.
    const edge = rig();
    edge.call.invite();
    edge.session.emit({ type: 'failed', sipStatus: 403, reasonPhrase: 'Dial token refused (gate-changed)' });
    expect(edge.call.snapshot.end).toEqual({ reason: 'failed', sipStatus: 403, edgeRefusal: 'gate-changed' });
    expectCleanEnd(edge);
  });

  it('PHONE-END: hang-up while ringing cancels; the far end never answering the BYE still ends the call after the wait', async () => {
    const r = answered();
    const hangUp = r.call.hangUp();
    await vi.advanceTimersByTimeAsync(HANGUP_WAIT_MS);
    await hangUp;
    expect(r.session.commands).toEqual(['invite', 'bye', 'dispose']);
    expect(r.call.snapshot.end).toEqual({ reason: 'local_hangup', sipStatus: null });
    expectCleanEnd(r);
  });

  it('PHONE-IN: answer() waits for the ACK; a refused microphone fails as media_unavailable', async () => {
    const r = rig('incoming');
    const answering = r.call.answer();
    await Promise.resolve();
    r.session.emit({ type: 'accepted' });
    await answering;
    expect(r.states()).toEqual(['incoming', 'answering', 'active']);

    const broken = rig('incoming');
    broken.session.failAccept = true;
    await expect(broken.call.answer()).rejects.toMatchObject({ code: 'media_unavailable' });
  });
});

describe('hold, both ways', () => {
  it('PHONE-HOLD: held only once the re-INVITE is accepted; a 488 goes back to active and tells the agent', async () => {
    const r = answered();
    const hold = r.call.setHold(true);
    expect(r.call.snapshot).toMatchObject({ state: 'holding', hold: 'none' });
    r.session.emit({ type: 'negotiated', direction: 'sendonly', byRemoteOffer: false });
    r.session.answer('reinvite', 200);
    await hold;
    expect(r.call.snapshot).toMatchObject({ state: 'held', hold: 'local' });
    expect(r.media.last).toEqual({ hold: 'local', muted: false });

    const refused = r.call.setHold(false);
    r.session.answer('reinvite', 488);
    await expect(refused).rejects.toMatchObject({ code: 'hold_refused', sipStatus: 488 });
    expect(r.call.snapshot.state).toBe('held');
    expect(r.notices).toEqual([{ kind: 'hold_refused', sipStatus: 488 }]);
  });

  it('PHONE-HOLD-BOTH: the customer holds (sendonly offer), both hold, the agent resumes while the customer still holds, the customer resumes', async () => {
    const r = answered();
    r.session.emit({ type: 'negotiated', direction: 'recvonly', byRemoteOffer: true });
    expect(r.call.snapshot).toMatchObject({ state: 'active', hold: 'remote' });
    expect(r.media.last).toEqual({ hold: 'remote', muted: false });

    const hold = r.call.setHold(true);
    r.session.emit({ type: 'negotiated', direction: 'inactive', byRemoteOffer: false });
    r.session.answer('reinvite', 200);
    await hold;
    expect(r.call.snapshot).toMatchObject({ state: 'held', hold: 'both' });

    const resume = r.call.setHold(false);
    r.session.emit({ type: 'negotiated', direction: 'recvonly', byRemoteOffer: false });
    r.session.answer('reinvite', 200);
    await resume;
    expect(r.call.snapshot).toMatchObject({ state: 'active', hold: 'remote' });

    r.session.emit({ type: 'negotiated', direction: 'sendrecv', byRemoteOffer: true });
    expect(r.call.snapshot).toMatchObject({ state: 'active', hold: 'none' });
    expect(r.notices.map((n) => n.kind)).toEqual(['remote_hold', 'still_held_by_remote', 'remote_resume']);
  });

  it('PHONE-REINVITE-481: a 481 or 408 to a hold ends the dialog with a BYE (RFC 3261 14.1), not an active call', async () => {
    for (const status of [481, 408]) {
      const r = answered();
      const hold = r.call.setHold(true);
      r.session.answer('reinvite', status);
      await expect(hold).rejects.toMatchObject({ code: 'hold_refused', sipStatus: status });
      expect(r.session.commands.slice(-1)).toEqual(['bye']);
      expect(r.call.snapshot.end).toEqual({ reason: 'dialog_lost', sipStatus: status });
      expect(r.notices).toEqual([{ kind: 'call_dialog_lost', sipStatus: status }]);
      expectCleanEnd(r);
    }
  });
});

describe('media truth', () => {
  it('PHONE-NO-AUDIO: media health reaches the snapshot, with one notice per change', () => {
    const r = answered();
    r.call.mediaHealth({ inbound: 'pending', outbound: 'flowing', deadAirMs: 0 });
    r.call.mediaHealth({ inbound: 'silent', outbound: 'flowing', deadAirMs: 3_000 });
    r.call.mediaHealth({ inbound: 'silent', outbound: 'flowing', deadAirMs: 4_000 });
    r.call.mediaHealth({ inbound: 'flowing', outbound: 'flowing', deadAirMs: 4_000 });
    expect(r.call.snapshot.media).toEqual({ inbound: 'flowing', outbound: 'flowing', deadAirMs: 4_000 });
    expect(r.notices.map((n) => n.kind)).toEqual(['no_audio', 'audio_restored']);
  });
});

describe('server loss and recovery', () => {
  it('PHONE-RECOVER: an answered call waits for the server; recovered when the probe is accepted, the recovery timer cleared', async () => {
    const r = answered();
    r.call.signalingLost();
    expect(r.call.snapshot.signalingLost).toBe(true);
    const probe = r.call.probe();
    r.session.answer('probe', 200);
    await probe;
    expect(r.call.snapshot).toMatchObject({ state: 'active', signalingLost: false });
    expect(r.notices.map((n) => n.kind)).toEqual(['call_signaling_lost', 'call_recovered']);
    expect(vi.getTimerCount()).toBe(0); // the recovery timer is gone
  });

  it('PHONE-ORPHAN: a call dropped while the server is away keeps its dialog for a BYE after re-registration (abandon, not a lost BYE)', async () => {
    const r = answered();
    r.call.signalingLost();
    await vi.advanceTimersByTimeAsync(8_000);
    expect(r.call.snapshot.end).toEqual({ reason: 'server_lost', sipStatus: null });
    expect(r.session.commands).toEqual(['invite', 'abandon']);
    expectCleanEnd(r);

    // Unanswered when the server went: dropped at once, its INVITE kept to be CANCELled later.
    const ringing = rig();
    ringing.call.invite();
    ringing.call.signalingLost();
    expect(ringing.call.snapshot.end?.reason).toBe('server_lost');
    expect(ringing.session.commands).toEqual(['invite', 'abandon']);
    expectCleanEnd(ringing);
  });

  it('PHONE-ORPHAN: a probe refused after re-registration ends the call with a BYE through the restored server', async () => {
    const r = answered();
    r.call.signalingLost();
    const probe = r.call.probe();
    r.session.answer('probe', 481);
    await probe;
    expect(r.session.commands).toEqual(['invite', 'probe', 'bye']);
    expect(r.call.snapshot.end?.reason).toBe('server_lost');
    expectCleanEnd(r);
  });
});

describe('every wait belongs to the call', () => {
  it('PHONE-ABORT: a call ending mid-wait settles every pending promise (DTMF, hold, transfer) and leaves no timer', async () => {
    const r = answered();
    r.media.dtmfResult = 'pending';
    const info = r.call.sendDtmf('12', 'info');
    const tones = r.call.sendDtmf('3', 'rfc4733');
    const transfer = r.call.transfer('sip:agent2@callgate.test');
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown): void => void unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    r.session.emit({ type: 'terminated' }); // the customer hangs up
    await expect(info).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(tones).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(transfer).rejects.toMatchObject({ code: 'invalid_state' });
    await vi.advanceTimersByTimeAsync(0);
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(r.call.snapshot.end).toEqual({ reason: 'remote_hangup', sipStatus: null });
    expectCleanEnd(r);
  });

  it('PHONE-ABORT: a hold pending when the far end hangs up rejects as invalid_state; the no-answer timer dies with the call', async () => {
    const r = answered();
    const hold = r.call.setHold(true);
    r.session.emit({ type: 'terminated' });
    await expect(hold).rejects.toMatchObject({ code: 'invalid_state' });
    expectCleanEnd(r);
  });

  it('PHONE-ABORT: disposal ends a ringing call as cancelled at once', () => {
    const r = rig();
    r.call.invite();
    r.call.abort();
    expect(r.call.snapshot.end).toEqual({ reason: 'cancelled', sipStatus: null });
    expect(r.session.commands).toEqual(['invite', 'dispose']);
    expectCleanEnd(r);
  });
});
