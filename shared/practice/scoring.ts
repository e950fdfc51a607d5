import { screenLocaleOf } from '../domain/locale';
import type { LocalizedText } from '../domain/locale';
import type { ScriptDefinition, ScriptStep } from '../script/definition';
import { formatConsentDate } from '../script/render';
import type { ScriptAction } from '../script/script-run';
import { actionKey } from './action-key';
import type { RunView } from './customer';
import { textCustomerClock, voiceCustomerClock, type CustomerClock } from './customer-clock';
import { feedbackText, wrongOutcomeText } from './feedback';
import { minReadMs, SLOW_RESPONSE_MS } from './pace';
import type { PracticeSetup } from './practice-call';
import { replayAttempt, type ReplayedStep } from './replay';
import type { Scenario, ScenarioStep } from './scenario';
import { FIRST_WORD_MS, speechTiming, type SpeechTiming, type VoiceCallFacts } from './voice-facts';
import { PASS_SCORE, SEVERITY_WEIGHT, type CheckId, type CheckResult, type PracticeScore, type Severity, type StepScore } from './score';

/** What a practice attempt is scored from. */
export interface ScoreInput {
  readonly scenario: Scenario;
  readonly script: ScriptDefinition;
  /** The practice call as built for the attempt (same locale, agent and start as on the desk). */
  readonly setup: PracticeSetup;
  /** The attempt's ConsentEvents in seq order (as recorded; validated by replay). */
  readonly events: readonly unknown[];
  /** When the practice call was answered (ISO instant). */
  readonly startedAt: string;
  /** When it ended (ISO instant). */
  readonly endedAt: string;
  /**
   * A voice attempt: what the practice line observed (issue 17). Its clock replaces the model's: when
   * the customer actually said each line, when each action reached the line, whether the customer hung
   * up; and the timing of speech is scored.
   */
  readonly voice?: VoiceCallFacts | undefined;
}

const SOURCE_RULE = 'KR-SOURCE';

function check(id: CheckId, passed: boolean, severity: Severity, reason: string, ruleIds: readonly string[], feedback?: LocalizedText): CheckResult {
  return { id, passed, severity, reason, ruleIds: [...ruleIds], feedback: feedback ?? feedbackText(id, reason) };
}

/** Which check judges the action at a scenario step: by what the customer asked for there. */
function categoryOf(entry: ScenarioStep): { id: CheckId; severity: Severity } {
  if (entry.expect.includes('opt_out')) return { id: 'opt-out-honoured', severity: 'critical' };
  if (entry.moment === 'refuses_consent') return { id: 'refusal-honoured', severity: 'critical' };
  if (entry.moment === 'no_time') return { id: 'time-respected', severity: 'critical' };
  return { id: 'answer-matches', severity: 'major' };
}

/** The yes/no an answer action gives its question's fact, if any. */
function answerValue(step: ScriptStep | undefined, action: ScriptAction): 'yes' | 'no' | undefined {
  if (action.type !== 'answer' || step?.kind !== 'question') return undefined;
  return step.answers.find((a) => a.id === action.answerId)?.value;
}

/** The check of the action at a step the scenario has an entry for. */
function expectationCheck(entry: ScenarioStep, step: ScriptStep | undefined, action: ScriptAction, profileOptOutRule: string): CheckResult {
  const key = actionKey(action);
  const { id, severity } = categoryOf(entry);
  const rules = id === 'opt-out-honoured' ? [profileOptOutRule] : id === 'refusal-honoured' ? ['KR-MKT'] : id === 'time-respected' ? ['CG-TIME'] : (step?.ruleIds ?? []);
  if (entry.expect.includes(key)) return check(id, true, severity, 'ok', rules);
  if (id === 'opt-out-honoured') {
    return action.type === 'refuse' ? check(id, false, 'major', 'refused-instead', rules) : check(id, false, 'critical', 'continued', rules);
  }
  if (action.type === 'opt_out' || action.type === 'refuse') return check('answer-matches', false, 'minor', 'not-requested', step?.ruleIds ?? []);
  const value = answerValue(step, action);
  if (id === 'refusal-honoured') return value === 'yes' ? check(id, false, 'critical', 'consent-recorded', rules) : check(id, false, 'major', 'wrong-answer', rules);
  if (id === 'time-respected' && value === 'yes') return check(id, false, 'critical', 'pushed-on', rules);
  return check('answer-matches', false, 'major', 'wrong-answer', step?.ruleIds ?? []);
}

/**
 * Scores a practice attempt: replays its events through the script engine (throws PracticeReplayError
 * when they are not what the engine emits), follows the customer's clock (text: the simulated customer
 * and its timing replayed on the events' times; voice: what the practice line observed) to know when
 * each answer was given and whether the customer hung up, then checks every step and the call as a
 * whole (and, by voice, the timing of speech).
 */
export function scoreAttempt(input: ScoreInput): PracticeScore {
  const { scenario, script, setup } = input;
  const locale = screenLocaleOf(setup.call.locale);
  const { steps, run } = replayAttempt(setup, script, input.events);
  const stepDefs = new Map(script.steps.map((s) => [s.id, s]));
  const optOutRule = script.optOut.ruleIds[0] ?? 'KR-OPTOUT';
  const voice = input.voice;
  const t0 = Date.parse(voice?.answeredAt ?? input.startedAt);
  const view = (i: number): RunView => {
    const r = steps[i] as ReplayedStep;
    const next = steps[i + 1];
    return { snapshot: () => r.after, prompt: next ? next.prompt : run.prompt };
  };
  const first: RunView = { snapshot: () => steps[0]?.before ?? run.snapshot(), prompt: steps[0]?.prompt ?? run.prompt };
  const voiceClock = voice ? voiceCustomerClock(voice, t0) : undefined;
  const clock: CustomerClock = voiceClock ?? textCustomerClock({ scenario, script, locale, t0, first });

  let prevAt = t0;
  const out: StepScore[] = [];
  steps.forEach((r, i) => {
    const at = voiceClock?.eventAt(r.event.seq) ?? Date.parse(r.event.occurredAt);
    const stepId = r.before.stepId;
    const step = stepDefs.get(stepId);
    const entry = scenario.steps[stepId];
    const customerAt = clock.answerAt(stepId, prevAt, at);
    const hungUpBefore = clock.hangingUpBy(at);
    const checks: CheckResult[] = [];
    const rules = step?.ruleIds ?? [];
    if (!hungUpBefore) {
      if (r.event.kind === 'answer' && customerAt !== undefined) {
        const early = customerAt === 'pending' || at < customerAt;
        checks.push(check('order', !early, 'major', early ? 'answered-early' : 'ok', rules));
        if (!early) {
          const slow = at - customerAt > SLOW_RESPONSE_MS;
          checks.push(check('response-time', !slow, 'minor', slow ? 'slow' : 'ok', rules));
        }
      }
      if (r.event.kind === 'disclosure') {
        const rushed = at - prevAt < minReadMs(r.prompt, locale);
        checks.push(check('disclosure-read', !rushed, 'major', rushed ? 'rushed' : 'ok', rules));
      }
      if (entry) checks.push(expectationCheck(entry, step, r.action, optOutRule));
    }
    out.push({
      seq: r.event.seq,
      stepId,
      stepKind: step?.kind ?? 'disclosure',
      ruleIds: [...rules],
      action: actionKey(r.action),
      expected: entry ? [...entry.expect] : null,
      ...(entry?.moment !== undefined ? { moment: entry.moment } : {}),
      startedAtMs: Math.max(0, prevAt - t0),
      durationMs: Math.max(0, at - prevAt),
      ...(typeof customerAt === 'number' ? { customerAtMs: Math.max(0, customerAt - t0) } : {}),
      checks,
    });
    clock.acted(r, at, view(i));
    prevAt = at;
  });

  const endedAt = Date.parse(voice?.endedAt ?? input.endedAt);
  const hungUp = clock.hungUp(endedAt);
  const speech = voice ? speechTiming(voice) : null;
  const callChecks = [...callLevelChecks(input, steps, out, run.outcome?.code ?? null, hungUp), ...speechChecks(speech)];
  const all = [...out.flatMap((s) => s.checks), ...callChecks];
  const total = all.reduce((n, c) => n + SEVERITY_WEIGHT[c.severity], 0);
  const got = all.reduce((n, c) => n + (c.passed ? SEVERITY_WEIGHT[c.severity] : 0), 0);
  const score = total === 0 ? 0 : Math.round((100 * got) / total);
  const critical = all.some((c) => !c.passed && c.severity === 'critical');
  return {
    score,
    passed: score >= PASS_SCORE && !critical,
    outcome: run.outcome?.code ?? null,
    customerHungUp: hungUp,
    durationMs: Math.max(0, endedAt - t0),
    speech,
    steps: out,
    callChecks,
    improvements: improvements(all),
    strengths: strengths(all),
  };
}

function callLevelChecks(input: ScoreInput, steps: readonly ReplayedStep[], scored: readonly StepScore[], outcome: PracticeScore['outcome'], hungUp: boolean): CheckResult[] {
  const { scenario, script, setup } = input;
  const checks: CheckResult[] = [];
  const isSource = (r: ReplayedStep) => r.event.kind === 'disclosure' && r.event.ruleIds.includes(SOURCE_RULE);
  const sourceIndex = steps.findIndex(isSource);
  const scriptHasSource = script.steps.some((s) => s.ruleIds.includes(SOURCE_RULE));

  // The customer asked where the number came from: the source notice must follow, read in full.
  const askedAt = steps.findIndex((r) => scenario.steps[r.before.stepId]?.moment === 'asks_source');
  if (askedAt >= 0 && scriptHasSource) {
    const given = steps.findIndex((r, i) => i >= askedAt && isSource(r));
    const rushed = given >= 0 && scored[given]?.checks.some((c) => c.id === 'disclosure-read' && !c.passed);
    const reason = given < 0 ? 'not-given' : rushed ? 'rushed' : 'ok';
    checks.push(check('source-answered', reason === 'ok', 'major', reason, [SOURCE_RULE]));
  }

  const pitchIndex = steps.findIndex((r) => r.event.kind === 'pitch');
  if (pitchIndex >= 0 && scriptHasSource) {
    const ok = sourceIndex >= 0 && sourceIndex < pitchIndex;
    checks.push(check('source-before-pitch', ok, 'critical', ok ? 'ok' : 'missing', [SOURCE_RULE]));
  }

  const source = setup.lead.source;
  const sourceEvent = steps[sourceIndex]?.event;
  if (source.kind === 'third_party' && sourceEvent) {
    const date = formatConsentDate(source.consentDate, setup.call.locale, setup.call.calleeTimeZone);
    const ok = sourceEvent.promptText.includes(source.providerName) && sourceEvent.promptText.includes(date);
    checks.push(check('source-explained', ok, 'major', ok ? 'ok' : 'missing', ['KR-3P', SOURCE_RULE]));
  }

  if (hungUp) checks.push(check('outcome', false, 'major', 'hung-up', []));
  else if (outcome === null) checks.push(check('outcome', false, 'major', 'unfinished', []));
  else if (scenario.expectOutcome.includes(outcome)) checks.push(check('outcome', true, 'major', 'ok', []));
  else checks.push(check('outcome', false, 'major', 'wrong-outcome', [], wrongOutcomeText(outcome, scenario.expectOutcome)));
  return checks;
}

/** The timing of speech of a voice attempt, where it was measurable. */
function speechChecks(speech: SpeechTiming | null): CheckResult[] {
  if (!speech) return [];
  const out: CheckResult[] = [];
  if (speech.firstWordMs === null) out.push(check('first-word', false, 'minor', 'silent', []));
  else out.push(check('first-word', speech.firstWordMs <= FIRST_WORD_MS, 'minor', speech.firstWordMs <= FIRST_WORD_MS ? 'ok' : 'slow', []));
  out.push(check('talk-over', speech.talkOverCount === 0, 'minor', speech.talkOverCount === 0 ? 'ok' : 'talked-over', []));
  return out;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { critical: 0, major: 1, minor: 2 };

/** One text per kind of mistake, the most serious first. */
function improvements(all: readonly CheckResult[]): LocalizedText[] {
  const seen = new Set<string>();
  return all
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !c.passed)
    .sort((a, b) => SEVERITY_ORDER[a.c.severity] - SEVERITY_ORDER[b.c.severity] || a.i - b.i)
    .filter(({ c }) => {
      const k = `${c.id}/${c.reason}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map(({ c }) => c.feedback);
}

/** One text per kind of check that always passed. */
function strengths(all: readonly CheckResult[]): LocalizedText[] {
  const failed = new Set(all.filter((c) => !c.passed).map((c) => c.id));
  const seen = new Set<CheckId>();
  const out: LocalizedText[] = [];
  for (const c of all) {
    if (!c.passed || failed.has(c.id) || seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c.feedback);
  }
  return out;
}
