import { CALL_FLAGS } from '../../shared/api/calls';
import { CALL_OUTCOMES } from '../../shared/domain/consent-event';
import { FLAG_COLUMNS } from './call-flags';
import type { Dialect } from './sql';

/**
 * The review rollups (issue 16, decision 0070): per (center-local day, team, agent, campaign) the sums of
 * what the KPIs and the compliance panel count, kept by database triggers in the same transaction as
 * the rows they summarise, so they can never disagree with the calls and events; and a rebuild that
 * recomputes them from those rows with the same expressions.
 *
 * Everything here is generated from the lists below, for both dialects. To count something new
 * (a flag, an outcome): add it to its list (CALL_FLAGS + FLAG_COLUMNS, CALL_OUTCOMES) and a migration
 * that adds the column to `calls`, `review_rollup` and `review_rollup_hour`; at the next start the triggers are recreated
 * from the new definition and the rollups rebuilt (`ensureReviewRollups`).
 */

/** The rollup key columns (of the day tables; the hour tables have `hour` in place of `day`). */
export const ROLLUP_KEY = ['day', 'team_id', 'agent_id', 'campaign_id'] as const;

/**
 * The two grains the rollups are kept in, each a counter table and a refusal table: center-local days
 * (what the screens read for whole days) and UTC hours (`YYYY-MM-DDTHH`, what they read for the clipped
 * days at a period's edges and for days of another zone, so no screen reads calls for whole hours).
 */
export type RollupGrain = 'day' | 'hour';

export interface GrainTables {
  readonly rollup: string;
  readonly refusals: string;
  /** The key column holding the day or the hour. */
  readonly key: 'day' | 'hour';
  /** The day or hour of instant text `x`. */
  readonly of: (d: Dialect, x: string) => string;
}

export const ROLLUP_GRAINS: Readonly<Record<RollupGrain, GrainTables>> = {
  day: { rollup: 'review_rollup', refusals: 'review_refusal_rollup', key: 'day', of: (d, x) => dayExpr(d, x) },
  hour: { rollup: 'review_rollup_hour', refusals: 'review_refusal_rollup_hour', key: 'hour', of: (_d, x) => hourExpr(x) },
};

/** The key columns of a grain's counter table. */
export const rollupKey = (g: RollupGrain): readonly string[] => [ROLLUP_GRAINS[g].key, 'team_id', 'agent_id', 'campaign_id'];

/** The UTC hour (`YYYY-MM-DDTHH`) of instant text `x` (ISO-8601 UTC, as every instant is stored). */
export function hourExpr(x: string): string {
  return `substr(${x}, 1, 13)`;
}

/** One counter: its column and its value for one `calls` row `r` (NEW, OLD, or a table alias). */
export interface RollupCounter {
  readonly column: string;
  readonly expr: (d: Dialect, r: string) => string;
}

/** Whole milliseconds from instant text `a` to instant text `b` (ISO-8601 UTC), as an integer expression. */
export function msBetween(d: Dialect, a: string, b: string): string {
  return d === 'sqlite'
    ? `CAST(ROUND((julianday(${b}) - julianday(${a})) * 86400000.0) AS INTEGER)`
    : `CAST(ROUND(EXTRACT(EPOCH FROM (CAST(${b} AS timestamptz) - CAST(${a} AS timestamptz))) * 1000) AS BIGINT)`;
}

const yes = (cond: string): string => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;

/** `outcome_sale`, ... : calls that ended with that outcome. */
export const outcomeColumn = (o: string): string => `outcome_${o}`;

export const ROLLUP_COUNTERS: readonly RollupCounter[] = [
  { column: 'calls', expr: () => '1' },
  { column: 'events', expr: (_d, r) => `${r}.event_count` },
  { column: 'contacts', expr: (_d, r) => yes(`${r}.answered_at IS NOT NULL`) },
  { column: 'time_asked', expr: (_d, r) => `${r}.time_asked` },
  { column: 'time_yes', expr: (_d, r) => `${r}.time_yes` },
  { column: 'consent_asked', expr: (_d, r) => yes(`${r}.consent_yes = 1 OR ${r}.flag_consent_refused = 1`) },
  { column: 'consent_yes', expr: (_d, r) => `${r}.consent_yes` },
  { column: 'pitch_reached', expr: (_d, r) => `${r}.pitch_reached` },
  { column: 'refusals', expr: (_d, r) => `${r}.refused` },
  {
    column: 'consent_ms',
    expr: (d, r) => `CASE WHEN ${r}.consent_at IS NOT NULL THEN ${msBetween(d, `COALESCE(${r}.answered_at, ${r}.started_at)`, `${r}.consent_at`)} ELSE 0 END`,
  },
  { column: 'consent_timed', expr: (_d, r) => yes(`${r}.consent_at IS NOT NULL`) },
  { column: 'late_events', expr: (_d, r) => `${r}.late_event_count` },
  ...CALL_FLAGS.map((f) => ({ column: FLAG_COLUMNS[f], expr: (_d: Dialect, r: string) => `${r}.${FLAG_COLUMNS[f]}` })),
  ...CALL_OUTCOMES.map((o) => ({ column: outcomeColumn(o), expr: (_d: Dialect, r: string) => yes(`${r}.outcome = '${o}'`) })),
];

/** The `calls` columns the counters and the key read: an UPDATE touching none of them leaves the rollups alone. */
export const ROLLUP_CALL_COLUMNS = [
  'started_at', 'team_id', 'agent_id', 'campaign_id', 'event_count', 'answered_at', 'time_asked', 'time_yes', 'consent_yes', 'pitch_reached',
  'refused', 'consent_at', 'late_event_count', 'outcome', ...CALL_FLAGS.map((f) => FLAG_COLUMNS[f]),
] as const;

/**
 * The center-local day (`YYYY-MM-DD`) of instant text `x`: its UTC date after adding the zone's offset
 * in force at `x`, from `review_zone_offsets` (written from shared/domain/zone-days, so the database
 * cuts days exactly where the API's day buckets do). PostgreSQL has it as the function `review_day`.
 */
export function dayExpr(d: Dialect, x: string): string {
  const offset = `(SELECT z.offset_sec FROM review_zone_offsets z WHERE z.starts_at <= ${x} ORDER BY z.starts_at DESC LIMIT 1)`;
  return d === 'sqlite' ? `strftime('%Y-%m-%d', ${x}, printf('%+d seconds', COALESCE(${offset}, 0)))` : `review_day(${x})`;
}

const REVIEW_DAY_FUNCTION = `CREATE OR REPLACE FUNCTION review_day(x text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char((CAST(x AS timestamptz) AT TIME ZONE 'UTC') + make_interval(secs => COALESCE(
    (SELECT z.offset_sec FROM review_zone_offsets z WHERE z.starts_at <= x ORDER BY z.starts_at DESC LIMIT 1), 0)), 'YYYY-MM-DD')
$$`;

const addExcluded = (table: string): string => ROLLUP_COUNTERS.map((c) => `${c.column} = ${table}.${c.column} + excluded.${c.column}`).join(', ');

/** `INSERT ... ON CONFLICT DO UPDATE` adding `values` (one expression per counter) to the row of key `r` in one grain's table. */
function upsertGrain(d: Dialect, g: RollupGrain, r: string, values: readonly string[]): string {
  const t = ROLLUP_GRAINS[g];
  const key = rollupKey(g).join(', ');
  const columns = `${key}, ${ROLLUP_COUNTERS.map((c) => c.column).join(', ')}`;
  const keyValues = `${t.of(d, `${r}.started_at`)}, COALESCE(${r}.team_id, ''), ${r}.agent_id, ${r}.campaign_id`;
  return `INSERT INTO ${t.rollup} (${columns}) VALUES (${keyValues}, ${values.join(', ')}) ON CONFLICT (${key}) DO UPDATE SET ${addExcluded(t.rollup)}`;
}

/** The same upsert into every grain (statements joined with `; `). */
function upsert(d: Dialect, r: string, values: readonly string[]): string {
  return (['day', 'hour'] as const).map((g) => upsertGrain(d, g, r, values)).join('; ');
}

/**
 * One `INSERT ... SELECT ... ON CONFLICT DO UPDATE` per grain adding, per rollup key, the counters of
 * every row of the `tables` (transition tables of a statement-level trigger), each with its sign; keys
 * whose sums are all zero are left alone. Statements joined with `;\n  `.
 */
function upsertRows(d: Dialect, tables: readonly { table: string; sign: '' | '-' }[]): string {
  return (['day', 'hour'] as const)
    .map((g) => {
      const t = ROLLUP_GRAINS[g];
      const key = rollupKey(g);
      const rows = tables.map(
        ({ table: r, sign }) =>
          `SELECT ${t.of(d, `${r}.started_at`)} AS ${t.key}, COALESCE(${r}.team_id, '') AS team_id, ${r}.agent_id, ${r}.campaign_id, ` +
          `${ROLLUP_COUNTERS.map((c) => `${sign}(${c.expr(d, r)}) AS ${c.column}`).join(', ')} FROM ${r}`,
      );
      const sums = ROLLUP_COUNTERS.map((c) => `SUM(x.${c.column})`);
      const xKey = key.map((k) => `x.${k}`).join(', ');
      return (
        `INSERT INTO ${t.rollup} (${key.join(', ')}, ${ROLLUP_COUNTERS.map((c) => c.column).join(', ')}) SELECT ${xKey}, ${sums.join(', ')} ` +
        `FROM (${rows.join(' UNION ALL ')}) x GROUP BY ${xKey} HAVING ${sums.map((v) => `${v} <> 0`).join(' OR ')} ` +
        `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${addExcluded(t.rollup)}`
      );
    })
    .join(';\n  ');
}

const plus = (d: Dialect, r: string): string[] => ROLLUP_COUNTERS.map((c) => c.expr(d, r));
const minus = (d: Dialect, r: string): string[] => ROLLUP_COUNTERS.map((c) => `-(${c.expr(d, r)})`);
const diff = (d: Dialect): string[] => ROLLUP_COUNTERS.map((c) => `(${c.expr(d, 'NEW')}) - (${c.expr(d, 'OLD')})`);
const sameKey = (p: string): string =>
  `${p}OLD.started_at = NEW.started_at AND ${p}OLD.agent_id = NEW.agent_id AND ${p}OLD.campaign_id = NEW.campaign_id AND COALESCE(OLD.team_id, '') = COALESCE(NEW.team_id, '')`;

/** The delay of event row `r` (received - occurred) in ms. */
const delay = (d: Dialect, r: string): string => msBetween(d, `${r}.occurred_at`, `${r}.received_at`);
const LATE_LIMIT = '(SELECT s.late_event_ms FROM review_rollup_state s WHERE s.id = 1)';

/**
 * The reasons of dial attempt row `r` (a JSON array of verdict reasons) as a FROM item `rj` to put
 * after the attempts with a comma, and the expression of each reason's code.
 */
export function reasonCodes(d: Dialect, r: string): { from: string; code: string } {
  return d === 'sqlite'
    ? { from: `json_each(${r}.reasons) rj`, code: `COALESCE(json_extract(rj.value, '$.code'), 'UNKNOWN')` }
    : { from: `jsonb_array_elements(CAST(${r}.reasons AS jsonb)) AS rj(value)`, code: `COALESCE(rj.value ->> 'code', 'UNKNOWN')` };
}

function refusalInserts(d: Dialect): string[] {
  const codes = reasonCodes(d, 'NEW');
  return (['day', 'hour'] as const).flatMap((g) => {
    const t = ROLLUP_GRAINS[g];
    const key = `${t.of(d, 'NEW.at')}, COALESCE(NEW.team_id, ''), NEW.agent_id, NEW.campaign_id`;
    const cols = `${t.key}, team_id, agent_id, campaign_id, code`;
    const onConflict = `ON CONFLICT (${cols}) DO UPDATE SET n = ${t.refusals}.n + excluded.n`;
    return [
      `INSERT INTO ${t.refusals} (${cols}, n) VALUES (${key}, '', 1) ${onConflict}`,
      `INSERT INTO ${t.refusals} (${cols}, n) SELECT ${key}, ${codes.code}, COUNT(*) FROM ${codes.from} WHERE 1 = 1 GROUP BY 5 ${onConflict}`,
    ];
  });
}

/** The triggers' names (dropped and recreated together). */
export const ROLLUP_TRIGGERS = ['review_rollup_call_insert', 'review_rollup_call_same', 'review_rollup_call_moved', 'review_event_delay', 'review_event_late', 'review_refusal'] as const;

/**
 * DDL of the rollup triggers for `d`, one statement per entry: every calls INSERT adds the call's
 * counters, every UPDATE of a counted column adds NEW - OLD (moved to the new key if the key changed),
 * every stored event raises its call's max delay and late-event count (limit from review_rollup_state),
 * every refused dial attempt counts itself and each reason code.
 */
export function rollupTriggerSql(d: Dialect): string[] {
  const cols = ROLLUP_CALL_COLUMNS.join(', ');
  if (d === 'sqlite') {
    const D = delay(d, 'NEW');
    return [
      `CREATE TRIGGER review_rollup_call_insert AFTER INSERT ON calls BEGIN ${upsert(d, 'NEW', plus(d, 'NEW'))}; END`,
      `CREATE TRIGGER review_rollup_call_same AFTER UPDATE OF ${cols} ON calls WHEN ${sameKey('')} BEGIN ${upsert(d, 'NEW', diff(d))}; END`,
      `CREATE TRIGGER review_rollup_call_moved AFTER UPDATE OF ${cols} ON calls WHEN NOT (${sameKey('')}) BEGIN ${upsert(d, 'OLD', minus(d, 'OLD'))}; ${upsert(d, 'NEW', plus(d, 'NEW'))}; END`,
      // Two triggers so an on-time event only touches max_delay_ms (not a counted column).
      `CREATE TRIGGER review_event_late AFTER INSERT ON consent_events WHEN ${D} > ${LATE_LIMIT} BEGIN ` +
        `UPDATE calls SET max_delay_ms = MAX(max_delay_ms, ${D}), late_event_count = late_event_count + 1 WHERE id = NEW.call_id; END`,
      `CREATE TRIGGER review_event_delay AFTER INSERT ON consent_events WHEN NOT (${D} > ${LATE_LIMIT}) AND ${D} > (SELECT c.max_delay_ms FROM calls c WHERE c.id = NEW.call_id) BEGIN ` +
        `UPDATE calls SET max_delay_ms = ${D} WHERE id = NEW.call_id; END`,
      `CREATE TRIGGER review_refusal AFTER INSERT ON dial_attempts WHEN NEW.allowed = 0 BEGIN ${refusalInserts(d).join('; ')}; END`,
    ];
  }
  // PostgreSQL: statement-level triggers over transition tables (decision 0025). A per-row trigger ran
  // one upsert of the same rollup row per call row and one UPDATE of calls per event, inside the group's
  // transaction: each repeated update of one row in a transaction lengthens its version chain, so a group
  // of hundreds of events spent seconds there. Now one aggregated statement per writing statement.
  const D = delay(d, 'n');
  return [
    REVIEW_DAY_FUNCTION,
    `CREATE OR REPLACE FUNCTION review_rollup_call_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${upsertRows(d, [{ table: 'new_calls', sign: '' }])};
  RETURN NULL;
END;
$$`,
    `CREATE OR REPLACE FUNCTION review_rollup_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${upsertRows(d, [{ table: 'old_calls', sign: '-' }, { table: 'new_calls', sign: '' }])};
  RETURN NULL;
END;
$$`,
    `CREATE TRIGGER review_rollup_call_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS new_calls FOR EACH STATEMENT EXECUTE FUNCTION review_rollup_call_added()`,
    `CREATE TRIGGER review_rollup_call_same AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls FOR EACH STATEMENT EXECUTE FUNCTION review_rollup_call_changed()`,
    // The event facts of a call, all in one UPDATE per INSERT of events (decision 0025): the max delay and
    // late-event count, and the review facts (decision 0070: time asked / yes, pitch reached, refused,
    // first marketing yes by seq, kept once set). They were two triggers, so each group of events made
    // two new versions of each call row and fired the rollup trigger twice.
    `CREATE OR REPLACE FUNCTION review_event_delay() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lim bigint := ${LATE_LIMIT};
BEGIN
  UPDATE calls c SET
    max_delay_ms = GREATEST(c.max_delay_ms, x.m),
    late_event_count = c.late_event_count + x.late,
    time_asked = CASE WHEN x.time_asked THEN 1 ELSE c.time_asked END,
    time_yes = CASE WHEN x.time_yes THEN 1 ELSE c.time_yes END,
    pitch_reached = CASE WHEN x.pitch THEN 1 ELSE c.pitch_reached END,
    refused = CASE WHEN x.refusal THEN 1 ELSE c.refused END,
    consent_at = COALESCE(c.consent_at, x.consent_at)
  FROM (
    SELECT e.call_id, MAX(e.d) AS m, COUNT(*) FILTER (WHERE e.d > lim) AS late,
           bool_or(e.is_time) AS time_asked,
           bool_or(e.is_time AND e.answer = 'yes') AS time_yes,
           bool_or(e.kind = 'pitch') AS pitch,
           bool_or(e.kind = 'refusal') AS refusal,
           (array_agg(e.occurred_at ORDER BY e.seq) FILTER (WHERE e.kind = 'answer' AND e.consent_kind = 'marketing_call' AND e.answer = 'yes'))[1] AS consent_at
      FROM (SELECT n.call_id, n.seq, n.kind, n.occurred_at, ${D} AS d,
                   n.kind = 'answer' AND coalesce((j.b -> 'ruleIds') @> '["CG-TIME"]'::jsonb, false) AS is_time,
                   j.b ->> 'answer' AS answer, j.b ->> 'consentKind' AS consent_kind
              FROM new_events n CROSS JOIN LATERAL (
                SELECT CASE WHEN n.kind IN ('pitch', 'refusal') OR (n.kind = 'answer' AND (n.body LIKE '%CG-TIME%' OR n.body LIKE '%marketing_call%')) THEN n.body::jsonb END AS b) j) e
     GROUP BY e.call_id
  ) x
  WHERE c.id = x.call_id
    AND (x.late > 0 OR x.m > c.max_delay_ms
         OR (x.time_asked AND c.time_asked = 0) OR (x.time_yes AND c.time_yes = 0) OR (x.pitch AND c.pitch_reached = 0)
         OR (x.refusal AND c.refused = 0) OR (c.consent_at IS NULL AND x.consent_at IS NOT NULL));
  RETURN NULL;
END;
$$`,
    `CREATE TRIGGER review_event_delay AFTER INSERT ON consent_events REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION review_event_delay()`,
    `CREATE OR REPLACE FUNCTION review_refusal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${refusalInserts(d).join(';\n  ')};
  RETURN NULL;
END;
$$`,
    `CREATE TRIGGER review_refusal AFTER INSERT ON dial_attempts FOR EACH ROW WHEN (NEW.allowed = 0) EXECUTE FUNCTION review_refusal()`,
  ];
}

/** DROP statements for every rollup trigger (before recreating them, or for a bulk load). */
export function dropRollupTriggersSql(d: Dialect): string[] {
  return ROLLUP_TRIGGERS.map((t) => (d === 'sqlite' ? `DROP TRIGGER IF EXISTS ${t}` : `DROP TRIGGER IF EXISTS ${t} ON ${triggerTable(t)}`));
}

function triggerTable(t: (typeof ROLLUP_TRIGGERS)[number]): string {
  return t === 'review_event_delay' || t === 'review_event_late' ? 'consent_events' : t === 'review_refusal' ? 'dial_attempts' : 'calls';
}

/** The rollup tables and the columns the counters need (migration 4; never edited once released). */
export const REVIEW_ROLLUP_MIGRATION = {
  name: 'review-rollups',
  common: `
ALTER TABLE calls ADD COLUMN late_event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN max_delay_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dial_attempts ADD COLUMN team_id TEXT;
ALTER TABLE opt_outs ADD COLUMN team_id TEXT;
UPDATE dial_attempts SET team_id = (SELECT u.team_id FROM users u WHERE u.id = dial_attempts.agent_id);
UPDATE opt_outs SET team_id = COALESCE((SELECT c.team_id FROM calls c WHERE c.id = opt_outs.call_id), (SELECT c.team_id FROM calls c WHERE c.lead_id = opt_outs.lead_id AND c.started_at <= opt_outs.at ORDER BY c.started_at DESC, c.id DESC LIMIT 1));
CREATE TABLE review_rollup_state (
  id INTEGER PRIMARY KEY,
  zone TEXT NOT NULL,
  late_event_ms BIGINT NOT NULL,
  definition TEXT NOT NULL,
  built_at TEXT NOT NULL
);
CREATE TABLE review_zone_offsets (
  starts_at TEXT PRIMARY KEY,
  offset_sec INTEGER NOT NULL
);
CREATE TABLE review_rollup (
  day TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  calls INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  contacts INTEGER NOT NULL DEFAULT 0,
  time_asked INTEGER NOT NULL DEFAULT 0,
  time_yes INTEGER NOT NULL DEFAULT 0,
  consent_asked INTEGER NOT NULL DEFAULT 0,
  consent_yes INTEGER NOT NULL DEFAULT 0,
  pitch_reached INTEGER NOT NULL DEFAULT 0,
  refusals INTEGER NOT NULL DEFAULT 0,
  consent_ms BIGINT NOT NULL DEFAULT 0,
  consent_timed INTEGER NOT NULL DEFAULT 0,
  late_events INTEGER NOT NULL DEFAULT 0,
  flag_opt_out INTEGER NOT NULL DEFAULT 0,
  flag_late_events INTEGER NOT NULL DEFAULT 0,
  flag_pitch_without_consent INTEGER NOT NULL DEFAULT 0,
  flag_consent_refused INTEGER NOT NULL DEFAULT 0,
  outcome_sale INTEGER NOT NULL DEFAULT 0,
  outcome_callback INTEGER NOT NULL DEFAULT 0,
  outcome_not_interested INTEGER NOT NULL DEFAULT 0,
  outcome_no_time INTEGER NOT NULL DEFAULT 0,
  outcome_refused_consent INTEGER NOT NULL DEFAULT 0,
  outcome_opt_out INTEGER NOT NULL DEFAULT 0,
  outcome_no_answer INTEGER NOT NULL DEFAULT 0,
  outcome_busy INTEGER NOT NULL DEFAULT 0,
  outcome_rejected INTEGER NOT NULL DEFAULT 0,
  outcome_failed INTEGER NOT NULL DEFAULT 0,
  outcome_dropped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, team_id, agent_id, campaign_id)
);
CREATE INDEX review_rollup_team ON review_rollup (team_id, day);
CREATE INDEX review_rollup_agent ON review_rollup (agent_id, day);
CREATE TABLE review_refusal_rollup (
  day TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  code TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, team_id, agent_id, campaign_id, code)
);
CREATE INDEX review_refusal_rollup_team ON review_refusal_rollup (team_id, day);
CREATE INDEX calls_lead_team ON calls (lead_id, team_id);
CREATE INDEX dial_attempts_refused ON dial_attempts (at) WHERE allowed = 0;
CREATE INDEX dial_attempts_team_refused ON dial_attempts (team_id, at) WHERE allowed = 0;
CREATE INDEX opt_outs_team_at ON opt_outs (team_id, at);
CREATE INDEX opt_outs_team_notice ON opt_outs (team_id, notice_due_at);
`,
} as const;

/**
 * The hour grain of the rollups (decision 0074): the same counters per (UTC hour, team, agent, campaign),
 * and the refusals per hour, so a period's clipped edge days are read from rollups, not calls (migration
 * 18; never edited once released). The next start sees a new trigger definition and rebuilds both grains.
 */
export const REVIEW_HOUR_ROLLUP_MIGRATION = {
  name: 'review-hour-rollups',
  common: `
CREATE TABLE review_rollup_hour (
  hour TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  calls INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  contacts INTEGER NOT NULL DEFAULT 0,
  time_asked INTEGER NOT NULL DEFAULT 0,
  time_yes INTEGER NOT NULL DEFAULT 0,
  consent_asked INTEGER NOT NULL DEFAULT 0,
  consent_yes INTEGER NOT NULL DEFAULT 0,
  pitch_reached INTEGER NOT NULL DEFAULT 0,
  refusals INTEGER NOT NULL DEFAULT 0,
  consent_ms BIGINT NOT NULL DEFAULT 0,
  consent_timed INTEGER NOT NULL DEFAULT 0,
  late_events INTEGER NOT NULL DEFAULT 0,
  flag_opt_out INTEGER NOT NULL DEFAULT 0,
  flag_late_events INTEGER NOT NULL DEFAULT 0,
  flag_pitch_without_consent INTEGER NOT NULL DEFAULT 0,
  flag_consent_refused INTEGER NOT NULL DEFAULT 0,
  flag_refused_events INTEGER NOT NULL DEFAULT 0,
  flag_edge_mismatch INTEGER NOT NULL DEFAULT 0,
  flag_dead_air INTEGER NOT NULL DEFAULT 0,
  outcome_sale INTEGER NOT NULL DEFAULT 0,
  outcome_callback INTEGER NOT NULL DEFAULT 0,
  outcome_not_interested INTEGER NOT NULL DEFAULT 0,
  outcome_no_time INTEGER NOT NULL DEFAULT 0,
  outcome_refused_consent INTEGER NOT NULL DEFAULT 0,
  outcome_opt_out INTEGER NOT NULL DEFAULT 0,
  outcome_no_answer INTEGER NOT NULL DEFAULT 0,
  outcome_busy INTEGER NOT NULL DEFAULT 0,
  outcome_rejected INTEGER NOT NULL DEFAULT 0,
  outcome_failed INTEGER NOT NULL DEFAULT 0,
  outcome_dropped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, team_id, agent_id, campaign_id)
);
CREATE INDEX review_rollup_hour_team ON review_rollup_hour (team_id, hour);
CREATE INDEX review_rollup_hour_agent ON review_rollup_hour (agent_id, hour);
CREATE TABLE review_refusal_rollup_hour (
  hour TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  code TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, team_id, agent_id, campaign_id, code)
);
CREATE INDEX review_refusal_rollup_hour_team ON review_refusal_rollup_hour (team_id, hour);
`,
} as const;
