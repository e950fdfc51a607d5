/**
 * A "no" to a consent question is recorded as a refusal of its own (decision 0054), with its ledger entry
 * (`consent_refused`). Refusals recorded before it, as a grant withdrawn the moment it was given, stay in
 * `consent_grants` as they were (no row is moved or rewritten, the ledger is untouched): readers recognise
 * them by their marks (`legacyRefusalOf`, shared/domain/consent-refusal.ts) and read them as refusals.
 */
export const CONSENT_REFUSALS_MIGRATION = {
  name: 'consent-refusals',
  common: `
CREATE TABLE consent_refusals (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  refused_at TEXT NOT NULL,
  call_id TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  ledger_seq BIGINT NOT NULL
);
CREATE INDEX consent_refusals_lead ON consent_refusals (lead_id);
CREATE INDEX consent_refusals_ledger ON consent_refusals (ledger_seq);
`,
} as const;
