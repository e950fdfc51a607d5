/**
 * Server-side replay (issue 11, decision 0020): events the script could not have produced are kept in
 * `refused_events` with the rule and the reason, in the ledger as `refused_event` entries (tamper-evident
 * like evidence, but never evidence of consent), and the call gets the review flag `refused_events`.
 * A refused event occupies its `seq` in the call (the desk's outbox moves on), so (call_id, seq) is unique
 * here as in consent_events.
 */
export const REPLAY_MIGRATION = {
  name: 'server-replay',
  common: `
CREATE TABLE refused_events (
  event_id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id),
  lead_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  team_id TEXT,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  ledger_seq BIGINT NOT NULL,
  UNIQUE (call_id, seq)
);
CREATE INDEX refused_events_received ON refused_events (received_at);
CREATE INDEX refused_events_team ON refused_events (team_id, received_at);
CREATE INDEX refused_events_ledger ON refused_events (ledger_seq);
ALTER TABLE calls ADD COLUMN flag_refused_events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_rollup ADD COLUMN flag_refused_events INTEGER NOT NULL DEFAULT 0;
`,
} as const;
