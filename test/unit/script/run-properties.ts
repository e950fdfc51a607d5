// Generators, agent behaviour and the invariant checks of the ScriptRun property tests, shared by
// script-run.property.test.ts and pitch-lock-mutation.test.ts (which runs them against mutant engines).
import fc from 'fast-check';
import { CALL_OUTCOMES, ConsentEventSchema, type ConsentEvent } from '../../../shared/domain/consent-event';
import { sha256Hex } from '../../../shared/domain/hash';
import type { LeadSource } from '../../../shared/domain/lead';
import type { Locale } from '../../../shared/domain/locale';
import {
  FACTS,
  PITCH_CORE_FACTS,
  SCRIPT_OUTCOMES,
  type Fact,
  type ScriptDefinition,
  type ScriptStep,
  type YesNo,
} from '../../../shared/script/definition';
import { conditionHolds, renderText } from '../../../shared/script/render';
import type { ProvisionRecipient } from '../../../shared/domain/campaign';
import { PitchLockedError, ScriptRunError } from '../../../shared/script/run-errors';
import { isFinalState, SCRIPT_RUN_TRANSITIONS, type ScriptAction, type ScriptRun, type ScriptRunOptions } from '../../../shared/script/script-run';
import { call, clock, context, idFactory, KR, OWN_SOURCE, RECIPIENTS, THIRD_PARTY_SOURCE, US } from './fixtures';

/** What an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** A ScriptRun class: the real one, or a mutant built by pitch-lock-mutation.test.ts. */
export type RunClass = new (options: ScriptRunOptions) => ScriptRun;

export const RUNS = 10_000;

// ---------------------------------------------------------------------------------------------
// Random step graphs: schema-shaped definitions with arbitrary wiring, pitches reachable with or
// without consent, `requires` possibly empty. loadScript would reject most of them; here they go
// straight into the engine.

const FACT_CHOICES = [undefined, ...FACTS] as const;
const ANSWER_IDS = ['yes', 'no', 'later'];

// A target is mostly the following step (scripts are mostly linear), otherwise any step.
const target = fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.nat(), weight: 2 });
const stepSpec = fc.record({
  kind: fc.constantFrom('disclosure', 'question', 'question', 'question', 'pitch', 'outcome'),
  target,
  fact: fc.constantFrom(...FACT_CHOICES, 'time_permission', 'marketing_consent'),
  answers: fc.array(fc.record({ target, ends: fc.nat({ max: 4 }), value: fc.constantFrom<YesNo>('yes', 'yes', 'no') }), { minLength: 1, maxLength: 3 }),
  requires: fc.subarray([...FACTS]),
  outcomes: fc.subarray([...SCRIPT_OUTCOMES], { minLength: 1 }),
});

function buildScript(specs: ValueOf<typeof stepSpec>[]): ScriptDefinition {
  const n = specs.length;
  const id = (i: number) => `s${i % n}`;
  const to = (i: number, t: number) => id(t < 0 ? i + 1 : t);
  const text = (i: number) => ({ ko: `단계 ${i}: {{agentName}} 상담원입니다.`, en: `Step ${i}: {{companyName}} calling.` });
  const steps = specs.map((spec, i): ScriptStep => {
    const base = { id: id(i), ruleIds: [`CG-S${i}`] };
    switch (spec.kind) {
      case 'disclosure':
        return { ...base, kind: 'disclosure', text: text(i), next: to(i, spec.target) };
      case 'pitch':
        return { ...base, kind: 'pitch', text: text(i), requires: spec.requires, next: to(i, spec.target) };
      case 'outcome':
        return { ...base, kind: 'outcome', text: text(i), outcomes: spec.outcomes };
      default:
        return {
          ...base,
          kind: 'question',
          prompt: text(i),
          ...(spec.fact !== undefined ? { fact: spec.fact } : {}),
          ...(spec.fact === 'marketing_consent' ? { consentKind: 'marketing_call' as const, grantedBy: ['yes'] } : {}),
          answers: spec.answers.map((a, j) => ({
            id: ANSWER_IDS[j] ?? `a${j}`,
            label: { ko: `답 ${j}`, en: `answer ${j}` },
            ...(spec.fact !== undefined ? { value: a.value } : {}),
            ...(a.ends === 0 ? { outcome: 'not_interested' as const } : { next: to(i, a.target) }),
          })),
        };
    }
  });
  return {
    id: 'random',
    version: 3,
    profile: 'KR',
    title: { ko: '무작위', en: 'random' },
    start: 's0',
    steps,
    optOut: { text: { ko: '수신거부 처리해 드리겠습니다.', en: 'You are opted out.' }, ruleIds: ['KR-OPTOUT'] },
    refusal: { text: { ko: '알겠습니다.', en: 'Understood.' }, ruleIds: [] },
  };
}

// Half of the graphs open like a real script (a time question, a consent question, a pitch; the
// answers still wired at random, the pitch's requires random), so that unlocked pitches are reached often as well as locked ones.
export const randomScript = fc.tuple(fc.boolean(), fc.array(stepSpec, { minLength: 3, maxLength: 7 })).map(([opening, specs]) =>
  buildScript(
    opening
      ? specs.map((spec, i) =>
          i === 0
            ? { ...spec, kind: 'question', fact: 'time_permission' }
            : i === 1
              ? { ...spec, kind: 'question', fact: 'marketing_consent' }
              : i === 2
                ? { ...spec, kind: 'pitch' }
                : spec,
        )
      : specs,
  ),
);
export const defaultScript = fc.constantFrom(KR, US);

// ---------------------------------------------------------------------------------------------
// Agent behaviour: mostly a step the UI offers, sometimes an ending, sometimes anything at all
// (wrong step kinds, unknown answers, pitches while locked, malformed actions).

const NOISE: ScriptAction[] = [
  { type: 'confirm' },
  { type: 'answer', answerId: 'yes' },
  { type: 'answer', answerId: 'no' },
  { type: 'answer', answerId: 'bogus' },
  { type: 'deliver_pitch' },
  ...CALL_OUTCOMES.map((outcome) => ({ type: 'record_outcome', outcome }) as const),
  { type: 'record_outcome', outcome: 'sale', callbackAt: '2025-06-02T09:00:00Z' },
  { type: 'teleport' } as unknown as ScriptAction,
];

export const move = fc.record({
  how: fc.oneof({ arbitrary: fc.constant('step' as const), weight: 14 }, { arbitrary: fc.constant('end' as const), weight: 1 }, { arbitrary: fc.constant('any' as const), weight: 5 }),
  pick: fc.nat(),
});

const ENDINGS = new Set(['opt_out', 'refuse', 'abort']);

function chooseAction(run: ScriptRun, m: ValueOf<typeof move>): ScriptAction {
  const available = run.availableActions;
  const steps = available.filter((a) => !ENDINGS.has(a.type));
  const endings = available.filter((a) => ENDINGS.has(a.type));
  if (m.how === 'step' && steps.length > 0) return steps[m.pick % steps.length] as ScriptAction;
  if (m.how === 'end' && endings.length > 0) return endings[m.pick % endings.length] as ScriptAction;
  return NOISE[m.pick % NOISE.length] as ScriptAction;
}

// ---------------------------------------------------------------------------------------------
// The oracle: facts recomputed from the run's own events and the definition, never from run.facts.

/** Facts answered in this run, replayed from its answer events. */
export function factsFromEvents(script: ScriptDefinition, events: readonly ConsentEvent[]): Partial<Record<Fact, YesNo>> {
  const facts: Partial<Record<Fact, YesNo>> = {};
  for (const e of events) {
    if (e.kind !== 'answer') continue;
    const step = script.steps.find((s) => s.id === e.stepId);
    if (step?.kind !== 'question' || step.fact === undefined) continue;
    const value = step.answers.find((a) => a.id === e.answer)?.value;
    if (value !== undefined) facts[step.fact] = value;
  }
  return facts;
}

/** Why a pitch event at this point of the trace breaks CG-PITCH-LOCK, or undefined if it does not. */
export function pitchViolation(script: ScriptDefinition, events: readonly ConsentEvent[], pitch: ConsentEvent): string | undefined {
  const step = script.steps.find((s) => s.id === pitch.stepId);
  const facts = factsFromEvents(script, events);
  const needed = [...PITCH_CORE_FACTS, ...(step?.kind === 'pitch' ? step.requires : [])];
  const missing = needed.filter((f) => facts[f] !== 'yes');
  return missing.length > 0 ? `pitch at ${pitch.stepId} with ${missing.join(', ')} not yes (facts ${JSON.stringify(facts)})` : undefined;
}

/** The texts a run must show, rendered by the test once per (script, locale, source). */
const promptCache = new WeakMap<ScriptDefinition, Map<string, Map<string, string>>>();
function expectedPrompts(script: ScriptDefinition, locale: Locale, source: LeadSource, recipients: readonly ProvisionRecipient[]): Map<string, string> {
  let byKey = promptCache.get(script);
  if (!byKey) promptCache.set(script, (byKey = new Map()));
  const key = `${locale}|${source.kind}|${recipients.length}`;
  let texts = byKey.get(key);
  if (!texts) {
    const ctx = { ...context(source, recipients), calleeTimeZone: 'Asia/Seoul' };
    texts = new Map([
      ['opt_out', renderText(script.optOut.text, locale, ctx, 'optOut.text')],
      ['refusal', renderText(script.refusal.text, locale, ctx, 'refusal.text')],
    ]);
    for (const step of script.steps) {
      // A step read only under a condition that does not hold is never shown (nor rendered).
      if ((step.kind === 'disclosure' || step.kind === 'question') && step.onlyIf !== undefined && !conditionHolds(step.onlyIf, ctx)) continue;
      texts.set(`step:${step.id}`, renderText(step.kind === 'question' ? step.prompt : step.text, locale, ctx, step.id));
    }
    byKey.set(key, texts);
  }
  return texts;
}

/** A cheap assertion for the hot loop (vitest's expect costs more than the engine under test). */
function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export interface Coverage {
  pitches: number;
  lockedPitchAttempts: number;
  refused: number;
  /** Sales recorded with recipients (after the provision consent). */
  sales: number;
  finals: Record<string, number>;
}

/** Runs one action sequence, asserting every invariant at every step. */
export function drive(Run: RunClass, script: ScriptDefinition, locale: Locale, thirdParty: boolean, moves: readonly ValueOf<typeof move>[], cov: Coverage, parseEvery: boolean): void {
  const source = thirdParty ? THIRD_PARTY_SOURCE : OWN_SOURCE;
  // A provider's lead called by an agency: a sale hands the data to the recipients (KR-3P).
  const recipients = thirdParty ? RECIPIENTS : [];
  const prompts = expectedPrompts(script, locale, source, recipients);
  const run = new Run({ script, call: call(locale), context: context(source, recipients), now: clock(), newId: idFactory() });
  for (const m of moves) {
    const before = run.snapshot();
    const eventsBefore = run.events;
    const available = run.availableActions;

    if (!isFinalState(before.state)) {
      // KR-OPTOUT: opt-out and refusal exist in every non-final state and lead to a final state.
      for (const ending of ['opt_out', 'refuse', 'abort'] as const) {
        check(available.some((a) => a.type === ending), `${ending} not available in ${before.state}`);
      }
      for (const [ending, final] of [['opt_out', 'opted_out'], ['refuse', 'refused']] as const) {
        const p = run.propose({ type: ending });
        check(p.next.state === final && isFinalState(p.next.state) && p.next.outcome !== null, `${ending} led to ${p.next.state}`);
        run.discard(p.event);
      }
      check(run.snapshot() === before, 'a discarded proposal changed the run');
    } else {
      check(available.length === 0, `actions available in final state ${before.state}`);
      check(before.outcome !== null, 'a final state without an outcome');
    }

    const action = chooseAction(run, m);
    let proposal;
    try {
      proposal = run.propose(action);
    } catch (err) {
      // Rejected: a specific error, and nothing changed.
      check(err instanceof ScriptRunError, `not a ScriptRunError: ${String(err)}`);
      if (action.type === 'deliver_pitch' && before.state === 'pitch_locked') {
        check(err instanceof PitchLockedError, `locked pitch refused with ${err.name}`);
        cov.lockedPitchAttempts += 1;
      }
      cov.refused += 1;
      check(run.snapshot() === before, `rejected ${action.type} changed the state`);
      check(run.events.length === eventsBefore.length && run.pending === undefined, `rejected ${action.type} left an event`);
      continue;
    }

    // Proposed: exactly one event, correct evidence, nothing moved yet.
    const { event, next } = proposal;
    check(run.snapshot() === before && run.events.length === eventsBefore.length, 'propose moved the run');
    check(event.seq === before.seq && event.seq === eventsBefore.length, `seq ${event.seq} after ${eventsBefore.length} events`);
    check(event.stepId === before.stepId, `event step ${event.stepId} but run at ${before.stepId}`);
    check(event.scriptId === script.id && event.scriptVersion === script.version, 'wrong script id/version');
    const expected = prompts.get(event.kind === 'opt_out' || event.kind === 'refusal' ? event.kind : `step:${event.stepId}`);
    check(event.promptText === expected, `prompt of ${event.kind} at ${event.stepId} is not the rendered text`);
    check(event.promptSha256 === sha256Hex(event.promptText), 'promptSha256 is not the SHA-256 of promptText');
    check(event.locale === locale, 'wrong locale');
    if (parseEvery) check(ConsentEventSchema.safeParse(event).success, 'event does not match ConsentEventSchema');
    check(SCRIPT_RUN_TRANSITIONS[before.state][action.type]?.includes(next.state) === true, `${before.state} -${action.type}-> ${next.state} is not an allowed transition`);
    check(next.seq === before.seq + 1, 'next seq');

    // CG-PITCH-LOCK: a pitch event only when this run's own answers made time, consent and requires yes.
    if (event.kind === 'pitch') {
      const violation = pitchViolation(script, eventsBefore, event);
      check(violation === undefined, violation ?? '');
      cov.pitches += 1;
    }

    // KR-3P: with recipients, a sale only after this run's provision consent was answered yes.
    if (next.outcome?.code === 'sale' && recipients.length > 0) {
      check(next.facts.provision_consent === 'yes', `a sale at ${event.stepId} without the provision consent`);
      cov.sales += 1;
    }

    run.commit(event);
    check(run.snapshot() === next, 'commit did not move to the proposed state');
    const after = run.events;
    check(after.length === eventsBefore.length + 1 && after.at(-1) === event, 'commit did not record exactly the proposed event');
    if (isFinalState(next.state)) cov.finals[next.state] = (cov.finals[next.state] ?? 0) + 1;
  }
  run.events.forEach((e, i) => check(e.seq === i, `event ${i} has seq ${e.seq}`));
}

export const newCoverage = (): Coverage => ({ pitches: 0, lockedPitchAttempts: 0, refused: 0, sales: 0, finals: {} });
export const locales = fc.constantFrom<Locale>('ko', 'en');
