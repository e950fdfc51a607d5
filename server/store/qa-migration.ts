/**
 * QA scorecards (issue 15): scorecards with every version they had, evaluations of calls, and the
 * auto-fail items each evaluation failed (for the KPIs). A version used by an evaluation is locked
 * (`locked_at`): from then on the database itself refuses to change or delete it.
 */
export const QA_MIGRATION = {
  name: 'qa-scorecards',
  common: `
CREATE TABLE qa_scorecards (
  id TEXT PRIMARY KEY,
  team_id TEXT REFERENCES teams(id),
  current_version INTEGER NOT NULL,
  title TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE qa_scorecard_versions (
  scorecard_id TEXT NOT NULL REFERENCES qa_scorecards(id),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  locked_at TEXT,
  PRIMARY KEY (scorecard_id, version)
);
CREATE TABLE qa_evaluations (
  id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id),
  call_started_at TEXT NOT NULL,
  agent_id TEXT NOT NULL REFERENCES users(id),
  team_id TEXT,
  scorecard_id TEXT NOT NULL,
  scorecard_version INTEGER NOT NULL,
  evaluator_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  score_bp INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  auto_failed INTEGER NOT NULL,
  result TEXT NOT NULL,
  answers TEXT NOT NULL,
  comment TEXT NOT NULL,
  FOREIGN KEY (scorecard_id, scorecard_version) REFERENCES qa_scorecard_versions (scorecard_id, version)
);
CREATE INDEX qa_evaluations_agent ON qa_evaluations (agent_id, created_at, id);
CREATE INDEX qa_evaluations_created ON qa_evaluations (created_at, id);
CREATE INDEX qa_evaluations_started ON qa_evaluations (call_started_at);
CREATE INDEX qa_evaluations_team ON qa_evaluations (team_id, call_started_at);
CREATE INDEX qa_evaluations_call ON qa_evaluations (call_id);
CREATE TABLE qa_evaluation_failures (
  evaluation_id TEXT NOT NULL REFERENCES qa_evaluations(id),
  question_id TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, question_id)
);
`,
  // One statement per line (the SQLite script runner splits on lines).
  sqlite: [
    "CREATE TRIGGER qa_version_locked_update BEFORE UPDATE ON qa_scorecard_versions WHEN OLD.locked_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'scorecard version is locked: an evaluation used it'); END;",
    "CREATE TRIGGER qa_version_locked_delete BEFORE DELETE ON qa_scorecard_versions WHEN OLD.locked_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'scorecard version is locked: an evaluation used it'); END;",
  ].join('\n'),
  postgres: `
CREATE FUNCTION qa_version_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.locked_at IS NOT NULL THEN
    RAISE EXCEPTION 'scorecard version is locked: an evaluation used it';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER qa_version_locked BEFORE UPDATE OR DELETE ON qa_scorecard_versions FOR EACH ROW EXECUTE FUNCTION qa_version_locked();
`,
} as const;
