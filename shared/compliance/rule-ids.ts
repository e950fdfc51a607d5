/**
 * The rule ids the pre-dial gate reports, as written in ../shared/COMPLIANCE.md (`where` = gate), plus
 * `CG-INPUT`: the gate could not judge because its input was malformed (never "allowed").
 */
export const GATE_RULE_IDS = [
  'KR-CONSENT',
  'KR-NIGHT',
  'KR-RECONF',
  'KR-3P',
  'KR-DNC',
  'CG-ATTEMPTS',
  'US-HOURS',
  'US-NDNC',
  'US-IDNC',
  'UK-TPS',
  'DE-CONSENT',
  'CG-INPUT',
] as const;

/** One of {@link GATE_RULE_IDS}. */
export type GateRuleId = (typeof GATE_RULE_IDS)[number];
