/**
 * Voice practice calls (issue 17), kept apart from every evidence table like the rest of practice: the
 * dial token (only its SHA-256) the API issued for a practice call, its life on the practice line, what
 * the line observed (`facts`, JSON) and the file of its recording in the data folder.
 */
export const PRACTICE_VOICE_MIGRATION = {
  name: 'practice-voice',
  common: `
CREATE TABLE practice_voice_calls (
  call_id TEXT PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  trainee_id TEXT NOT NULL REFERENCES users(id),
  scenario_id TEXT NOT NULL,
  scenario_revision INTEGER NOT NULL,
  locale TEXT NOT NULL,
  setup_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('issued', 'claimed', 'ended', 'unanswered')),
  sip_call_id TEXT,
  claimed_at TEXT,
  ended_at TEXT,
  facts TEXT,
  audio_file TEXT
);
CREATE INDEX practice_voice_calls_trainee ON practice_voice_calls (trainee_id, setup_at);
`,
} as const;
