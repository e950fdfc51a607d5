// Killing the SIP server is a test, not a hope: Kamailio's whole process group gets SIGKILL while
// the agent is registered and in a call; the phone must come back by itself and tell the agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../sip/net';
import type { Agent } from './agent';
import { startPhoneFixture, type PhoneFixture } from './fixture';

let f: PhoneFixture;

beforeAll(async () => {
  f = await startPhoneFixture();
});

afterAll(async () => {
  await f?.close();
});

async function noticesFor(agent: Agent, callId: string): Promise<string[]> {
  return await agent.page.evaluate((id) => window.agent.notices.filter((n) => n.value.callId === id).map((n) => n.value.kind), callId);
}

describe('SIP server restart', () => {
  it('PHONE-RECOVER: Kamailio killed and restarted: registered again within 5 s, the dropped call ended and the agent told', async () => {
    const agent = await f.agent(0);
    await agent.must((h) => h.phone!.register());
    const customer = await f.customer(0);
    const id = await agent.must((h, aor) => h.phone!.call(aor), customer.user.aor);
    await agent.waitForCall(id, 'active', 15_000);

    await f.stack.killKamailio();
    await agent.waitForRegistration('reconnecting', 5_000);
    const lost = await agent.waitForCall(id, 'active');
    expect(lost.state).toBe('active');
    await waitUntil(async () => ((await agent.history(id)).some((c) => c.signalingLost) ? true : undefined), 5_000, 'call marked signalingLost');
    const backAt = await f.stack.restartKamailio(300);

    const registeredAt = await agent.waitForRegistration('registered', 10_000);
    expect(registeredAt - backAt).toBeLessThan(5_000);
    // The far end (a WebSocket phone whose connection died with the server) cannot be reached:
    // the phone ends the call itself, as server_lost, and says so.
    const ended = await agent.waitForCall(id, 'ended', 15_000);
    expect(ended.end).toEqual({ reason: 'server_lost', sipStatus: null });
    expect(await noticesFor(agent, id)).toEqual(['call_signaling_lost', 'call_dropped']);
    const global = await agent.page.evaluate(() => window.agent.notices.filter((n) => n.value.callId === null).map((n) => n.value.kind));
    expect(global).toEqual(expect.arrayContaining(['server_lost', 'server_restored']));
    // The media of the dropped call is released.
    expect(await agent.must((h) => h.phone!.calls().length)).toBe(0);

    // The new registration is real: the restarted server routes a call to the agent again.
    const caller = await f.customer(1);
    await caller.call(f.stack.agents[0]!.aor);
    await waitUntil(
      () => agent.page.evaluate(() => window.agent.calls.find((c) => c.value.direction === 'incoming')?.value),
      10_000,
      'incoming call after the restart',
    );
    await agent.run(async (h) => {
      for (const c of h.phone!.calls()) await h.phone!.hangUp(c.id);
    });
    await caller.close();
    await customer.close();
    await agent.close();
  });

  it('PHONE-RECOVER-TRUNK: a call through rtpengine survives a Kamailio restart (the re-INVITE probe is answered)', async () => {
    const agent = await f.agent(1);
    await agent.must((h) => h.phone!.register());
    const id = await agent.must((h, t) => h.phone!.call(t), await f.dial(1, f.stack.pstn.echo));
    await agent.waitForCall(id, 'active', 15_000);
    await f.stack.restartKamailio(300);
    await agent.waitForRegistration('registered', 10_000);
    await waitUntil(async () => ((await noticesFor(agent, id)).includes('call_recovered') ? true : undefined), 10_000, 'call_recovered').catch(async (err: unknown) => {
      const seen = `${(await agent.history(id)).map((c) => `${c.state}${c.signalingLost ? '(lost)' : ''}`).join(' -> ')}; notices ${(await noticesFor(agent, id)).join(', ')}`;
      throw new Error(`${(err as Error).message}; ${seen}`, { cause: err });
    });
    expect((await agent.history(id)).at(-1)).toMatchObject({ state: 'active', signalingLost: false });
    // Audio still flows after the recovery, and the far end hears our hang-up.
    const a = await agent.must((h, cid) => h.phone!.mediaStats(cid), id);
    await waitUntil(async () => ((await agent.must((h, cid) => h.phone!.mediaStats(cid), id))!.bytesReceived > a!.bytesReceived ? true : undefined), 5_000, 'audio after the recovery');
    await agent.must((h, cid) => h.phone!.hangUp(cid), id);
    expect((await agent.waitForCall(id, 'ended')).end).toEqual({ reason: 'local_hangup', sipStatus: null });
    await agent.close();
  });

  it('PHONE-RECOVER-TIMEOUT: with the server down longer than callRecoveryTimeoutMs the call is dropped; backoff keeps trying', async () => {
    const agent = await f.agent(2, { callRecoveryTimeoutMs: 1_500 });
    await agent.must((h) => h.phone!.register());
    const id = await agent.must((h, t) => h.phone!.call(t), await f.dial(2, f.stack.pstn.echo));
    await agent.waitForCall(id, 'active', 15_000);
    const killedAt = Date.now();
    await f.stack.killKamailio();
    const ended = await agent.waitForCall(id, 'ended', 10_000);
    expect(ended.end?.reason).toBe('server_lost');
    expect(ended.endedAt! - killedAt).toBeGreaterThanOrEqual(1_400);
    const attempts = await waitUntil(
      async () => {
        const seen = await agent.page.evaluate(() => window.agent.registration.filter((r) => r.value.state === 'reconnecting').map((r) => r.value));
        return seen.length >= 3 ? seen : undefined;
      },
      10_000,
      'three reconnection attempts',
    );
    // Several attempts, each announced with its next time, spaced by a growing backoff.
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.every((a) => a.nextAttemptAt !== null && a.error?.kind === 'unreachable')).toBe(true);
    const backAt = Date.now();
    await f.stack.startKamailio();
    const registeredAt = await agent.waitForRegistration('registered', 10_000);
    expect(registeredAt - backAt).toBeLessThan(5_000);
    await agent.close();
  });
});

describe('network changes', () => {
  it('PHONE-NET: offline stops the retries and shows `offline`; online re-registers at once', async () => {
    const agent = await f.agent(0);
    await agent.must((h) => h.phone!.register());
    await f.context.setOffline(true);
    await agent.waitForRegistration('offline', 5_000);
    await f.context.setOffline(false);
    const onlineAt = Date.now();
    const registeredAt = await agent.waitForRegistration('registered', 10_000);
    expect(registeredAt - onlineAt).toBeLessThan(5_000);
    const kinds = await agent.page.evaluate(() => window.agent.notices.map((n) => n.value.kind));
    expect(kinds).toEqual(expect.arrayContaining(['network_offline', 'network_online']));
    await agent.close();
  });
});
