/**
 * Call recordings (issue 15): one row per call that had a recording decision. The audio itself is a
 * file, encrypted at rest (server/recording/envelope.ts); the row holds its SHA-256 (plain and stored),
 * time range, waveform peaks, retention date and the ledger entries of its storage and its deletion.
 */
export const RECORDINGS_MIGRATION = {
  name: 'recordings',
  common: `
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL UNIQUE REFERENCES calls(id),
  lead_id TEXT NOT NULL,
  team_id TEXT,
  profile TEXT NOT NULL,
  state TEXT NOT NULL,
  media_call_id TEXT NOT NULL,
  permission_event_id TEXT,
  stop_reason TEXT,
  stop_requested_at TEXT,
  requested_at TEXT NOT NULL,
  directions TEXT,
  started_at TEXT,
  ended_at TEXT,
  duration_ms INTEGER,
  sample_rate INTEGER,
  channels TEXT,
  file_path TEXT,
  plain_size BIGINT,
  sha256 TEXT,
  stored_sha256 TEXT,
  key_id TEXT,
  peaks TEXT,
  retain_until TEXT,
  ledger_seq BIGINT,
  failure TEXT,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  deletion_ledger_seq BIGINT
);
CREATE INDEX recordings_state ON recordings (state, updated_at);
CREATE INDEX recordings_retain ON recordings (retain_until) WHERE state = 'stored';
CREATE INDEX recordings_lead ON recordings (lead_id);
CREATE INDEX recordings_ledger ON recordings (ledger_seq);
CREATE INDEX recordings_deletion_ledger ON recordings (deletion_ledger_seq);
`,
} as const;
