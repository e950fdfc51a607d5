/**
 * The practice tables (issue 7), kept apart from every evidence table: scenarios with every revision
 * they had (an attempt is scored against the revision it was played on), and scored attempts.
 * Practice ConsentEvents already have their own table (`practice_events`, migration 1).
 */
export const PRACTICE_MIGRATION = {
  name: 'practice',
  common: `
CREATE TABLE practice_scenarios (
  id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  builtin INTEGER NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE practice_scenario_revisions (
  scenario_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  body TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  PRIMARY KEY (scenario_id, revision)
);
CREATE TABLE practice_attempts (
  id TEXT PRIMARY KEY,
  trainee_id TEXT NOT NULL REFERENCES users(id),
  scenario_id TEXT NOT NULL,
  scenario_revision INTEGER NOT NULL,
  call_id TEXT NOT NULL UNIQUE,
  locale TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  score INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  outcome TEXT,
  result TEXT NOT NULL,
  events_total INTEGER NOT NULL,
  request_sha256 TEXT NOT NULL
);
CREATE INDEX practice_attempts_trainee ON practice_attempts (trainee_id, started_at);
CREATE INDEX practice_attempts_started ON practice_attempts (started_at, id);
`,
} as const;
