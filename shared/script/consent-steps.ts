import type { ConsentKind } from '../domain/consent-grant';
import type { Fact, QuestionStep, ScriptStep } from './definition';

/**
 * Consent questions (DESIGN.md "ConsentGrant"): a question step with `consentKind` and `grantedBy`.
 *
 * ```json
 * { "kind": "question", "id": "kr-mkt", "fact": "marketing_consent",
 *   "consentKind": "marketing_call", "grantedBy": ["yes"], "answers": [ ...yes..., ...no... ] }
 * ```
 * The answers listed in `grantedBy` grant the consent; every other answer refuses it. One definition,
 * read by the loader (which checks the declaration), the ScriptRun (which stamps `consentKind` on the
 * events) and the server (which grants or withdraws the consent when it replays the call).
 */

/**
 * The fact a consent kind sets when the script depends on it (the pitch `requires` it, or a sale needs
 * it). A question setting one of these facts must declare the matching consentKind, and vice versa.
 */
export const CONSENT_FACTS: Readonly<Partial<Record<ConsentKind, Fact>>> = Object.freeze({
  marketing_call: 'marketing_consent',
  recording: 'recording_consent',
  third_party_provision: 'provision_consent',
});

/** The consent kind whose question sets `fact`, when `fact` is a consent fact. */
export function consentKindOfFact(fact: Fact): ConsentKind | undefined {
  for (const [kind, f] of Object.entries(CONSENT_FACTS)) if (f === fact) return kind as ConsentKind;
  return undefined;
}

/** A question step that declares a consent (`consentKind` + `grantedBy`). */
export type ConsentStep = QuestionStep & { readonly consentKind: ConsentKind; readonly grantedBy: readonly string[] };

/** True when `step` is a consent question with its declaration. */
export function isConsentStep(step: ScriptStep): step is ConsentStep {
  return step.kind === 'question' && step.consentKind !== undefined && step.grantedBy !== undefined;
}

/** What an answer does to the consent of its question: `granted`, `refused`, or undefined (not a consent question). */
export type ConsentEffect = 'granted' | 'refused';

/**
 * The effect of answering `answerId` at `step`: `granted` when the answer is in `grantedBy`, `refused`
 * for any other answer of a consent question, undefined for a step that declares no consent.
 */
export function consentEffect(step: ScriptStep, answerId: string): ConsentEffect | undefined {
  if (!isConsentStep(step)) return undefined;
  return step.grantedBy.includes(answerId) ? 'granted' : 'refused';
}
