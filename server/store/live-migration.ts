/**
 * Live sessions (issue 15): a team lead listening to or whispering into a call. Each row is also in
 * the access log (KR-ACCESS) with the reason the lead gave; the row keeps the media-edge tags.
 */
export const LIVE_MIGRATION = {
  name: 'live-sessions',
  common: `
CREATE TABLE live_sessions (
  id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id),
  team_id TEXT,
  user_id TEXT NOT NULL REFERENCES users(id),
  mode TEXT NOT NULL,
  state TEXT NOT NULL,
  media_call_id TEXT NOT NULL,
  lead_tag TEXT NOT NULL,
  leg_tags TEXT NOT NULL,
  agent_tag TEXT,
  access_log_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX live_sessions_call ON live_sessions (call_id, state);
CREATE INDEX live_sessions_open ON live_sessions (state) WHERE state <> 'ended';
`,
} as const;
