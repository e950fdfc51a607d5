// What the phone says about a call must be what happens on the wire: no audio is "no audio", never
// a good line; the customer's hold is shown as theirs; a 408/481 to a re-INVITE ends the dialog; a
// BYE in the middle of a wait leaves nothing pending. Real Kamailio, rtpengine, sipp, Chromium.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneNoticeKind } from '../../../shared/phone/sip-port';
import { waitUntil } from '../../sip/net';
import type { Agent } from './agent';
import { startPhoneFixture, type PhoneFixture } from './fixture';

let f: PhoneFixture;
let agent: Agent;

beforeAll(async () => {
  f = await startPhoneFixture();
  agent = await f.agent(0);
  await agent.must((h) => h.phone!.register());
});

afterEach(async () => {
  // A failed test must not leave its call to the next one.
  await agent.run(async (h) => {
    for (const c of h.phone!.calls()) await h.phone!.hangUp(c.id);
  });
});

afterAll(async () => {
  await f?.close();
});

/** Waits until the call's latest snapshot matches `expected` (details arrive with the next media sample). */
async function snapshotMatching(callId: string, expected: Record<string, unknown>, what: string) {
  return await waitUntil(
    async () => {
      const last = await lastSnapshot(callId);
      try {
        expect(last).toMatchObject(expected);
        return last;
      } catch {
        return undefined;
      }
    },
    10_000,
    what,
  ).catch(async (err: unknown) => {
    throw new Error(`${(err as Error).message}; last snapshot ${JSON.stringify(await lastSnapshot(callId))}`, { cause: err });
  });
}

async function dialAndAnswer(number: string): Promise<{ id: string; sipCallId: string; answeredAt: number }> {
  const target = await f.dial(0, number);
  const id = await agent.must((h, t) => h.phone!.call(t), target);
  const active = await agent.waitForCall(id, 'active', 15_000);
  return { id, sipCallId: active.sipCallId ?? '', answeredAt: active.answeredAt ?? 0 };
}

async function noticesFor(callId: string): Promise<{ kind: PhoneNoticeKind; at: number; sipStatus: number | null }[]> {
  return await agent.page.evaluate((id) => window.agent.notices.filter((n) => n.value.callId === id).map((n) => ({ kind: n.value.kind, at: n.value.at, sipStatus: n.value.sipStatus })), callId);
}

async function waitForNotice(callId: string, kind: PhoneNoticeKind, timeoutMs = 10_000): Promise<number> {
  return await waitUntil(async () => (await noticesFor(callId)).find((n) => n.kind === kind)?.at, timeoutMs, `notice '${kind}'`);
}

async function lastSnapshot(callId: string) {
  const history = await agent.history(callId);
  const last = history.at(-1);
  if (!last) throw new Error(`no snapshot of call ${callId}`);
  return last;
}

/** The agent's sent-packet counter, once it has stood still for `quietMs` (nothing goes out). */
async function outboundStopped(callId: string, quietMs: number): Promise<number> {
  let last = -1;
  let since = Date.now();
  return await waitUntil(
    async () => {
      const sent = (await agent.must((h, id) => h.phone!.mediaStats(id), callId))?.packetsSent ?? 0;
      if (sent !== last) {
        last = sent;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? sent : undefined;
    },
    15_000,
    `no packet sent for ${quietMs} ms`,
    100,
  );
}

async function outboundFlows(callId: string): Promise<void> {
  const first = (await agent.must((h, id) => h.phone!.mediaStats(id), callId))?.packetsSent ?? 0;
  await waitUntil(async () => (((await agent.must((h, id) => h.phone!.mediaStats(id), callId))?.packetsSent ?? 0) > first + 10 ? true : undefined), 10_000, 'packets sent again');
}

async function hangUp(callId: string): Promise<void> {
  await agent.run((h, id) => h.phone!.hangUp(id), callId);
  await agent.waitForCall(callId, 'ended');
}

describe('media truth', () => {
  it('PHONE-NO-AUDIO: a customer who answers without RTP is "no audio" after 3 s, never a good line', async () => {
    const { id, answeredAt } = await dialAndAnswer(f.stack.pstn.silent);
    const noAudioAt = await waitForNotice(id, 'no_audio');
    // Not before the 3 s threshold; within a few sampling intervals after it.
    expect(noAudioAt - answeredAt).toBeGreaterThanOrEqual(2_900);
    expect(noAudioAt - answeredAt).toBeLessThan(8_000);
    expect((await lastSnapshot(id)).media).toMatchObject({ inbound: 'silent', outbound: 'flowing' });
    // Quality samples: no audio, no MOS, no loss figure; never "good".
    const samples = await waitUntil(async () => {
      const q = await agent.page.evaluate((cid) => window.agent.quality.filter((s) => s.value.callId === cid).map((s) => s.value), id);
      return q.length >= 2 ? q : undefined;
    }, 10_000, 'two quality samples');
    expect(samples.every((q) => q.level === 'no_audio' && q.mos === null && q.lossPercent === null)).toBe(true);
    expect(samples.at(-1)?.bytesReceived).toBe(0);
    await waitUntil(async () => ((await lastSnapshot(id)).media.deadAirMs >= 4_000 ? true : undefined), 10_000, 'dead air keeps counting');
    await hangUp(id);
    const ended = await lastSnapshot(id);
    expect(ended.end?.reason).toBe('local_hangup');
    expect(ended.media.deadAirMs).toBeGreaterThanOrEqual(4_000);
  });

  it('PHONE-NO-AUDIO: audio that stops 3 s into the call is "no audio" 3 s later, and the line is not called good', async () => {
    const { id, sipCallId } = await dialAndAnswer(f.stack.pstn.audioStops);
    await waitUntil(async () => ((await lastSnapshot(id)).media.inbound === 'flowing' ? true : undefined), 10_000, 'audio flows first');
    const stoppedAt = await waitUntil(() => (f.stack.sipp.callLog(sipCallId).includes('media stops') ? Date.now() : undefined), 10_000, 'the customer moved its media away');
    const noAudioAt = await waitForNotice(id, 'no_audio', 15_000);
    expect(noAudioAt - stoppedAt).toBeLessThan(8_000);
    const snapshot = await lastSnapshot(id);
    expect(snapshot).toMatchObject({ state: 'active', hold: 'none', media: { inbound: 'silent' } });
    const after = await waitUntil(
      () => agent.page.evaluate(([cid, at]) => window.agent.quality.find((s) => s.value.callId === cid && s.at > at)?.value, [id, noAudioAt] as const),
      10_000,
      'a quality sample after the stop',
    );
    expect(after).toMatchObject({ level: 'no_audio', mos: null });
    expect((await noticesFor(id)).map((n) => n.kind)).toEqual(['no_audio']);
    // The call record keeps the dead air (review filters on it).
    await waitUntil(async () => ((await lastSnapshot(id)).media.deadAirMs >= 3_000 ? true : undefined), 10_000, 'dead air counted');
    await hangUp(id);
    const ended = await lastSnapshot(id);
    expect(ended.end?.reason).toBe('local_hangup');
    expect(ended.media.deadAirMs).toBeGreaterThanOrEqual(3_000);
  });
});

describe('hold, both ways', () => {
  it('PHONE-HOLD-REMOTE: the customer holds (a=sendonly): shown as their hold, nothing is sent; the resume shown too', async () => {
    const { id, sipCallId } = await dialAndAnswer(f.stack.pstn.holdsOnRequest);
    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '4', 'info'), id);
    await waitForNotice(id, 'remote_hold');
    expect(f.stack.sipp.callLog(sipCallId)).toContain('customer holds');
    await snapshotMatching(id, { state: 'active', hold: 'remote', media: { outbound: 'held', inbound: 'held' } }, 'the call held by the customer');
    // The agent's audio reaches nobody: not a packet goes out.
    await outboundStopped(id, 1_000);

    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '6', 'info'), id);
    await waitForNotice(id, 'remote_resume');
    expect(await lastSnapshot(id)).toMatchObject({ state: 'active', hold: 'none' });
    await outboundFlows(id);
    await snapshotMatching(id, { media: { outbound: 'flowing' } }, 'our audio flowing again');
    expect((await noticesFor(id)).map((n) => n.kind)).toEqual(['remote_hold', 'remote_resume']);
    await hangUp(id);
  });

  it('PHONE-HOLD-BOTH: both hold; the agent resumes while the customer still holds and is told so; then the customer resumes', async () => {
    const { id, sipCallId } = await dialAndAnswer(f.stack.pstn.holdsOnRequest);
    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '4', 'info'), id);
    await waitForNotice(id, 'remote_hold');
    await agent.must((h, cid) => h.phone!.hold(cid), id);
    expect(await lastSnapshot(id)).toMatchObject({ state: 'held', hold: 'both' });
    expect(f.stack.sipp.callLog(sipCallId)).toContain('re-INVITE a=inactive');

    await agent.must((h, cid) => h.phone!.unhold(cid), id);
    expect(await lastSnapshot(id)).toMatchObject({ state: 'active', hold: 'remote' });
    await waitForNotice(id, 'still_held_by_remote');
    await outboundStopped(id, 1_000);

    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '6', 'info'), id);
    await waitForNotice(id, 'remote_resume');
    expect(await lastSnapshot(id)).toMatchObject({ state: 'active', hold: 'none' });
    await outboundFlows(id);
    await hangUp(id);
  });

  for (const status of [408, 481] as const) {
    it(`PHONE-REINVITE-${status}: a ${status} to the hold ends the dialog (BYE sent), the call is not left active`, async () => {
      const { id, sipCallId } = await dialAndAnswer(status === 408 ? f.stack.pstn.reinvite408 : f.stack.pstn.reinvite481);
      const outcome = await agent.run((h, cid) => h.phone!.hold(cid), id);
      expect(outcome).toMatchObject({ ok: false, code: 'hold_refused', sipStatus: status });
      const ended = await agent.waitForCall(id, 'ended');
      expect(ended.end).toEqual({ reason: 'dialog_lost', sipStatus: status });
      expect((await noticesFor(id)).map((n) => [n.kind, n.sipStatus])).toEqual([['call_dialog_lost', status]]);
      await waitUntil(() => (f.stack.sipp.callLog(sipCallId).includes('BYE') ? true : undefined), 5_000, 'the customer got a BYE');
      expect(await agent.must((h) => h.phone!.calls().length)).toBe(0);
    });
  }
});

describe('nothing pending after a call', () => {
  it('PHONE-ABORT: the customer hangs up (BYE after 3 s) in the middle of a DTMF string: the wait settles at once, no timer or listener is left', async () => {
    const baseline = await agent.page.evaluate(() => ({ timers: window.liveHandles.timers(), listeners: window.liveHandles.listeners() }));
    const { id } = await dialAndAnswer(f.stack.pstn.hangsUpAfter3s);
    // 40 keys at 170 ms each take ~7 s: far longer than the customer stays.
    const sending = agent.run((h, cid) => h.phone!.sendDtmf(cid, '1234567890'.repeat(4), 'rfc4733'), id);
    const ended = await agent.waitForCall(id, 'ended', 10_000);
    expect(ended.end?.reason).toBe('remote_hangup');
    const outcome = await sending;
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: false, code: 'invalid_state' });
    const settledAt = Date.now();
    expect(settledAt - (ended.endedAt ?? 0)).toBeLessThan(2_000);
    expect(await agent.must((h) => h.phone!.diagnostics())).toMatchObject({ liveCalls: 0, orphans: 0 });
    // Transaction timers of sip.js may run a few seconds after a BYE; then the page is back where it was.
    await waitUntil(
      async () => {
        const now = await agent.page.evaluate(() => ({ timers: window.liveHandles.timers(), listeners: window.liveHandles.listeners() }));
        return now.timers <= baseline.timers && now.listeners <= baseline.listeners ? now : undefined;
      },
      40_000,
      `live timers and listeners back to ${JSON.stringify(baseline)}`,
      250,
    );
  });
});
