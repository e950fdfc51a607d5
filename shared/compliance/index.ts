/**
 * The pre-dial gate (../shared/COMPLIANCE.md, `where` = gate): jurisdiction profiles as data, the pure
 * {@link evaluateGate} function, its input schema and the ko/en texts of its reasons.
 *
 * ```ts
 * const verdict = evaluateGate({ lead, grants, campaign, nationalDnc, internalDnc, attempts, now });
 * if (!verdict.allowed) console.log(formatVerdict(verdict, 'ko'));
 * ```
 */
export type { AttemptRecord, DncLookup, GateInput, Verdict, VerdictReason } from './verdict';
export { evaluateGate } from './gate';
export { GATE_RULE_IDS, type GateRuleId } from './rule-ids';
export {
  DEFAULT_PROFILE_ID,
  JurisdictionProfileSchema,
  KR_PROFILE,
  PROFILES,
  US_PROFILE,
  UK_PROFILE,
  DE_PROFILE,
  profileFor,
  type JurisdictionProfile,
} from './profiles';
export { addDuration, describeDuration, DurationSchema, type Duration } from './duration';
export {
  AttemptRecordSchema,
  DncLookupSchema,
  GateInputSchema,
  GateProfileError,
  checkGateInput,
  type CheckedGateInput,
  type ParsedGateInput,
} from './gate-input';
export { checkDncSnapshot } from './rules/national-dnc';
export { isReconfirmationOverdue, reconfirmationDueAt, reconfirmationDueMs, termsDifferences } from './consent-status';
export { REASON_TEXTS, reason, type ReasonDetail } from './messages';
export { formatReasons, formatVerdict } from './format';
