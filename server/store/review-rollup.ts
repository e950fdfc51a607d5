import { createHash } from 'node:crypto';
import { daysOf } from '../../shared/domain/zone-days';
import { and, type AccessScope, accessWhere, type Where } from './access-filter';
import { insertMany } from './rows';
import {
  dropRollupTriggersSql,
  msBetween,
  reasonCodes,
  ROLLUP_COUNTERS,
  ROLLUP_GRAINS,
  rollupKey,
  rollupTriggerSql,
  type RollupGrain,
} from './review-rollup-schema';
import type { Db, Dialect, Row, Sql } from './sql';

/** What the rollups are built for: the center's zone (day cuts) and the late-event limit. */
export interface RollupSettings {
  readonly zone: string;
  readonly lateEventMs: number;
}

/** An instant before every instant we store: the first offset row covers all earlier times. */
const BEGINNING = '0000-01-01T00:00:00.000Z';

/** A hash of the trigger DDL: when the counters change, the triggers are recreated and the rollups rebuilt. */
export function rollupDefinition(d: Dialect): string {
  return createHash('sha256').update(rollupTriggerSql(d).join('\n')).digest('hex').slice(0, 16);
}

/**
 * Makes the rollups right for `settings` (run at every start, after migrating): when the zone, the
 * late-event limit or the counter definition changed since they were built (or they never were),
 * recreates the triggers and rebuilds everything from the calls and events. Returns whether it rebuilt.
 */
export async function ensureReviewRollups(db: Db, settings: RollupSettings, now: Date = new Date()): Promise<boolean> {
  await checkColumns(db);
  const state = await db.get('SELECT zone, late_event_ms, definition FROM review_rollup_state WHERE id = 1');
  if (state && state['zone'] === settings.zone && Number(state['late_event_ms']) === settings.lateEventMs && state['definition'] === rollupDefinition(db.dialect)) return false;
  await rebuildReviewRollups(db, settings, now);
  return true;
}

/** Every counter has its column (a new flag or outcome without its migration fails here, at start). */
async function checkColumns(db: Db): Promise<void> {
  for (const g of GRAINS) {
    const table = ROLLUP_GRAINS[g].rollup;
    try {
      await db.all(`SELECT ${ROLLUP_COUNTERS.map((c) => c.column).join(', ')} FROM ${table} WHERE 1 = 0`);
    } catch (err) {
      throw new Error(`${table} lacks a counter column (add a migration for it): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

const GRAINS = Object.keys(ROLLUP_GRAINS) as RollupGrain[];

/**
 * Drops the rollup triggers and forgets the build, for a bulk load of calls and events that would
 * otherwise pay a trigger per row; `rebuildReviewRollups` (or the next start) puts everything back.
 * On PostgreSQL the calls' review facts (time asked, pitch reached, ...) are kept by the rollups' event
 * trigger too, so such a load writes them itself (the rebuild recomputes only delays and rollups).
 */
export async function suspendReviewRollups(db: Db): Promise<void> {
  await db.tx(async (sql) => {
    for (const s of dropRollupTriggersSql(sql.dialect)) await sql.run(s);
    await sql.run('DELETE FROM review_rollup_state');
  });
}

/**
 * Recomputes the rollups from the rows they summarise, in one transaction that keeps writers out:
 * the zone's offset history, the event-derived call facts (max delay, late events, `late_events`
 * flag) from consent_events, then every rollup row from calls and dial attempts with the same
 * expressions the triggers use, and the triggers themselves.
 */
export async function rebuildReviewRollups(db: Db, settings: RollupSettings, now: Date = new Date()): Promise<void> {
  const d = db.dialect;
  await db.tx(async (sql) => {
    if (d === 'postgres') await sql.run('LOCK TABLE calls, consent_events, dial_attempts IN SHARE ROW EXCLUSIVE MODE');
    for (const s of dropRollupTriggersSql(d)) await sql.run(s);
    // Functions (PostgreSQL's review_day) first, triggers last: the rebuild's own writes fire none.
    const ddl = rollupTriggerSql(d);
    for (const s of ddl.filter((x) => !x.startsWith('CREATE TRIGGER'))) await sql.run(s);
    await writeZoneOffsets(sql, settings.zone);
    await sql.run(
      'INSERT INTO review_rollup_state (id, zone, late_event_ms, definition, built_at) VALUES (1, ?, ?, ?, ?) ' +
        'ON CONFLICT (id) DO UPDATE SET zone = excluded.zone, late_event_ms = excluded.late_event_ms, definition = excluded.definition, built_at = excluded.built_at',
      [settings.zone, settings.lateEventMs, rollupDefinition(d), now.toISOString()],
    );
    await recomputeEventFacts(sql, settings.lateEventMs);
    for (const g of GRAINS) {
      const t = ROLLUP_GRAINS[g];
      await sql.run(`DELETE FROM ${t.rollup}`);
      await sql.run(`INSERT INTO ${t.rollup} (${rollupKey(g).join(', ')}, ${ROLLUP_COUNTERS.map((c) => c.column).join(', ')}) ${expectedRollupSelect(d, g)}`);
      await sql.run(`DELETE FROM ${t.refusals}`);
      await sql.run(`INSERT INTO ${t.refusals} (${t.key}, team_id, agent_id, campaign_id, code, n) ${expectedRefusalSelect(d, g)}`);
    }
    for (const s of ddl.filter((x) => x.startsWith('CREATE TRIGGER'))) await sql.run(s);
  });
}

/**
 * Compares the rollups with what a rebuild would write, without writing (for `review:rebuild --check`).
 * Only meaningful when the stored settings are `settings` (else everything differs by design).
 */
export async function checkReviewRollups(db: Db, settings: RollupSettings): Promise<{ rows: number; first: string | null }> {
  const state = await db.get('SELECT zone, late_event_ms FROM review_rollup_state WHERE id = 1');
  if (!state || state['zone'] !== settings.zone || Number(state['late_event_ms']) !== settings.lateEventMs) return { rows: -1, first: 'built for other settings' };
  let rows = 0;
  let first: string | null = null;
  const nonZero = (r: Row): boolean => ROLLUP_COUNTERS.some((c) => Number(r[c.column] ?? 0) !== 0);
  for (const g of GRAINS) {
    const cols = [...rollupKey(g), ...ROLLUP_COUNTERS.map((c) => c.column)];
    const key = (r: Row): string => cols.map((c) => String(typeof r[c] === 'string' ? r[c] : Number(r[c] ?? 0))).join('|');
    const kept = new Set((await db.all(`SELECT ${cols.join(', ')} FROM ${ROLLUP_GRAINS[g].rollup}`)).filter(nonZero).map(key));
    const want = (await db.all(expectedRollupSelect(db.dialect, g))).filter(nonZero).map(key);
    const missing = want.filter((k) => !kept.delete(k));
    rows += missing.length + kept.size;
    first ??= missing[0] ?? [...kept][0] ?? null;
  }
  return { rows, first };
}

async function writeZoneOffsets(sql: Sql, zone: string): Promise<void> {
  await sql.run('DELETE FROM review_zone_offsets');
  const rows = daysOf(zone)
    .history()
    .map((c, i) => [i === 0 ? BEGINNING : new Date(c.at).toISOString(), c.offsetSec]);
  await insertMany(sql, 'review_zone_offsets', ['starts_at', 'offset_sec'], rows);
}

/** max_delay_ms, late_event_count and the late_events flag of every call, from its events. */
async function recomputeEventFacts(sql: Sql, lateEventMs: number): Promise<void> {
  const delay = msBetween(sql.dialect, 'e.occurred_at', 'e.received_at');
  await sql.run(
    `UPDATE calls SET max_delay_ms = x.m, late_event_count = x.n, flag_late_events = CASE WHEN x.n > 0 THEN 1 ELSE 0 END
       FROM (SELECT e.call_id, CASE WHEN MAX(${delay}) > 0 THEN MAX(${delay}) ELSE 0 END AS m, SUM(CASE WHEN ${delay} > ? THEN 1 ELSE 0 END) AS n
               FROM consent_events e GROUP BY e.call_id) x
      WHERE x.call_id = calls.id AND (calls.max_delay_ms <> x.m OR calls.late_event_count <> x.n OR calls.flag_late_events <> CASE WHEN x.n > 0 THEN 1 ELSE 0 END)`,
    [lateEventMs],
  );
}

/** The rollup rows of grain `g` as a rebuild computes them from `calls` (the property test compares it with the table). */
export function expectedRollupSelect(d: Dialect, g: RollupGrain = 'day'): string {
  const t = ROLLUP_GRAINS[g];
  return `SELECT ${t.of(d, 'c.started_at')} AS ${t.key}, COALESCE(c.team_id, '') AS team_id, c.agent_id, c.campaign_id,
    ${ROLLUP_COUNTERS.map((k) => `SUM(${k.expr(d, 'c')}) AS ${k.column}`).join(', ')}
    FROM calls c GROUP BY 1, 2, 3, 4`;
}

/** The refusal rollup rows of grain `g` as a rebuild computes them from `dial_attempts`. */
export function expectedRefusalSelect(d: Dialect, g: RollupGrain = 'day'): string {
  const t = ROLLUP_GRAINS[g];
  const rj = reasonCodes(d, 'a');
  const key = `${t.of(d, 'a.at')} AS ${t.key}, COALESCE(a.team_id, '') AS team_id, a.agent_id, a.campaign_id`;
  return `SELECT ${key}, '' AS code, COUNT(*) AS n FROM dial_attempts a WHERE a.allowed = 0 GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT ${key}, ${rj.code} AS code, COUNT(*) AS n FROM dial_attempts a, ${rj.from} WHERE a.allowed = 0 GROUP BY 1, 2, 3, 4, 5`;
}

// ---- reading ----------------------------------------------------------------------------------

/** Which rollup rows a question is about (rollups have team, agent and campaign; no lead, outcome or flag). */
export interface RollupFilter {
  readonly team?: string | undefined;
  readonly agent?: string | undefined;
  readonly campaign?: string | undefined;
}

/** Whole center-local days (inclusive range of day keys) and partial days (instants) of a period. */
export interface PeriodParts {
  readonly wholeDays: { readonly first: string; readonly last: string } | null;
  readonly partial: readonly { readonly day: string; readonly start: string; readonly end: string }[];
}

/** Sums of every counter (by column name), per (day, agent, team) group. */
export interface RollupCell {
  readonly day: string;
  readonly agentId: string;
  readonly teamId: string;
  readonly sums: Readonly<Record<string, number>>;
}

function rollupWhere(f: RollupFilter, scope: AccessScope, alias: string): Where {
  const parts: Where[] = [accessWhere(scope, 'rollup', alias)];
  if (f.team !== undefined) parts.push({ clause: `${alias}.team_id = ?`, params: [f.team] });
  if (f.agent !== undefined) parts.push({ clause: `${alias}.agent_id = ?`, params: [f.agent] });
  if (f.campaign !== undefined) parts.push({ clause: `${alias}.campaign_id = ?`, params: [f.campaign] });
  return and(...parts);
}

/** The same filter over base rows (`calls` or `dial_attempts`, which carry the same columns). */
function baseWhere(f: RollupFilter, scope: AccessScope, subject: 'call' | 'attempt', alias: string): Where {
  const parts: Where[] = [accessWhere(scope, subject, alias)];
  if (f.team !== undefined) parts.push({ clause: `${alias}.team_id = ?`, params: [f.team] });
  if (f.agent !== undefined) parts.push({ clause: `${alias}.agent_id = ?`, params: [f.agent] });
  if (f.campaign !== undefined) parts.push({ clause: `${alias}.campaign_id = ?`, params: [f.campaign] });
  return and(...parts);
}

function toCell(r: Row, columns: readonly string[]): RollupCell {
  const sums: Record<string, number> = {};
  for (const c of columns) sums[c] = Number(r[c] ?? 0);
  return { day: String(r['day']), agentId: String(r['agent_id']), teamId: String(r['team_id']), sums };
}

const HOUR_MS = 3_600_000;

/** A clipped day cut at whole UTC hours: the hours it covers whole (`first` <= hour < `end`, hour keys) and the pieces left at its ends. */
export interface HourSplit {
  readonly hours: { readonly first: string; readonly end: string } | null;
  readonly pieces: readonly { readonly start: string; readonly end: string }[];
}

/**
 * Cuts [start, end) at whole UTC hours: the whole hours are read from the hour rollups, the pieces
 * before the first and after the last whole hour (empty for a period cut at whole hours, as every
 * zone's midnight is but a few half-hour zones') from the base rows.
 */
export function splitHours(start: string, end: string): HourSplit {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const hs = Math.ceil(s / HOUR_MS) * HOUR_MS;
  const he = Math.floor(e / HOUR_MS) * HOUR_MS;
  if (hs >= he) return { hours: null, pieces: s < e ? [{ start, end }] : [] };
  const iso = (t: number): string => new Date(t).toISOString();
  const pieces: { start: string; end: string }[] = [];
  if (s < hs) pieces.push({ start, end: iso(hs) });
  if (he < e) pieces.push({ start: iso(he), end });
  return { hours: { first: iso(hs).slice(0, 13), end: iso(he).slice(0, 13) }, pieces };
}

/** The clipped days of `parts` cut at whole hours: each day's hour range and its leftover pieces. */
function clippedDays(parts: PeriodParts): { day: string; hours: HourSplit['hours']; pieces: HourSplit['pieces'] }[] {
  return parts.partial.map((p) => ({ day: p.day, ...splitHours(p.start, p.end) }));
}

/**
 * The hour ranges of `days` over hour-rollup alias `r`: a WHERE matching any of them and a CASE naming
 * the day each hour belongs to.
 */
function hourRanges(days: readonly { day: string; hours: HourSplit['hours'] }[], alias: string): { where: Where; label: Where } | null {
  const ranged = days.flatMap((x) => (x.hours ? [{ day: x.day, ...x.hours }] : []));
  if (ranged.length === 0) return null;
  return {
    where: { clause: ranged.map(() => `(${alias}.hour >= ? AND ${alias}.hour < ?)`).join(' OR '), params: ranged.flatMap((h) => [h.first, h.end]) },
    label: {
      clause: `CASE ${ranged.map(() => `WHEN ${alias}.hour >= ? AND ${alias}.hour < ? THEN CAST(? AS TEXT)`).join(' ')} END`,
      params: ranged.flatMap((h) => [h.first, h.end, h.day]),
    },
  };
}

/**
 * Counter sums per (day, agent, team) for a period, from the rollups alone when the period is cut at
 * whole hours: whole center days from `review_rollup` (a few hundred rows a month per team, whatever
 * the volume), the whole hours of the clipped days at its edges (and every day of another zone) from
 * `review_rollup_hour`; only what is left of an hour (a period not cut at whole hours) is summed from
 * `calls`, with the same expressions. `columns` limits the counters read (all by default).
 */
export async function rollupCells(
  sql: Sql,
  f: RollupFilter,
  scope: AccessScope,
  parts: PeriodParts,
  columns: readonly string[] = ROLLUP_COUNTERS.map((c) => c.column),
): Promise<RollupCell[]> {
  const out: RollupCell[] = [];
  const sums = columns.map((c) => `SUM(r.${c}) AS ${c}`).join(', ');
  if (parts.wholeDays) {
    const w = and(rollupWhere(f, scope, 'r'), { clause: 'r.day >= ? AND r.day <= ?', params: [parts.wholeDays.first, parts.wholeDays.last] });
    const rows = await sql.all(`SELECT r.day, r.agent_id, r.team_id, ${sums} FROM review_rollup r WHERE ${w.clause} GROUP BY r.day, r.agent_id, r.team_id`, w.params);
    for (const r of rows) out.push(toCell(r, columns));
  }
  const clipped = clippedDays(parts);
  const hours = hourRanges(clipped, 'r');
  if (hours) {
    const w = and(rollupWhere(f, scope, 'r'), hours.where);
    const rows = await sql.all(
      `SELECT ${hours.label.clause} AS day, r.agent_id, r.team_id, ${sums} FROM review_rollup_hour r WHERE ${w.clause} GROUP BY 1, r.agent_id, r.team_id`,
      [...hours.label.params, ...w.params],
    );
    for (const r of rows) out.push(toCell(r, columns));
  }
  const exprs = new Map(ROLLUP_COUNTERS.map((c) => [c.column, c]));
  const baseSums = columns.map((c) => `SUM(${exprs.get(c)?.expr(sql.dialect, 'c') ?? '0'}) AS ${c}`).join(', ');
  for (const { day, pieces } of clipped) {
    for (const p of pieces) {
      const w = and(baseWhere(f, scope, 'call', 'c'), { clause: 'c.started_at >= ? AND c.started_at < ?', params: [p.start, p.end] });
      const rows = await sql.all(
        `SELECT CAST(? AS TEXT) AS day, c.agent_id, COALESCE(c.team_id, '') AS team_id, ${baseSums} FROM calls c WHERE ${w.clause} GROUP BY c.agent_id, COALESCE(c.team_id, '')`,
        [day, ...w.params],
      );
      for (const r of rows) out.push(toCell(r, columns));
    }
  }
  return out;
}

/** Refused dial attempts and reason-code counts of a period (code '' = the attempts themselves), from the rollups as `rollupCells` reads them. */
export async function refusalCounts(sql: Sql, f: RollupFilter, scope: AccessScope, parts: PeriodParts): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const add = (code: string, n: number): void => {
    out.set(code, (out.get(code) ?? 0) + n);
  };
  if (parts.wholeDays) {
    const w = and(rollupWhere(f, scope, 'r'), { clause: 'r.day >= ? AND r.day <= ?', params: [parts.wholeDays.first, parts.wholeDays.last] });
    const rows = await sql.all(`SELECT r.code, SUM(r.n) AS n FROM review_refusal_rollup r WHERE ${w.clause} GROUP BY r.code`, w.params);
    for (const r of rows) add(String(r['code']), Number(r['n']));
  }
  const clipped = clippedDays(parts);
  const hours = hourRanges(clipped, 'r');
  if (hours) {
    const w = and(rollupWhere(f, scope, 'r'), hours.where);
    const rows = await sql.all(`SELECT r.code, SUM(r.n) AS n FROM review_refusal_rollup_hour r WHERE ${w.clause} GROUP BY r.code`, w.params);
    for (const r of rows) add(String(r['code']), Number(r['n']));
  }
  const rj = reasonCodes(sql.dialect, 'a');
  for (const p of clipped.flatMap((x) => x.pieces)) {
    const w = and(baseWhere(f, scope, 'attempt', 'a'), { clause: 'a.allowed = 0 AND a.at >= ? AND a.at < ?', params: [p.start, p.end] });
    const attempts = await sql.get(`SELECT COUNT(*) AS n FROM dial_attempts a WHERE ${w.clause}`, w.params);
    add('', Number(attempts?.['n'] ?? 0));
    const rows = await sql.all(`SELECT ${rj.code} AS code, COUNT(*) AS n FROM dial_attempts a, ${rj.from} WHERE ${w.clause} GROUP BY ${rj.code}`, w.params);
    for (const r of rows) add(String(r['code']), Number(r['n']));
  }
  return out;
}
