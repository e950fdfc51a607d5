import type { Db, Dialect, Sql } from './sql';
import { ASSIGNMENT_MIGRATION } from './assignment-migration';
import { COMPLIANCE_MIGRATION, NOTICE_CLAIMS_MIGRATION } from './compliance-migration';
import { EDGE_MIGRATION } from './edge-migration';
import { PRACTICE_MIGRATION } from './practice-migration';
import { PRACTICE_VOICE_MIGRATION } from './practice-voice-migration';
import { QA_MIGRATION } from './qa-migration';
import { RECORDINGS_MIGRATION } from './recordings-migration';
import { LIVE_MIGRATION } from './live-migration';
import { LATE_CALLS_INDEX_MIGRATION, REVIEW_FACTS_IN_EVENT_TRIGGER_MIGRATION, REVIEW_FACTS_MIGRATION, REVIEW_FACTS_STATEMENT_MIGRATION, REVIEW_SORT_INDEX_MIGRATION } from './review-migration';
import { REVIEW_HOUR_ROLLUP_MIGRATION, REVIEW_ROLLUP_MIGRATION } from './review-rollup-schema';
import { REPLAY_MIGRATION } from './replay-migration';
import { OPT_OUT_ONCE_MIGRATION } from './optout-migration';
import { CONSENT_REFUSALS_MIGRATION } from './refusal-migration';
import { MEDIA_REPORT_MIGRATION } from './media-report-migration';

/**
 * Schema migrations for both databases. Each has an id and, per dialect, a script; they run in order,
 * once, each in its own transaction, recorded in `schema_migrations`. Never edit a released migration:
 * add the next one.
 *
 * Types are the shared subset: TEXT (ids, JSON, ISO-8601 UTC instants), INTEGER (counts, 0/1 flags),
 * BIGINT (ledger sequence).
 */
interface Migration {
  readonly id: number;
  readonly name: string;
  readonly common: string;
  readonly sqlite?: string;
  readonly postgres?: string;
  /** A data step after the DDL, in the same transaction (values only TypeScript can compute). */
  readonly after?: (sql: Sql) => Promise<void>;
}

const INITIAL = `
CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL
);
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'lead', 'trainer', 'admin')),
  team_id TEXT REFERENCES teams(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE login_failures (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  address TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (username, at);
CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  name TEXT NOT NULL,
  phone_e164 TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  source TEXT NOT NULL,
  business_relationship TEXT,
  created_at TEXT NOT NULL,
  last_offered_at TEXT,
  offered_to TEXT
);
CREATE INDEX leads_offer ON leads (campaign_id, last_offered_at);
CREATE INDEX leads_phone ON leads (phone_e164);
CREATE TABLE consent_grants (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  reconfirmed_at TEXT,
  withdrawn_at TEXT,
  reconfirm_due_at TEXT NOT NULL
);
CREATE INDEX consent_grants_lead ON consent_grants (lead_id);
CREATE INDEX consent_grants_due ON consent_grants (reconfirm_due_at, id);
CREATE TABLE internal_dnc (
  phone_e164 TEXT PRIMARY KEY,
  lead_id TEXT,
  listed_at TEXT NOT NULL,
  channel TEXT NOT NULL
);
CREATE TABLE dnc_snapshots (
  id TEXT PRIMARY KEY,
  profile TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  numbers INTEGER NOT NULL,
  rejected_lines INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL
);
CREATE TABLE dial_attempts (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  campaign_id TEXT NOT NULL,
  agent_id TEXT NOT NULL REFERENCES users(id),
  at TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ledger_seq BIGINT NOT NULL
);
CREATE INDEX dial_attempts_lead ON dial_attempts (lead_id, at);
CREATE INDEX dial_attempts_ledger ON dial_attempts (ledger_seq);
CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  attempt_id TEXT NOT NULL UNIQUE REFERENCES dial_attempts(id),
  lead_id TEXT NOT NULL REFERENCES leads(id),
  campaign_id TEXT NOT NULL,
  agent_id TEXT NOT NULL REFERENCES users(id),
  team_id TEXT,
  sip_call_id TEXT,
  state TEXT NOT NULL,
  started_at TEXT NOT NULL,
  answered_at TEXT,
  ended_at TEXT,
  duration_sec INTEGER,
  outcome TEXT,
  callback_at TEXT,
  event_count INTEGER NOT NULL DEFAULT 0,
  next_seq INTEGER NOT NULL DEFAULT 0,
  consent_yes INTEGER NOT NULL DEFAULT 0,
  flag_opt_out INTEGER NOT NULL DEFAULT 0,
  flag_late_events INTEGER NOT NULL DEFAULT 0,
  flag_pitch_without_consent INTEGER NOT NULL DEFAULT 0,
  flag_consent_refused INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_started ON calls (started_at, id);
CREATE INDEX calls_team ON calls (team_id, started_at, id);
CREATE INDEX calls_agent ON calls (agent_id, started_at, id);
CREATE INDEX calls_lead ON calls (lead_id);
CREATE TABLE consent_events (
  event_id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id),
  lead_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  ledger_seq BIGINT NOT NULL,
  UNIQUE (call_id, seq)
);
CREATE INDEX consent_events_lead ON consent_events (lead_id);
CREATE INDEX consent_events_ledger ON consent_events (ledger_seq);
CREATE TABLE practice_events (
  event_id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL
);
CREATE INDEX practice_events_call ON practice_events (call_id, seq);
CREATE TABLE opt_outs (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  at TEXT NOT NULL,
  channel TEXT NOT NULL,
  call_id TEXT,
  event_id TEXT,
  withdrawn_grant_ids TEXT NOT NULL,
  notice_due_at TEXT NOT NULL,
  ledger_seq BIGINT NOT NULL
);
CREATE INDEX opt_outs_lead ON opt_outs (lead_id);
CREATE INDEX opt_outs_ledger ON opt_outs (ledger_seq);
CREATE TABLE ledger (
  seq BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  payload_sha256 TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX ledger_ref ON ledger (ref_id);
CREATE TABLE ledger_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE access_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  address TEXT
);
CREATE INDEX access_log_at ON access_log (at);
`;

// The ledger is append-only in the database too: UPDATE and DELETE are refused by a trigger, so only
// someone who drops the trigger (deliberately, as the tamper test does) can change history.
const LEDGER_GUARD_SQLITE = `
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
`;
const LEDGER_GUARD_POSTGRES = `
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger is append-only';
END;
$$;
CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
`;

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'initial', common: INITIAL, sqlite: LEDGER_GUARD_SQLITE, postgres: LEDGER_GUARD_POSTGRES },
  { id: 2, ...REVIEW_FACTS_MIGRATION },
  { id: 3, ...PRACTICE_MIGRATION },
  { id: 4, ...QA_MIGRATION },
  { id: 5, ...PRACTICE_VOICE_MIGRATION },
  { id: 6, ...RECORDINGS_MIGRATION },
  { id: 7, ...REVIEW_ROLLUP_MIGRATION },
  { id: 8, ...LIVE_MIGRATION },
  { id: 9, ...COMPLIANCE_MIGRATION },
  { id: 10, ...REPLAY_MIGRATION },
  { id: 11, ...OPT_OUT_ONCE_MIGRATION },
  { id: 12, ...EDGE_MIGRATION },
  { id: 13, ...ASSIGNMENT_MIGRATION },
  { id: 14, ...REVIEW_FACTS_STATEMENT_MIGRATION },
  { id: 15, ...CONSENT_REFUSALS_MIGRATION },
  { id: 16, ...NOTICE_CLAIMS_MIGRATION },
  { id: 17, ...MEDIA_REPORT_MIGRATION },
  { id: 18, ...REVIEW_HOUR_ROLLUP_MIGRATION },
  { id: 19, ...LATE_CALLS_INDEX_MIGRATION },
  { id: 20, ...REVIEW_SORT_INDEX_MIGRATION },
  { id: 21, ...REVIEW_FACTS_IN_EVENT_TRIGGER_MIGRATION },
];

/** Applies the migrations `db` has not seen yet; returns the ids applied now. */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((await db.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    const extra = dialectScript(m, db.dialect);
    await db.tx(async (sql) => {
      for (const statement of splitStatements(m.common)) await sql.run(statement);
      if (extra) await runScript(sql.dialect, extra, (s) => sql.run(s));
      if (m.after) await m.after(sql);
      await sql.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [m.id, m.name, new Date().toISOString()]);
    });
    applied.push(m.id);
  }
  return applied;
}

function dialectScript(m: Migration, dialect: Dialect): string | undefined {
  return dialect === 'sqlite' ? m.sqlite : m.postgres;
}

/** Plain DDL split on `;` at line ends (our common DDL has no procedural bodies). */
function splitStatements(script: string): string[] {
  return script
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0);
}

/** Trigger scripts carry `;` inside bodies, so they are split on blank-line-free statement ends per dialect. */
async function runScript(dialect: Dialect, script: string, run: (s: string) => Promise<unknown>): Promise<void> {
  if (dialect === 'sqlite') {
    // Each SQLite trigger is on one line ending with `END;`.
    for (const line of script.split('\n').map((l) => l.trim()).filter(Boolean)) await run(line);
    return;
  }
  // PostgreSQL: the function body is dollar-quoted; split after `$$;` and on plain statement ends.
  const parts = script.split(/(?<=\$\$;)\n|;\n(?=CREATE TRIGGER)/).map((s) => s.trim()).filter(Boolean);
  for (const p of parts) await run(p);
}
