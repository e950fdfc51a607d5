import { describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { sha256Hex } from '../../../shared/domain/hash';
import { PracticeReplayError } from '../../../shared/practice/replay';
import type { CheckResult, PracticeScore } from '../../../shared/practice/score';
import { scoreAttempt } from '../../../shared/practice/scoring';
import { play, scenario, type PlayOptions, type Played } from './fixtures';

function scored(id: string, o: PlayOptions = {}): { played: Played; score: PracticeScore } {
  const played = play(scenario(id), o);
  const score = scoreAttempt({ scenario: played.scenario, script: played.script, setup: played.setup, events: played.events, startedAt: played.startedAt, endedAt: played.endedAt });
  return { played, score };
}

function checks(score: PracticeScore): CheckResult[] {
  return [...score.steps.flatMap((s) => s.checks), ...score.callChecks];
}

function failed(score: PracticeScore): string[] {
  return checks(score)
    .filter((c) => !c.passed)
    .map((c) => `${c.id}/${c.reason}`);
}

describe('scoring a practice attempt', () => {
  it('every shipped scenario played as expected scores 100 and passes, in ko and en', () => {
    for (const id of ['kr-willing', 'kr-no-time', 'kr-refuses-consent', 'kr-asks-source', 'kr-remove-me', 'kr-angry', 'kr-third-party', 'us-callback', 'us-do-not-call']) {
      for (const locale of ['ko', 'en'] as const) {
        const { score } = scored(id, { locale });
        expect(failed(score), `${id} ${locale}`).toEqual([]);
        expect(score).toMatchObject({ score: 100, passed: true, customerHungUp: false });
        expect(score.improvements).toEqual([]);
        expect(score.strengths.length).toBeGreaterThan(0);
      }
    }
  });

  it('per step: action, expectation, timing relative to the call start, and the rule ids of the step', () => {
    const { score, played } = scored('kr-willing');
    expect(score.steps.map((s) => s.stepId)).toEqual(['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'pitch', 'close']);
    const time = score.steps[1];
    expect(time).toMatchObject({ stepKind: 'question', action: 'answer:yes', expected: ['answer:yes'], ruleIds: ['CG-TIME'] });
    expect(time?.startedAtMs).toBe(Date.parse(played.events[0]?.occurredAt ?? '') - Date.parse(played.startedAt));
    expect((time?.customerAtMs ?? 0) + 1000).toBe((time?.startedAtMs ?? 0) + (time?.durationMs ?? 0));
    expect(score.outcome).toBe('sale');
    expect(score.durationMs).toBe(Date.parse(played.endedAt) - Date.parse(played.startedAt));
  });

  it('KR-OPTOUT: when the customer says "remove me", continuing is a critical failure; the attempt fails', () => {
    const { score } = scored('kr-remove-me', { actions: { 'cg-time': 'answer:yes', 'kr-source': 'confirm', 'kr-mkt': 'opt_out' } });
    expect(failed(score)).toEqual(['opt-out-honoured/continued']);
    const c = score.steps[1]?.checks.find((x) => x.id === 'opt-out-honoured');
    expect(c).toMatchObject({ severity: 'critical', ruleIds: ['KR-OPTOUT'] });
    expect(score.passed).toBe(false);
    expect(score.improvements[0]?.ko).toMatch(/즉시 수신거부로 기록하십시오/);
    expect(score.improvements[0]?.en).toMatch(/Record the opt-out immediately/);
  });

  it('KR-OPTOUT: a refusal instead of the opt-out fails "refused-instead" (the number would not reach the DNC list)', () => {
    const { score } = scored('kr-remove-me', { actions: { 'cg-time': 'refuse' } });
    expect(failed(score)).toEqual(['opt-out-honoured/refused-instead', 'outcome/wrong-outcome']);
    expect(score.outcome).toBe('not_interested');
    expect(score.improvements.map((t) => t.en).join(' ')).toMatch(/does not put the number on the do-not-call list/);
  });

  it('US-IDNC: the US do-not-call request is judged against the US opt-out rule', () => {
    const { score } = scored('us-do-not-call', { actions: { 'us-consent': 'answer:no', 'end-no-consent': 'outcome:refused_consent' } });
    const c = checks(score).find((x) => x.id === 'opt-out-honoured');
    expect(c).toMatchObject({ passed: false, reason: 'continued', ruleIds: ['US-IDNC'] });
  });

  it('KR-MKT: recording "yes" when the customer refused consent is critical (consent-recorded)', () => {
    const { score } = scored('kr-refuses-consent', { actions: { 'kr-mkt': 'answer:yes', pitch: 'deliver_pitch', close: 'outcome:not_interested' } });
    expect(failed(score)).toEqual(['refusal-honoured/consent-recorded', 'outcome/wrong-outcome']);
    expect(score.passed).toBe(false);
    expect(score.improvements[0]?.ko).toMatch(/절대 "예"로 기록하면 안 되며/);
  });

  it('CG-TIME: pushing on after "no time" is critical; recording no_time instead of the asked callback is a wrong outcome', () => {
    const pushed = scored('kr-no-time', { actions: { 'cg-time': 'answer:yes', 'kr-source': 'confirm', 'kr-mkt': 'refuse' } });
    expect(failed(pushed.score)).toContain('time-respected/pushed-on');
    const wrongEnd = scored('kr-no-time', { actions: { 'end-no-time': 'outcome:no_time' } });
    expect(failed(wrongEnd.score)).toEqual(['answer-matches/wrong-answer', 'outcome/wrong-outcome']);
    expect(wrongEnd.score.callChecks.find((c) => c.id === 'outcome')?.feedback.ko).toBe(
      '통화가 "통화 불가"로 끝났지만, 고객이 원하신 결과는 "재통화 약속"이었습니다. 고객의 마지막 말씀에 맞게 결과를 기록하십시오.',
    );
    expect(scored('kr-remove-me', { actions: { 'cg-time': 'refuse' } }).score.callChecks.at(-1)?.feedback.ko).toMatch(/^통화가 "관심 없음"으로 끝났지만, 고객이 원하신 결과는 "수신거부"였습니다/);
  });

  it('order: an answer recorded before the customer gave it fails, even if it is the right answer', () => {
    const { score } = scored('kr-willing', { timing: (stepId, customerAt, minRead) => (stepId === 'cg-time' ? 300 : Math.max(customerAt ?? 0, minRead) + 1000) });
    expect(failed(score)).toEqual(['order/answered-early']);
    expect(score.steps[1]?.checks.find((c) => c.id === 'order')).toMatchObject({ passed: false, ruleIds: ['CG-TIME'] });
    expect(score.score).toBeLessThan(100);
    expect(score.passed).toBe(true);
  });

  it('KR-ID / KR-SOURCE: a disclosure confirmed faster than it can be read aloud is "rushed"', () => {
    const { score } = scored('kr-willing', { timing: (stepId, customerAt, minRead) => (stepId === 'kr-id' ? 800 : Math.max(customerAt ?? 0, minRead) + 1000) });
    expect(failed(score)).toEqual(['disclosure-read/rushed']);
    expect(score.steps[0]?.checks[0]).toMatchObject({ id: 'disclosure-read', ruleIds: ['KR-ID'] });
  });

  it('KR-SOURCE: asked where the number came from, the source notice must be read in full ("rushed" otherwise)', () => {
    const { score } = scored('kr-asks-source', { timing: (stepId, customerAt, minRead) => (stepId === 'kr-source' ? 1000 : Math.max(customerAt ?? 0, minRead) + 1000) });
    expect(failed(score)).toEqual(['disclosure-read/rushed', 'source-answered/rushed']);
    const ok = scored('kr-asks-source').score.callChecks.map((c) => c.id);
    expect(ok).toEqual(['source-answered', 'source-before-pitch', 'outcome']);
  });

  it('KR-SOURCE: asked where the number came from and the agent hangs up before telling: "not-given"', () => {
    const { score } = scored('kr-asks-source', { actions: { 'kr-id': 'refuse' } });
    expect(failed(score)).toEqual(['answer-matches/not-requested', 'source-answered/not-given', 'outcome/wrong-outcome']);
  });

  it('KR-3P: for a provider\'s lead the source notice names the provider and the consent date (source-explained)', () => {
    const { score, played } = scored('kr-third-party');
    const c = score.callChecks.find((x) => x.id === 'source-explained');
    expect(c).toMatchObject({ passed: true, ruleIds: ['KR-3P', 'KR-SOURCE'] });
    const source = played.events.find((e) => e.ruleIds.includes('KR-SOURCE'));
    expect(source?.promptText).toMatch(/다온카드/);
    expect(source?.promptText).toMatch(/2026년 1월 9일/);
  });

  it('the customer hanging up (patience ran out) fails the outcome; the abort after it is not the agent\'s mistake', () => {
    const { score } = scored('kr-angry', { actions: { 'cg-time': 'refuse' } });
    // refuse ends the run: the angry customer's branch line is the last word, no hang-up needed.
    expect(failed(score)).toEqual(['opt-out-honoured/refused-instead', 'outcome/wrong-outcome']);
    const hung = scored('kr-angry', { actions: { 'cg-time': 'answer:no' } });
    expect(hung.score.customerHungUp).toBe(true);
    expect(failed(hung.score)).toEqual(['opt-out-honoured/continued', 'outcome/hung-up']);
    expect(hung.score.steps.at(-1)).toMatchObject({ action: 'abort', checks: [] });
  });

  it('response-time: taking more than 20 s to record what the customer said is a minor failure', () => {
    const { score } = scored('kr-willing', { timing: (stepId, customerAt, minRead) => Math.max(customerAt ?? 0, minRead) + (stepId === 'kr-mkt' ? 25_000 : 1000) });
    expect(failed(score)).toEqual(['response-time/slow']);
    expect(score.steps[3]?.checks.find((c) => c.id === 'response-time')?.severity).toBe('minor');
    expect(score.passed).toBe(true);
  });

  it('improvements come most serious first, one per kind of mistake, in ko and en', () => {
    const { score } = scored('kr-remove-me', {
      actions: { 'cg-time': 'answer:yes', 'kr-source': 'confirm', 'kr-mkt': 'answer:no', 'end-no-consent': 'outcome:refused_consent' },
      timing: (stepId, customerAt, minRead) => (stepId === 'kr-source' ? 100 : Math.max(customerAt ?? 0, minRead) + 1000),
    });
    expect(failed(score)).toEqual(['opt-out-honoured/continued', 'disclosure-read/rushed', 'outcome/wrong-outcome']);
    expect(score.improvements).toHaveLength(3);
    expect(score.improvements[0]?.en).toMatch(/asked to be removed/);
    for (const t of score.improvements) expect(t.ko.length).toBeGreaterThan(10);
  });
});

describe('replay: the events must be what the script engine emits', () => {
  const base = () => play(scenario('kr-willing'));
  const score = (p: Played, events: readonly unknown[]) =>
    scoreAttempt({ scenario: p.scenario, script: p.script, setup: p.setup, events, startedAt: p.startedAt, endedAt: p.endedAt });
  const errorOf = (fn: () => unknown): PracticeReplayError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof PracticeReplayError) return err;
      throw err;
    }
    throw new Error('no error');
  };

  it('CG-PITCH-LOCK: an attempt that skips the consent question to reach the pitch is refused, naming the event', () => {
    const p = base();
    const events = p.events.filter((e) => e.stepId !== 'kr-mkt').map((e, i) => ({ ...e, seq: i }));
    expect(errorOf(() => score(p, events)).path).toBe('events[3]');
  });

  it('a changed answer or a changed prompt text is refused, naming the field', () => {
    const p = base();
    const changed = p.events.map((e, i) => (i === 1 ? { ...e, answer: 'no' } : e));
    // "no" is a real answer, so the run goes elsewhere; the next event no longer fits.
    expect(errorOf(() => score(p, changed)).path).toMatch(/^events\[2\]/);
    const text = '다른 문구';
    const forged = p.events.map((e, i) => (i === 0 ? { ...e, promptText: text, promptSha256: sha256Hex(text) } : e));
    expect(errorOf(() => score(p, forged)).path).toBe('events[0].promptSha256');
  });

  it('only practice events, in seq order', () => {
    const p = base();
    expect(errorOf(() => score(p, p.events.map((e) => ({ ...e, practice: false }) as ConsentEvent))).path).toBe('events[0].practice');
    expect(errorOf(() => score(p, [p.events[1], p.events[0]])).path).toBe('events[0].seq');
    expect(errorOf(() => score(p, [{ hello: 1 }])).path).toMatch(/^events\[0\]/);
  });
});
