import { CALL_OUTCOMES, type CallOutcome, type ConsentEvent, type ConsentEventKind } from '../domain/consent-event';
import type { ProfileId } from '../domain/campaign';
import { consentRuleId } from './profile-rules';
import { ScriptRunError } from './run-errors';
import type { ScriptAction, ScriptRun } from './script-run';

/**
 * Why the server's replay of a call refuses an event or an outcome: the rule of COMPLIANCE.md it would
 * break (`CG-PITCH-LOCK`, `CG-TIME`, `KR-MKT`, `KR-3P`, `KR-OPTOUT`; `CG-SCRIPT` when the script could
 * not have produced it at all) and a sentence naming the step and what was missing.
 */
export interface ReplayRefusal {
  readonly ruleId: string;
  readonly detail: string;
}

const ENDINGS: readonly ConsentEventKind[] = ['opt_out', 'refusal', 'aborted'];

/** The action that emitted an event of `kind` with `answer` (the inverse of ScriptRun's drafts). */
export function actionOfEvent(event: Pick<ConsentEvent, 'kind' | 'answer'>): ScriptAction {
  switch (event.kind) {
    case 'disclosure':
      return { type: 'confirm' };
    case 'answer':
      return { type: 'answer', answerId: event.answer };
    case 'pitch':
      return { type: 'deliver_pitch' };
    case 'outcome':
      return { type: 'record_outcome', outcome: event.answer as CallOutcome };
    case 'opt_out':
      return { type: 'opt_out' };
    case 'refusal':
      return { type: 'refuse' };
    case 'aborted':
      return { type: 'abort' };
  }
}

/**
 * Feeds one received event to `run` (the call's ScriptRun rebuilt from its accepted events): when the
 * script could have produced this event at this point (same script version, the step the run is on, an
 * action the step offers, the consent kind the step records), the run moves on and null is returned;
 * otherwise the run stays where it was and the refusal says which rule the event would break.
 *
 * The judge looks at what happened and in what order (step, kind, answer, consent kind), not at the
 * words: `promptText` is checked against its own SHA-256 by the ingest and kept as sent (the render
 * inputs, lead data and agent name, can change between the desk's render and the ingest).
 */
export function judgeEvent(run: ScriptRun, event: ConsentEvent, profile: ProfileId): ReplayRefusal | null {
  const s = run.snapshot();
  if (event.scriptId !== run.script.id || event.scriptVersion !== run.script.version) {
    return { ruleId: 'CG-SCRIPT', detail: `the call runs script ${run.script.id} v${run.script.version}; the event names ${event.scriptId} v${event.scriptVersion}` };
  }
  if (run.isFinal) {
    if (s.state === 'opted_out') return { ruleId: profileOptOutRule(run), detail: `the customer opted out at step "${s.stepId}"; nothing of the script follows an opt-out` };
    return { ruleId: 'CG-SCRIPT', detail: `the script run ended (${s.state}) at step "${s.stepId}"; no ${event.kind} can follow` };
  }
  if (event.kind === 'pitch') {
    const locked = pitchRefusal(run, profile);
    if (locked) return locked;
  }
  if (event.kind === 'outcome' && !(CALL_OUTCOMES as readonly string[]).includes(event.answer)) {
    return { ruleId: 'CG-SCRIPT', detail: `"${event.answer}" is not a call outcome` };
  }
  // An opt-out, a refusal or a dropped call can happen at any step; one is never refused for naming
  // another step than the server's run is on (the customer's "stop" is evidence wherever it came).
  if (event.stepId !== s.stepId && !ENDINGS.includes(event.kind)) {
    return { ruleId: 'CG-SCRIPT', detail: `the run is at step "${s.stepId}" (${s.state}); a ${event.kind} at step "${event.stepId}" cannot come now` };
  }
  let proposed: ConsentEvent;
  try {
    proposed = run.propose(actionOfEvent(event)).event;
  } catch (err) {
    if (err instanceof ScriptRunError) {
      const ruleId = err.code === 'CG-PITCH-LOCK' || err.code === 'KR-3P' ? err.code : 'CG-SCRIPT';
      return { ruleId, detail: err.message };
    }
    throw err;
  }
  if (proposed.consentKind !== event.consentKind) {
    run.discard(proposed);
    return { ruleId: 'CG-SCRIPT', detail: `step "${s.stepId}" records consent kind ${proposed.consentKind ?? '(none)'}, the event says ${event.consentKind ?? '(none)'}` };
  }
  run.commit(proposed);
  return null;
}

/**
 * CG-PITCH-LOCK and the rules behind it: a pitch needs time permission and the profile's consent
 * answered yes in this call, at a pitch step. A "no" names the rule that answer served (CG-TIME, KR-MKT).
 */
function pitchRefusal(run: ScriptRun, profile: ProfileId): ReplayRefusal | null {
  const facts = run.facts;
  if (facts.time_permission === 'no') return { ruleId: 'CG-TIME', detail: 'the customer said they have no time now; no pitch may follow' };
  if (facts.marketing_consent === 'no') {
    return { ruleId: consentRuleId(profile, 'marketing_call'), detail: 'the customer refused marketing consent in this call; no pitch may follow' };
  }
  const missing = run.missingForPitch;
  if (missing.length > 0) return { ruleId: 'CG-PITCH-LOCK', detail: `the pitch is locked until ${missing.join(' and ')} are answered yes in this call` };
  if (run.currentStep.kind !== 'pitch') return { ruleId: 'CG-SCRIPT', detail: `the run is at step "${run.currentStep.id}", not at a pitch` };
  return null;
}

function profileOptOutRule(run: ScriptRun): string {
  return run.script.optOut.ruleIds[0] ?? 'KR-OPTOUT';
}

/**
 * Whether the call may end with `outcome` given its run: after an opt-out only `opt_out`; never a `sale`
 * without a delivered pitch, after a refusal or an abort, while the third-party provision consent is
 * missing (KR-3P), or when the run recorded another outcome.
 */
export function judgeOutcome(run: ScriptRun, outcome: CallOutcome): ReplayRefusal | null {
  const s = run.snapshot();
  if (s.state === 'opted_out' && outcome !== 'opt_out') {
    return { ruleId: profileOptOutRule(run), detail: `the customer opted out in this call; its outcome is opt_out, not ${outcome}` };
  }
  if (outcome !== 'sale') return null;
  if (s.state === 'refused' || s.state === 'aborted') return { ruleId: 'CG-SCRIPT', detail: `the script run ended ${s.state} at step "${s.stepId}"; no sale after that` };
  if (!run.events.some((e) => e.kind === 'pitch')) {
    return { ruleId: 'CG-PITCH-LOCK', detail: 'no pitch was delivered in this call (or its event has not arrived): a sale needs the pitch first' };
  }
  if (s.state === 'completed' && s.outcome !== null && s.outcome.code !== 'sale') {
    return { ruleId: 'CG-SCRIPT', detail: `the script run recorded the outcome ${s.outcome.code}` };
  }
  if (run.saleLocked) return { ruleId: 'KR-3P', detail: "a sale hands the person's data to the campaign's recipients: the provision consent was not answered yes" };
  return null;
}
