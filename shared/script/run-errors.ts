import type { Fact } from './definition';

/**
 * Why a ScriptRun refused an action. A refused action changes nothing: no event, no state change.
 * `code` is stable for the UI and tests; CG-PITCH-LOCK refusals carry the rule id as their code.
 */
export class ScriptRunError extends Error {
  override readonly name: string = 'ScriptRunError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The run is in a final state (completed, opted out, refused, aborted): nothing more can happen. */
export class RunFinishedError extends ScriptRunError {
  override readonly name = 'RunFinishedError';
  constructor(state: string) {
    super('run-finished', `the run has ended (${state}); no further action is possible`);
  }
}

/** The action does not fit the current step (e.g. an answer while a disclosure is on screen). */
export class ActionNotAvailableError extends ScriptRunError {
  override readonly name = 'ActionNotAvailableError';
  constructor(action: string, state: string, stepId: string) {
    super('action-not-available', `"${action}" is not available in state ${state} (step "${stepId}")`);
  }
}

/** The action object itself is malformed (unknown type, bad field). */
export class InvalidActionError extends ScriptRunError {
  override readonly name = 'InvalidActionError';
  constructor(detail: string) {
    super('invalid-action', `invalid action: ${detail}`);
  }
}

/** The answer id is not one of the current question's answers. */
export class UnknownAnswerError extends ScriptRunError {
  override readonly name = 'UnknownAnswerError';
  constructor(answerId: string, stepId: string, allowed: readonly string[]) {
    super('unknown-answer', `question "${stepId}" has no answer "${answerId}" (allowed: ${allowed.join(', ')})`);
  }
}

/** The outcome is not one the current outcome step allows. */
export class OutcomeNotAllowedError extends ScriptRunError {
  override readonly name = 'OutcomeNotAllowedError';
  constructor(outcome: string, stepId: string, allowed: readonly string[]) {
    super('outcome-not-allowed', `step "${stepId}" does not allow outcome "${outcome}" (allowed: ${allowed.join(', ')})`);
  }
}

/** CG-PITCH-LOCK: the pitch needs these facts answered yes in this call first. */
export class PitchLockedError extends ScriptRunError {
  override readonly name = 'PitchLockedError';
  constructor(
    readonly missing: readonly Fact[],
    stepId: string,
  ) {
    super('CG-PITCH-LOCK', `the pitch "${stepId}" is locked until ${missing.join(' and ')} are answered yes in this call`);
  }
}

/** KR-3P: a sale hands the person's data to the campaign's recipients, so it needs the provision consent first. */
export class SaleLockedError extends ScriptRunError {
  override readonly name = 'SaleLockedError';
  constructor(stepId: string) {
    super('KR-3P', `a sale at "${stepId}" hands the person's data to the campaign's recipients: ask the third-party-provision consent first`);
  }
}

/** A proposed event is still waiting to be made durable and committed (or discarded). */
export class EventPendingError extends ScriptRunError {
  override readonly name = 'EventPendingError';
  constructor(eventId: string) {
    super('event-pending', `event ${eventId} is pending: commit or discard it before proposing another action`);
  }
}

/** commit/discard got an event this run did not propose, or that is no longer pending. */
export class ForeignEventError extends ScriptRunError {
  override readonly name = 'ForeignEventError';
  constructor(eventId: string, why: string) {
    super('foreign-event', `event ${eventId} cannot be committed: ${why}`);
  }
}
