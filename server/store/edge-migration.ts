/**
 * The SIP edge contract (issue 10, decision 0010):
 * - `dial_tokens`: one per allowed dial attempt, stored as the SHA-256 of the token, bound to the
 *   attempt, the lead, the agent and the session (token hash) that asked for it; single use
 *   (`redeemed_at` set once, with the INVITE's Call-ID so a retry of the same INVITE gets the same answer);
 * - `edge_call_events`: what the edge saw of a call (start, answer, end), one row per (Call-ID, kind);
 * - `calls.flag_edge_mismatch` (and its rollup counter): the desk's times disagree with the edge's.
 */
export const EDGE_MIGRATION = {
  name: 'sip-edge-contract',
  common: `
CREATE TABLE dial_tokens (
  token_sha256 TEXT PRIMARY KEY,
  attempt_id TEXT NOT NULL UNIQUE REFERENCES dial_attempts(id),
  lead_id TEXT NOT NULL REFERENCES leads(id),
  agent_id TEXT NOT NULL REFERENCES users(id),
  session_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  redeemed_at TEXT,
  redeemed_sip_call_id TEXT
);
CREATE TABLE edge_call_events (
  sip_call_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  attempt_id TEXT NOT NULL REFERENCES dial_attempts(id),
  at TEXT NOT NULL,
  sip_code INTEGER,
  reason TEXT,
  received_at TEXT NOT NULL,
  PRIMARY KEY (sip_call_id, kind)
);
CREATE INDEX edge_call_events_attempt ON edge_call_events (attempt_id);
ALTER TABLE calls ADD COLUMN flag_edge_mismatch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_rollup ADD COLUMN flag_edge_mismatch INTEGER NOT NULL DEFAULT 0;
`,
} as const;
