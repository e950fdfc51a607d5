import type { CallOutcome } from '../../shared/domain/consent-event';
import { isFinalState, type ScriptRunSnapshot } from '../../shared/script';

/**
 * The call outcomes a finished script run allows: the run decided how the call went (its recorded
 * outcome, `opt_out` after an opt-out, `not_interested` after a refusal), and a run aborted by the
 * call ending allows `dropped` or `failed`. A run still open allows none yet.
 */
export function outcomesAfterRun(s: ScriptRunSnapshot): CallOutcome[] {
  if (!isFinalState(s.state)) return [];
  if (s.state === 'aborted') return ['dropped', 'failed'];
  return s.outcome ? [s.outcome.code] : [];
}
