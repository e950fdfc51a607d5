// Review bench part (`npm run bench -- review`): p95 of the team lead review screens on databases of 1M
// and 10M consent events (CALLGATE_BENCH_REVIEW_SIZES, default "1000000,10000000"), 10 per call, over 30
// days, on SQLite and PostgreSQL, in one run.
//
// The databases are the server's own: a server (createServer: the same migrations, triggers and seed)
// creates them, then the bulk generator writes the rows with set-based SQL generated inside the database
// (no rows cross the wire, which beats COPY from a client), in batches of 100k calls (1M events) per
// transaction, with the rollup triggers suspended and one rollup rebuild at the end, as
// `suspendReviewRollups` prescribes for bulk loads. A database is built once and cached, keyed by a hash
// of the generator (the server migrates a cached database at start like any other): SQLite files in .tmp/bench/, PostgreSQL
// schemas `bench_review_<key>_<size>` (a marker file in .tmp/bench says the build finished). A rerun with
// unchanged code reuses them; CALLGATE_BENCH_REVIEW_REBUILD=1 builds again, CALLGATE_BENCH_REVIEW_BUILD_ONLY=1
// only builds (to prepare the 10M databases ahead of a measuring run).
//
// Every screen is asked over HTTP of an API process of its own (`node --import tsx server/main.ts`,
// as lead1: team-scoped), beside two baselines run directly on the same database in the same run:
// - `pre`: the same question over the pre-aggregated rows (the rollup table summed directly, the plain
//   indexed page query, one call's events): what the screen costs without the API and its checks;
// - `count`: `SELECT COUNT(*)` of the calls in the range, the floor of any query that scans the range
//   (what every screen cost before the rollups, and what grows linearly with the data).
// The export: time to the first byte of the 3-day CSV of one agent; and a whole-range CSV (100k rows at
// 1M events, 1M rows at 10M) with the API process's peak RSS sampled from /proc beside its idle RSS.
// CALLGATE_BENCH_REVIEW_WHOLE_EXPORT=0 leaves the whole-range export out (minutes at 10M: for runs that
// compare the screens only). Last, the 10M/1M growth ratio of each screen's p95 (1 = flat, 10 = linear).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from '../../../server/bootstrap';
import { testConfig } from '../../../server/config';
import { rebuildReviewRollups, suspendReviewRollups } from '../../../server/store/review-rollup';
import type { Db, SqlValue } from '../../../server/store/sql';
import { openStore } from '../../../server/store/store';
import { bulkReviewData } from '../../integration/review/review-bulk';
import { importKrLeads, placeCall, STEP, type ApiLike } from '../../integration/review/review-seed';
import { waitListening } from '../../support/api-process';
import { freePort } from '../../support/ports';
import { DEMO_PASSWORD, dropSchema } from '../../support/server-harness';
import { TEST_DATABASE_URL } from '../../support/system';
import { metric, percentile, type Metric } from '../metric';

/** Bump when the generated data changes in a way the hashed files do not show. */
const GENERATOR_VERSION = 2;
const ROOT = resolve(import.meta.dirname, '../../..');
const CACHE = join(ROOT, '.tmp', 'bench');
const SIZES = (process.env['CALLGATE_BENCH_REVIEW_SIZES'] ?? '1000000,10000000').split(',').map(Number);
const KINDS = (process.env['CALLGATE_BENCH_REVIEW_DBS'] ?? 'sqlite,postgres').split(',') as Kind[];
const EVENTS_PER_CALL = 10;
const RUNS = Number(process.env['CALLGATE_BENCH_REVIEW_RUNS'] ?? 25);
const PERIOD = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z' };
const TEAM = 'team-seoul-1';
const ZONE = 'Asia/Seoul';
/** Center days of the period (Seoul): what the rollup baseline sums over. */
const DAYS = { first: '2026-01-01', last: '2026-01-31' };
const SCREENS = ['kpis', 'compliance', 'calls_first_page', 'calls_next_page', 'calls_sorted_by_agent', 'timeline', 'export_csv_3_days_ttfb'] as const;

type Kind = 'sqlite' | 'postgres';
type Screen = (typeof SCREENS)[number];

const label = (events: number): string => (events >= 1_000_000 ? `${events / 1_000_000}M` : String(events));

/**
 * The cache key: what decides the generated rows. A later migration or rollup change does not need a
 * new build: the API process migrates the cached database at start and rebuilds the rollups when their
 * definition changed, as it does a production database.
 */
function cacheKey(): string {
  const h = createHash('sha256').update(String(GENERATOR_VERSION));
  h.update(readFileSync(join(ROOT, 'test/integration/review/review-bulk.ts')));
  return h.digest('hex').slice(0, 10);
}

interface Place {
  readonly kind: Kind;
  readonly events: number;
  readonly sqliteFile: string;
  readonly schema: string | undefined;
  readonly marker: string;
}

function placeOf(kind: Kind, events: number, key: string): Place {
  const name = `review-${key}-${label(events)}`;
  return {
    kind,
    events,
    sqliteFile: join(CACHE, `${name}.sqlite`),
    schema: kind === 'postgres' ? `bench_review_${key}_${label(events).toLowerCase()}` : undefined,
    marker: join(CACHE, `${name}.${kind}.done`),
  };
}

/** Builds the database of `p` unless a finished build is cached. */
async function ensureDatabase(p: Place): Promise<void> {
  if (existsSync(p.marker) && process.env['CALLGATE_BENCH_REVIEW_REBUILD'] !== '1') {
    console.error(`bench: review ${p.kind} ${label(p.events)}: cached (${p.schema ?? p.sqliteFile})`);
    return;
  }
  mkdirSync(CACHE, { recursive: true });
  rmSync(p.marker, { force: true });
  if (p.kind === 'sqlite') for (const f of [p.sqliteFile, `${p.sqliteFile}-wal`, `${p.sqliteFile}-shm`]) rmSync(f, { force: true });
  else if (p.schema) await dropSchema(p.schema);
  const config = testConfig({
    sqliteFile: p.sqliteFile,
    dataDir: CACHE,
    databaseUrl: p.kind === 'postgres' ? TEST_DATABASE_URL : undefined,
    pgSchema: p.schema,
    demoPassword: DEMO_PASSWORD,
  });
  const server = await createServer({ ...config, centerTimeZone: ZONE });
  try {
    const db: Db = server.ctx.store.db;
    const t0 = performance.now();
    await suspendReviewRollups(db);
    const calls = Math.ceil(p.events / EVENTS_PER_CALL);
    await bulkReviewData(db, {
      prefix: 'rv',
      calls,
      eventsPerCall: EVENTS_PER_CALL,
      start: '2026-01-01 00:00:00',
      spanDays: 30,
      batchCalls: 100_000,
      progress: (done) => console.error(`bench: review ${p.kind} ${label(p.events)}: ${done}/${calls} calls (${((performance.now() - t0) / 1000).toFixed(0)} s)`),
    });
    const loaded = performance.now();
    await rebuildReviewRollups(db, { zone: ZONE, lateEventMs: server.ctx.config.lateEventSec * 1000 });
    const rebuilt = performance.now();
    // Statistics as a running server has them (PostgreSQL: autovacuum keeps the visibility map current).
    await db.exec(p.kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
    console.error(
      `bench: review ${p.kind} ${label(p.events)}: loaded in ${((loaded - t0) / 1000).toFixed(1)} s, rollups rebuilt in ${((rebuilt - loaded) / 1000).toFixed(1)} s, analyzed in ${((performance.now() - rebuilt) / 1000).toFixed(1)} s`,
    );
  } finally {
    await server.close();
  }
  writeFileSync(p.marker, `${new Date().toISOString()}\n`);
}

/** The API as its own process on the database of `p` (so its RSS is the API's alone). */
async function startApi(p: Place): Promise<{ child: ChildProcess; base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    CALLGATE_DB: p.sqliteFile,
    CALLGATE_DATA_DIR: CACHE,
    CALLGATE_DEMO_PASSWORD: DEMO_PASSWORD,
    CALLGATE_CENTER_TZ: ZONE,
    LOG_LEVEL: 'warn',
    CALLGATE_LATE_EVENT_SEC: '300',
  };
  if (p.kind === 'postgres') {
    env['DATABASE_URL'] = TEST_DATABASE_URL;
    env['CALLGATE_PG_SCHEMA'] = p.schema ?? '';
  } else {
    delete env['DATABASE_URL'];
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const base = `http://127.0.0.1:${port}`;
  // A start may rebuild the rollups (a cached database from before a counter was added): minutes at 10M.
  await waitListening(child, () => output, 30 * 60_000);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, base, stop };
}

/** Resident set of a process (kB) from /proc: current and peak (VmHWM). */
function rssKb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Runs `fn` twice to warm up, then RUNS times; returns the durations in ms. */
async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn();
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

interface Measured {
  readonly api: number;
  readonly pre: number;
  readonly count: number;
}

async function benchOne(p: Place, out: Record<string, Metric>): Promise<Partial<Record<Screen, Measured>>> {
  await ensureDatabase(p);
  if (process.env['CALLGATE_BENCH_REVIEW_BUILD_ONLY'] === '1') return {};
  const store = await openStore({ databaseUrl: p.kind === 'postgres' ? TEST_DATABASE_URL : undefined, sqliteFile: p.sqliteFile, pgSchema: p.schema });
  const api = await startApi(p);
  const measured: Partial<Record<Screen, Measured>> = {};
  try {
    const db: Db = store.db;
    const login = async (username: string): Promise<string> => {
      const r = await fetch(`${api.base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { token: string }).token;
    };
    const auth = { authorization: `Bearer ${await login('lead1')}` };
    const get = async (url: string): Promise<unknown> => {
      const r = await fetch(`${api.base}${url}`, { headers: auth });
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${url}: ${r.status} ${body.slice(0, 300)}`);
      return JSON.parse(body);
    };
    const sql = (text: string, params: readonly SqlValue[] = []) => () => db.all(text, params);
    const period = new URLSearchParams(PERIOD).toString();
    const countRange = await timed(sql('SELECT COUNT(*) AS n FROM calls WHERE team_id = ? AND started_at >= ? AND started_at < ?', [TEAM, PERIOD.from, PERIOD.to]));
    const put = (name: Screen, apiMs: number[], pre: number[]): void => {
      const m = { api: percentile(apiMs, 95), pre: percentile(pre, 95), count: percentile(countRange, 95) };
      measured[name] = m;
      out[`review.${name}.${p.kind}.${label(p.events)}.p95_ms_vs_preaggregated`] = metric(m.api, 'ms', m.pre);
      out[`review.${name}.${p.kind}.${label(p.events)}.p95_ms_vs_count_of_range`] = metric(m.api, 'ms', m.count);
    };

    const rollupSum = (cols: string) =>
      sql(`SELECT day, agent_id, ${cols} FROM review_rollup WHERE team_id = ? AND day >= ? AND day <= ? GROUP BY day, agent_id`, [TEAM, DAYS.first, DAYS.last]);
    put('kpis', await timed(() => get(`/v1/review/kpis?${period}&tz=${ZONE}`)), await timed(rollupSum('SUM(calls) AS calls, SUM(contacts) AS contacts, SUM(consent_yes) AS yes')));
    put(
      'compliance',
      await timed(() => get(`/v1/review/compliance?${period}`)),
      await timed(rollupSum('SUM(flag_opt_out) AS o, SUM(flag_late_events) AS l, SUM(flag_pitch_without_consent) AS p, SUM(flag_consent_refused) AS r')),
    );

    const pageSql = sql('SELECT * FROM calls WHERE team_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 201', [TEAM, PERIOD.from, PERIOD.to]);
    put('calls_first_page', await timed(() => get(`/v1/review/calls?${period}&limit=200`)), await timed(pageSql));
    // Later pages: walk the cursor deeper at each request.
    let cursor = ((await get(`/v1/review/calls?${period}&limit=200`)) as { nextCursor: string }).nextCursor;
    const next = async (): Promise<void> => {
      const page = (await get(`/v1/review/calls?${period}&limit=200&cursor=${encodeURIComponent(cursor)}`)) as { nextCursor: string | null };
      if (page.nextCursor) cursor = page.nextCursor;
    };
    let after = ((await db.all('SELECT started_at FROM calls WHERE team_id = ? ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET 200', [TEAM]))[0]?.['started_at'] ?? PERIOD.to) as string;
    const nextSql = async (): Promise<void> => {
      const rows = await db.all('SELECT * FROM calls WHERE team_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 201', [TEAM, PERIOD.from, after]);
      after = (rows[rows.length - 1]?.['started_at'] as string | undefined) ?? after;
    };
    put('calls_next_page', await timed(next), await timed(nextSql));
    put(
      'calls_sorted_by_agent',
      await timed(() => get(`/v1/review/calls?${period}&limit=200&sort=agent`)),
      await timed(sql('SELECT * FROM calls WHERE agent_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 201', ['user-agent1', PERIOD.from, PERIOD.to])),
    );

    // The bulk events are placeholders; the timeline is read of a real call placed through the API.
    const agentToken = await login('agent1');
    const viaHttp: ApiLike = {
      request: async (method, url, o) => {
        const r = await fetch(`${api.base}${url}`, {
          method,
          headers: { ...(o?.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o?.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(o?.body === undefined ? {} : { body: JSON.stringify(o.body) }),
        });
        const text = await r.text();
        return { status: r.status, json: text ? JSON.parse(text) : undefined };
      },
    };
    // A lead of its own per run: a cached database keeps the calls of earlier runs, and a seeded lead
    // reaches its daily attempt limit (CG-ATTEMPTS) after three of them.
    const digits = String(Date.now() % 10_000_000).padStart(7, '0');
    const [leadId] = await importKrLeads(viaHttp, await login('admin'), [
      { name: '벤치 타임라인', phone: `010-9${digits.slice(0, 3)}-${digits.slice(3)}`, grantedAt: '2026-01-01T00:00:00.000Z', nightConsent: true },
    ]);
    const callId = await placeCall(viaHttp, {
      token: agentToken, agentId: 'user-agent1', leadId: leadId ?? '', at: new Date(Date.now() - 60_000).toISOString(), answeredAfterSec: 5, outcome: 'sale',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.provision('yes', 40), STEP.outcome('sale', 50)],
    });
    put('timeline', await timed(() => get(`/v1/review/calls/${callId}/timeline`)), await timed(sql('SELECT * FROM consent_events WHERE call_id = ? ORDER BY seq', [callId])));

    // Time to the first byte of the 3-day CSV of one agent; the client stops reading there.
    const exportFilter = { agent: 'user-agent1', from: '2026-01-10T00:00:00.000Z', to: '2026-01-13T00:00:00.000Z' };
    const ttfb = async (filter: object): Promise<void> => {
      const r = await fetch(`${api.base}/v1/review/exports/calls`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ filter, reason: 'bench: monthly review export' }),
      });
      if (r.status !== 200 || !r.body) throw new Error(`export: ${r.status} ${await r.text()}`);
      const reader = r.body.getReader();
      const first = await reader.read();
      if (first.done || first.value.length === 0) throw new Error('export: no first chunk');
      await reader.cancel();
    };
    const exportRuns = Math.max(5, Math.floor(RUNS / 2));
    put(
      'export_csv_3_days_ttfb',
      await timed(() => ttfb(exportFilter), exportRuns),
      await timed(
        sql('SELECT * FROM calls WHERE team_id = ? AND agent_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 200', [TEAM, exportFilter.agent, exportFilter.from, exportFilter.to]),
        exportRuns,
      ),
    );

    if (process.env['CALLGATE_BENCH_REVIEW_WHOLE_EXPORT'] === '0') return measured;
    // The whole range as CSV, read to the end, with the API process's RSS sampled as it streams (idle:
    // right before it, every earlier request answered or cancelled and awaited).
    const pid = api.child.pid ?? 0;
    const idle = rssKb(pid).rss;
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKb(pid).rss);
    }, 20);
    const t0 = performance.now();
    const r = await fetch(`${api.base}/v1/review/exports/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { from: PERIOD.from, to: PERIOD.to }, reason: 'bench: whole-range export' }),
    });
    if (r.status !== 200 || !r.body) throw new Error(`export: ${r.status}`);
    let bytes = 0;
    let lines = 0;
    const reader = r.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const x of value) if (x === 10) lines += 1;
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssKb(pid).rss);
    const rows = lines - 1;
    const tag = `${p.kind}.${label(p.events)}`;
    out[`review.export_csv_whole_range.${tag}.rows`] = metric(rows, 'rows', null);
    out[`review.export_csv_whole_range.${tag}.rows_per_s`] = metric(rows / seconds, 'rows/s', null);
    out[`review.export_csv_whole_range.${tag}.api_peak_rss_mb_vs_idle`] = metric(peak / 1024, 'MB', idle / 1024);
    console.error(`bench: review ${tag}: whole-range export ${rows} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s; API RSS idle ${(idle / 1024).toFixed(0)} MB, peak ${(peak / 1024).toFixed(0)} MB`);
  } finally {
    await api.stop();
    await store.close();
  }
  return measured;
}

export async function run(): Promise<Record<string, Metric>> {
  const out: Record<string, Metric> = {};
  const key = cacheKey();
  const sizes = [...SIZES].sort((a, b) => a - b);
  for (const kind of KINDS) {
    const bySize = new Map<number, Partial<Record<Screen, Measured>>>();
    for (const events of sizes) bySize.set(events, await benchOne(placeOf(kind, events, key), out));
    // Growth of each screen's p95 from the smallest to the largest size, beside the growth of COUNT(*) of the range.
    const small = sizes[0];
    const large = sizes[sizes.length - 1];
    if (small === undefined || large === undefined || small === large) continue;
    const a = bySize.get(small);
    const b = bySize.get(large);
    for (const s of SCREENS) {
      const x = a?.[s];
      const y = b?.[s];
      if (!x || !y) continue;
      out[`review.${s}.${kind}.growth_${label(small)}_to_${label(large)}_vs_count_of_range`] = metric(y.api / x.api, 'x', y.count / x.count);
    }
  }
  return out;
}
