// The desk's practice call (renderer/state/practice-slice.ts, the `practice` slice of the app store) over a fake bridge and a virtual clock:
// the customer answers after the engine's pauses, events go through `consent:record` with
// `practice: true`, hang-ups end the run, and the attempt is submitted for scoring.
import { screenLocaleOf, type Locale } from '../../../shared/domain/locale';
import { describe, expect, it } from 'vitest';
import type { PracticeState } from '../../../renderer/state/practice-slice';
import { silentSpeaker, type Speaker } from '../../../renderer/practice/speech';
import { readAloudMs } from '../../../shared/practice/pace';
import { deskStoreFor, fakePracticeBridge } from '../../support/desk-store';
import { idFactory, rawScenario, requireScript, T0 } from './fixtures';

type PracticeStore = { getState(): PracticeState };

const trainee = { id: 'user-agent1', name: '김하준' };

function harness(speaker: Speaker = silentSpeaker) {
  let now = T0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let timerId = 0;
  const { bridge, recorded, submitted } = fakePracticeBridge({ revision: 3, scenarioOf: rawScenario, updatedAt: new Date(T0).toISOString() });
  const app = deskStoreFor(bridge, {
    scriptFor: requireScript,
    now: () => new Date(now),
    newId: idFactory('0199'),
    schedule: (fn, ms) => {
      const id = ++timerId;
      timers.push({ at: now + ms, fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    speaker,
  });
  /** The practice slice, read like a store of its own. */
  const store: PracticeStore = { getState: () => app.getState().practice };
  /** Moves the virtual clock, firing due timers in time order. */
  const advance = async (ms: number): Promise<void> => {
    const until = now + ms;
    for (;;) {
      const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      now = next.at;
      next.fn();
      await Promise.resolve();
    }
    now = until;
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  /** Waits until the customer has said everything, then one more second (a prompt agent). */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 1200 && store.getState().customerSpeaking; i++) await advance(100);
    await advance(1000);
  };
  /** Chooses `scenarioId`, starts the call and lets the customer finish their first lines. */
  const begin = async (scenarioId: string, locale: Locale): Promise<void> => {
    await store.getState().choose(scenarioId, trainee, locale);
    store.getState().start(trainee, locale);
    await settle();
  };
  /** The customer's lines with when they were said and how long they take (the text mode's reading pace). */
  const said: { text: string; at: number; endsAt: number }[] = [];
  app.subscribe((st, prev) => {
    const locale = screenLocaleOf(st.practice.run?.call.locale ?? 'ko');
    for (const e of st.practice.transcript.slice(prev.practice.transcript.length)) {
      if (e.who === 'customer') said.push({ text: e.text, at: now, endsAt: now + readAloudMs(e.text, locale) });
    }
  });
  return { app, store, recorded, submitted, advance, settle, begin, said, now: () => now, customerLines: (s: PracticeStore) => s.getState().transcript.filter((e) => e.who === 'customer').map((e) => e.text) };
}


describe('practice store (desk)', () => {
  it('a full practice call: same ScriptRun, events through consent:record with practice: true, the customer answers after the pause', async () => {
    const h = harness();
    await h.store.getState().choose('kr-willing', trainee, 'ko');
    expect(h.store.getState()).toMatchObject({ phase: 'briefing', verdict: { allowed: true } });
    h.store.getState().start(trainee, 'ko');
    expect(h.store.getState().phase).toBe('talking');
    expect(h.customerLines(h.store)).toEqual([]);
    await h.advance(500);
    expect(h.customerLines(h.store)).toEqual(['여보세요?']);
    expect(h.store.getState().transcript.at(-1)).toMatchObject({ who: 'agent', text: expect.stringMatching(/^안녕하십니까, 고객님\. 한빛생명 상담원 김하준입니다/) });
    expect(h.store.getState().customerSpeaking).toBe(true);
    await h.settle();
    expect(h.customerLines(h.store)).toEqual(['여보세요?', '네, 말씀하세요.']);
    for (const action of [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'deliver_pitch' }, { type: 'record_outcome', outcome: 'sale' }] as const) {
      await h.store.getState().act(action);
      await h.settle();
    }
    await h.advance(5000);
    expect(h.recorded.map((e) => [e.stepId, e.answer, e.practice])).toEqual([
      ['kr-id', 'confirmed', true],
      ['cg-time', 'yes', true],
      ['kr-source', 'confirmed', true],
      ['kr-mkt', 'yes', true],
      ['pitch', 'delivered', true],
      ['close', 'sale', true],
    ]);
    expect(h.recorded.every((e) => e.sipCallId === undefined && e.leadId === 'practice-lead-kr-willing')).toBe(true);
    // The last words, then the call ends by itself and the attempt is scored and submitted.
    expect(h.customerLines(h.store).at(-1)).toBe('네, 감사합니다. 수고하세요.');
    expect(h.store.getState()).toMatchObject({ phase: 'scored', endReason: 'completed', score: { score: 100, passed: true } });
    expect(h.submitted[0]).toMatchObject({ scenarioId: 'kr-willing', scenarioRevision: 3, locale: 'ko', events: h.recorded });
    expect(h.store.getState().submitError).toMatchObject({ message: 'offline in this test' });
  });

  it('order: acting before the customer answered says the pending line at once and is scored answered-early', async () => {
    const h = harness();
    await h.begin('kr-willing', 'ko');
    await h.store.getState().act({ type: 'confirm' });
    await h.advance(300); // the customer has not answered the time question yet
    expect(h.customerLines(h.store)).not.toContain('네, 잠깐은 괜찮습니다.');
    await h.store.getState().act({ type: 'answer', answerId: 'yes' });
    expect(h.customerLines(h.store)).toContain('네, 잠깐은 괜찮습니다.');
    await h.store.getState().hangUp();
    const s = h.store.getState();
    expect(s).toMatchObject({ phase: 'scored', endReason: 'agent_hung_up' });
    expect(s.score?.steps[1]?.checks.find((c) => c.id === 'order')).toMatchObject({ passed: false, reason: 'answered-early' });
    expect(h.recorded.at(-1)).toMatchObject({ kind: 'aborted', practice: true });
  });

  it('the customer never talks over themselves: each line starts after the one before it ended', async () => {
    const h = harness();
    await h.begin('kr-angry', 'en');
    await h.store.getState().act({ type: 'confirm' });
    await h.settle();
    // "no" to the angry customer: a three-second complaint, then "I'm hanging up" (once it is over).
    await h.store.getState().act({ type: 'answer', answerId: 'no' });
    await h.advance(20_000);
    expect(h.said.map((l) => l.text).slice(-2)).toEqual(["It's not about time, I said never call me again!", "Forget it. I'm hanging up."]);
    for (let i = 1; i < h.said.length; i++) expect(h.said[i]!.at, h.said[i]!.text).toBeGreaterThanOrEqual(h.said[i - 1]!.endsAt);
  });

  it('silence: a trainee who says nothing hears "hello?", then the customer hangs up; the run is aborted and scored as a hang-up', async () => {
    const h = harness();
    await h.begin('kr-willing', 'en');
    await h.store.getState().act({ type: 'confirm' });
    await h.settle();
    expect(h.store.getState().phase).toBe('talking');
    await h.advance(60_000);
    expect(h.customerLines(h.store).slice(-2)).toEqual(['Hello? Are you still there?', "Hello? ... I'll hang up now."]);
    expect(h.store.getState()).toMatchObject({ phase: 'scored', endReason: 'customer_hung_up', score: { customerHungUp: true, passed: false } });
    expect(h.recorded.map((e) => e.kind)).toEqual(['disclosure', 'aborted']);
  });

  it('KR-OPTOUT: the angry customer hangs up after a wrong move; the run is aborted and nothing is sent to the DNC', async () => {
    const h = harness();
    await h.begin('kr-angry', 'en');
    await h.store.getState().act({ type: 'confirm' });
    await h.settle();
    await h.store.getState().act({ type: 'answer', answerId: 'no' });
    // Whatever the trainee presses while the customer says goodbye is not taken.
    await h.store.getState().act({ type: 'confirm' });
    await h.advance(20_000);
    expect(h.customerLines(h.store).slice(-2)).toEqual(["It's not about time, I said never call me again!", "Forget it. I'm hanging up."]);
    expect(h.store.getState()).toMatchObject({ phase: 'scored', endReason: 'customer_hung_up', score: { customerHungUp: true, passed: false } });
    expect(h.recorded.map((e) => e.kind)).toEqual(['disclosure', 'answer', 'aborted']);
    // The desk's real-call opt-out path (leads:optOut) does not exist on the practice bridge at all.
    expect((h.store.getState() as unknown as Record<string, unknown>)['confirmOptOut']).toBeUndefined();
  });

  it('reads the lines aloud only where this computer has a voice for the language, and only when asked', async () => {
    const spoken: string[] = [];
    const h = harness({ hasVoice: (l) => l === 'en', say: (text) => spoken.push(text), cancel: () => undefined });
    await h.begin('kr-willing', 'ko');
    expect(spoken).toEqual([]);
    await h.store.getState().choose('kr-willing', trainee, 'en');
    h.store.getState().setSpeakAloud(false);
    h.store.getState().start(trainee, 'en');
    await h.settle();
    expect(spoken).toEqual([]);
    h.store.getState().setSpeakAloud(true);
    await h.begin('kr-willing', 'en');
    expect(spoken).toEqual(['Hello?', 'Yes, go ahead.']);
  });
});
