import { profileFor } from '../../shared/compliance/profiles';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import type { ProfileId } from '../../shared/domain/campaign';
import { reconfirmDueColumn } from './leads';
import { json, text } from './rows';
import type { Sql } from './sql';

/**
 * Compliance completeness (issue 14):
 * - leads keep every zone their number may be in and its US state / Canadian province (the gate's
 *   strictest window, US-RECNOTICE by state);
 * - calls keep the caller ID presented (US-RETAIN);
 * - `notices`: every notice sent to a person (KR-WITHDRAW's result notice), when, to which channel, the
 *   SHA-256 of what was sent and its ledger entry;
 * - `reconfirm_due_at` is recomputed with the one KR-RECONF definition (shared/compliance): calendar
 *   months (29 February + 2 years = 28 February), and only for the kinds the campaign's profile ages.
 */
export const COMPLIANCE_MIGRATION = {
  name: 'compliance-completeness',
  common: `
ALTER TABLE leads ADD COLUMN candidate_time_zones TEXT;
ALTER TABLE leads ADD COLUMN region TEXT;
ALTER TABLE calls ADD COLUMN caller_id TEXT;
CREATE TABLE notices (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  opt_out_id TEXT,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  channel TEXT NOT NULL,
  recipient_masked TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  message_id TEXT,
  sent_at TEXT NOT NULL,
  ledger_seq BIGINT NOT NULL
);
CREATE INDEX notices_opt_out ON notices (opt_out_id);
`,
  /** Recomputes every grant's re-confirmation due date with its campaign's profile. */
  async after(sql: Sql): Promise<void> {
    const rows = await sql.all('SELECT g.id, g.body, c.body AS campaign FROM consent_grants g JOIN leads l ON l.id = g.lead_id JOIN campaigns c ON c.id = l.campaign_id');
    const now = new Date();
    for (const r of rows) {
      const grant = json<ConsentGrant>(r, 'body');
      const profile = profileFor(json<{ profile: ProfileId }>(r, 'campaign').profile);
      await sql.run('UPDATE consent_grants SET reconfirm_due_at = ? WHERE id = ?', [reconfirmDueColumn(grant, profile, now), text(r, 'id')]);
    }
  },
};

/**
 * KR-WITHDRAW notices claimed before they are sent (decision 0025): one row per opt-out being sent by
 * some process, until `claimed_until` (far future once the notice is recorded); deleted when a send failed.
 */
export const NOTICE_CLAIMS_MIGRATION = {
  name: 'notice-claims',
  common: `
CREATE TABLE notice_claims (
  opt_out_id TEXT PRIMARY KEY REFERENCES opt_outs(id),
  claimed_by TEXT NOT NULL,
  claimed_until TEXT NOT NULL
);
`,
};
