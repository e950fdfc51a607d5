// Voice practice in the desk's practice slice (issue 17 items 1-3): the mode is offered only when the
// API runs a practice line for the language and the phone is registered; a voice call asks the API for a
// practice dial URI and dials it with the desk's own phone; the ScriptRun, its pitch lock and the
// recorded events are the real call's (the same class, the same `consent:record` channel); the phone's
// end ends and scores the call. Fake bridge and phone (the boundary), real slice, script and scenario.
import { describe, expect, it } from 'vitest';
import type { PracticeLineStatus } from '../../../shared/api/practice';
import type { CallSnapshot, SipPort } from '../../../shared/phone/sip-port';
import { ScriptRun } from '../../../shared/script';
import { deskStoreFor, fakePracticeBridge, okResult } from '../../support/desk-store';
import { idFactory, rawScenario, requireScript, T0 } from './fixtures';

const VOICE_CALL = { callId: '0199aaaa-0000-7000-8000-000000000001', dialUri: 'sip:p-abcdefABCDEF0123456789_-abcdefgh@edge.test', setupAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + 60_000).toISOString() };
const trainee = { id: 'user-agent1', name: 'Agent One' };

function harness(o: { line?: PracticeLineStatus; registered?: boolean; phone?: boolean } = {}) {
  const voiceRequests: unknown[] = [];
  const dialled: string[] = [];
  const hungUp: string[] = [];
  const { bridge, recorded, submitted } = fakePracticeBridge({
    revision: 2,
    scenarioOf: rawScenario,
    updatedAt: new Date(T0).toISOString(),
    practice: {
      line: () => okResult(o.line ?? { voice: true, reason: 'ok', locales: ['ko', 'en'] }),
      voiceCall: (body: unknown) => {
        voiceRequests.push(body);
        return okResult(VOICE_CALL);
      },
    },
  });
  const phone = {
    registration: () => ({ state: o.registered === false ? 'unregistered' : 'registered' }),
    call: (target: string) => {
      dialled.push(target);
      return Promise.resolve('phone-call-1');
    },
    hangUp: (id: string) => {
      hungUp.push(id);
      return Promise.resolve();
    },
  } as unknown as SipPort;
  const app = deskStoreFor(bridge, {
    phone: () => (o.phone === false ? null : phone),
    scriptFor: requireScript,
    now: () => new Date(T0 + 1000),
    newId: idFactory('0199'),
    schedule: () => () => undefined,
  });
  const ended = (id = 'phone-call-1'): CallSnapshot => ({ id, state: 'ended', end: { reason: 'remote_hangup', sipStatus: null } }) as unknown as CallSnapshot;
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { app, practice: () => app.getState().practice, recorded, submitted, voiceRequests, dialled, hungUp, ended, flush };
}

describe('voice practice in the desk (practice slice)', () => {
  it('voice is offered only with a practice line for the language and a registered phone; otherwise the mode stays text', async () => {
    const cases = [
      { o: { line: { voice: false, reason: 'no-speech-engine', locales: [] } as PracticeLineStatus }, ok: false },
      { o: { line: { voice: true, reason: 'ok', locales: ['en'] } as PracticeLineStatus }, ok: false }, // no Korean line
      { o: { registered: false }, ok: false },
      { o: { phone: false }, ok: false },
      { o: {}, ok: true },
    ];
    for (const c of cases) {
      const h = harness(c.o);
      await h.practice().choose('kr-no-time', trainee, 'ko');
      expect(h.practice().voiceAvailable('ko'), JSON.stringify(c.o)).toBe(c.ok);
      h.practice().setMode('voice', 'ko');
      expect(h.practice().mode).toBe(c.ok ? 'voice' : 'text');
      h.practice().start(trainee, 'ko');
      await h.flush();
      expect(h.practice().callMode).toBe(c.ok ? 'voice' : 'text');
      expect(h.dialled).toHaveLength(c.ok ? 1 : 0);
      expect(h.voiceRequests).toHaveLength(c.ok ? 1 : 0);
      h.practice().reset();
    }
  });

  it("a voice call dials the API's practice URI with the desk's phone; the same ScriptRun, pitch lock and event channel as a real call; the customer's hang-up ends and scores it", async () => {
    const h = harness();
    await h.practice().choose('kr-no-time', trainee, 'ko');
    h.practice().setMode('voice', 'ko');
    h.practice().start(trainee, 'ko');
    await h.flush();
    expect(h.voiceRequests).toEqual([{ scenarioId: 'kr-no-time', scenarioRevision: 2, locale: 'ko' }]);
    expect(h.dialled).toEqual([VOICE_CALL.dialUri]);
    const s = h.practice();
    expect(s).toMatchObject({ phase: 'talking', callMode: 'voice', phoneCallId: 'phone-call-1', startedAt: VOICE_CALL.setupAt });
    // The real call's ScriptRun, on the voice call's id (the line matches events by it), practice-marked.
    expect(s.run).toBeInstanceOf(ScriptRun);
    expect(s.setup?.call).toMatchObject({ callId: VOICE_CALL.callId, practice: true });
    // The pitch lock: nothing of the pitch is available before identification, time and consent.
    expect(s.run?.pitchLocked).toBe(true);
    expect(s.run?.availableActions.some((a) => a.type === 'deliver_pitch')).toBe(false);

    // Like a real call, nothing is answered before the phone is connected.
    await h.practice().act({ type: 'confirm' });
    expect(h.recorded).toEqual([]);
    h.app.getState().practice.onPhoneCall({ id: 'phone-call-1', state: 'active' } as unknown as CallSnapshot);
    expect(h.practice().voiceConnected).toBe(true);
    await h.practice().act({ type: 'confirm' });
    await h.practice().act({ type: 'answer', answerId: 'no' });
    expect(h.recorded.map((e) => [e.callId, e.practice, e.seq])).toEqual([
      [VOICE_CALL.callId, true, 0],
      [VOICE_CALL.callId, true, 1],
    ]);
    // Another call's end is not this one's.
    h.app.getState().practice.onPhoneCall(h.ended('someone-else'));
    await h.flush();
    expect(h.practice().phase).toBe('talking');
    h.app.getState().practice.onPhoneCall(h.ended());
    await h.flush();
    expect(h.practice()).toMatchObject({ phase: 'scored', endReason: 'customer_hung_up' });
    expect(h.recorded.at(-1)).toMatchObject({ kind: 'aborted', practice: true, callId: VOICE_CALL.callId });
    expect(h.submitted).toHaveLength(1);
    expect(h.submitted[0]).toMatchObject({ scenarioId: 'kr-no-time', scenarioRevision: 2, callId: VOICE_CALL.callId, startedAt: VOICE_CALL.setupAt, locale: 'ko' });
    expect(h.submitted[0]?.events).toHaveLength(3);
  });

  it("the agent's hang-up hangs up the phone; the phone's end then scores the call as the agent's", async () => {
    const h = harness();
    await h.practice().choose('kr-no-time', trainee, 'en');
    h.practice().setMode('voice', 'en');
    h.practice().start(trainee, 'en');
    await h.flush();
    await h.practice().hangUp();
    expect(h.hungUp).toEqual(['phone-call-1']);
    expect(h.practice().phase).toBe('talking'); // until the phone says it ended
    h.app.getState().practice.onPhoneCall(h.ended());
    await h.flush();
    expect(h.practice()).toMatchObject({ phase: 'scored', endReason: 'agent_hung_up' });
  });
});
