// Server bench part (`npm run bench -- server`):
// - ingest under load (issue 11): the API as its own process on a socket, 50 concurrent keep-alive
//   connections posting 1 event per request for CALLGATE_BENCH_INGEST_SEC seconds (default 20, the issue's figure), then 8
//   connections posting 100 events per request, on SQLite and PostgreSQL; each beside a raw driver loop
//   doing the same hash-chained insert (one durable transaction per event, resp. per 100 events) for the
//   same time in the same run, the two alternating in slices of CALLGATE_BENCH_SLICE_SEC (default 2) so
//   load from other work on the machine hits both alike (rate = events summed / seconds summed); after each API run, rows stored == events acknowledged and the ledger
//   verifies (test/bench/ingest-load.ts);
// - GET /v1/calls p50/p95 over a database holding CALLGATE_BENCH_EVENTS events (default 1M; 10M with
//   CALLGATE_BENCH_EVENTS=10000000), generated with bulk SQL, beside the same query run directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../../../shared/domain/ids';
import { createServer, type Server } from '../../../server/bootstrap';
import { testConfig } from '../../../server/config';
import { listCalls } from '../../../server/store/calls';
import { openStore } from '../../../server/store/store';
import { verifyLedger } from '../../../server/ledger/verify';
import { startApi } from '../../support/api-process';
import { closedLoop, EventSource, interleaved, openBenchCalls, rawPostgresLoop, rawSqliteLoop, type LoadLoop, type SlicedLoop } from '../ingest-load';
import { ALL_ACCESS } from '../../../server/store/access-filter';
import type { Db } from '../../../server/store/sql';
import { TEST_DATABASE_URL } from '../../support/system';
import { dropSchema, DEMO_PASSWORD } from '../../support/server-harness';
import { metric, percentile, type Metric } from '../metric';

const INGEST_SEC = Number(process.env['CALLGATE_BENCH_INGEST_SEC'] ?? 20);
const SLICE_SEC = Number(process.env['CALLGATE_BENCH_SLICE_SEC'] ?? 2);
const CONNECTIONS = 50;
const BATCH = 100;
const BATCH_CONNECTIONS = 8;
/** Prepared calls: enough for the run's length at well above today's rates (a call is the KR sale path's events). */
const SINGLE_CALLS = 1_500 * INGEST_SEC;
const BATCHED_CALLS = 4_000 * INGEST_SEC;
const LIST_EVENTS = Number(process.env['CALLGATE_BENCH_EVENTS'] ?? 1_000_000);
const EVENTS_PER_LISTED_CALL = 10;
const LIST_REQUESTS = 300;

type Kind = 'sqlite' | 'postgres';

async function start(kind: Kind, dir: string): Promise<{ server: Server; schema: string | undefined }> {
  const schema = kind === 'postgres' ? `bench_${newId().replace(/-/g, '')}` : undefined;
  const config = testConfig({
    sqliteFile: join(dir, `${kind}.sqlite`),
    dataDir: dir,
    databaseUrl: kind === 'postgres' ? TEST_DATABASE_URL : undefined,
    pgSchema: schema,
    demoPassword: DEMO_PASSWORD,
  });
  return { server: await createServer(config), schema };
}

async function token(server: Server, username: string): Promise<string> {
  const r = await server.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return (r.json() as { token: string }).token;
}

/** SQL pieces that differ between the dialects, for bulk generation. */
function dialect(db: Db) {
  const sqlite = db.dialect === 'sqlite';
  return {
    /** A row source `n` of 1..count. */
    series: (count: number) =>
      sqlite ? `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${count}) SELECT n FROM s` : `SELECT n FROM generate_series(1, ${count}) AS n`,
    pad: (expr: string, width: number) => (sqlite ? `printf('%0${width}d', ${expr})` : `lpad((${expr})::text, ${width}, '0')`),
    /** ISO instant `seconds` after 2026-01-01. */
    instant: (seconds: string) =>
      sqlite ? `strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01 00:00:00', '+' || (${seconds}) || ' seconds')` : `to_char(timestamp '2026-01-01' + (${seconds}) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    mod: (a: string, b: number) => `((${a}) % ${b})`,
  };
}

/** Leads, attempts and calls (and optionally events) generated in bulk SQL, agents from the demo team. */
async function bulkCalls(db: Db, prefix: string, calls: number, eventsPerCall: number): Promise<void> {
  const d = dialect(db);
  const agents = ['user-agent1', 'user-agent2'];
  const agentExpr = `CASE WHEN ${d.mod('n', 2)} = 0 THEN '${agents[0]}' ELSE '${agents[1]}' END`;
  const id = (p: string) => `'${prefix}${p}-' || ${d.pad('n', 9)}`;
  await db.run(
    `INSERT INTO leads (id, campaign_id, name, phone_e164, time_zone, source, created_at)
     SELECT ${id('l')}, 'cmp-kr-insurance', 'Bench', '+8210' || ${d.pad('n', 8)}, 'Asia/Seoul', '{"kind":"own_customer","description":"bench","sameKindOfGoods":false}', '2026-01-01T00:00:00.000Z'
       FROM (${d.series(calls)}) s`,
  );
  await db.run(
    `INSERT INTO dial_attempts (id, lead_id, campaign_id, agent_id, at, allowed, reasons, expires_at, ledger_seq)
     SELECT ${id('a')}, ${id('l')}, 'cmp-kr-insurance', ${agentExpr}, ${d.instant('n')}, 1, '[]', ${d.instant('n + 60')}, 0 FROM (${d.series(calls)}) s`,
  );
  const outcomes = ['sale', 'no_answer', 'not_interested', 'callback', 'no_time', 'refused_consent', 'busy', 'opt_out'];
  const outcomeExpr = `CASE ${d.mod('n', outcomes.length)} ${outcomes.map((o, i) => `WHEN ${i} THEN '${o}'`).join(' ')} END`;
  const ended = eventsPerCall > 0;
  await db.run(
    `INSERT INTO calls (id, attempt_id, lead_id, campaign_id, agent_id, team_id, sip_call_id, state, started_at, answered_at, ended_at, duration_sec, outcome,
                        event_count, next_seq, consent_yes, flag_opt_out, flag_late_events, flag_pitch_without_consent, flag_consent_refused)
     SELECT ${id('c')}, ${id('a')}, ${id('l')}, 'cmp-kr-insurance', ${agentExpr}, 'team-seoul-1', 'sip-' || n, ${ended ? "'ended'" : "'dialing'"},
            ${d.instant('n')}, ${ended ? d.instant('n + 5') : 'NULL'}, ${ended ? d.instant('n + 95') : 'NULL'}, ${ended ? 90 : 'NULL'}, ${ended ? outcomeExpr : 'NULL'},
            ${eventsPerCall}, ${eventsPerCall}, 0,
            CASE WHEN ${d.mod('n', 97)} = 0 THEN 1 ELSE 0 END, CASE WHEN ${d.mod('n', 31)} = 0 THEN 1 ELSE 0 END, 0, CASE WHEN ${d.mod('n', 7)} = 0 THEN 1 ELSE 0 END
       FROM (${d.series(calls)}) s`,
  );
  if (eventsPerCall === 0) return;
  const k = `(${d.mod('n - 1', eventsPerCall)})`;
  const callNo = `((n - 1) / ${eventsPerCall} + 1)`;
  await db.run(
    `INSERT INTO consent_events (event_id, call_id, lead_id, agent_id, seq, kind, occurred_at, received_at, body, body_sha256, ledger_seq)
     SELECT '${prefix}e-' || ${d.pad('n', 10)}, '${prefix}c-' || ${d.pad(callNo, 9)}, '${prefix}l-' || ${d.pad(callNo, 9)},
            CASE WHEN ${d.mod(callNo, 2)} = 0 THEN '${agents[0]}' ELSE '${agents[1]}' END, ${k}, 'answer',
            ${d.instant(`${callNo} + ${k}`)}, ${d.instant(`${callNo} + ${k} + 1`)},
            '{"bench":' || n || '}', '${'0'.repeat(64)}', n
       FROM (${d.series(calls * eventsPerCall)}) s`,
  );
}

/** p50/p95 of GET /v1/calls over a mix of filters, beside the same store query without HTTP. */
async function listLatency(server: Server): Promise<{ api: number[]; raw: number[] }> {
  const admin = await token(server, 'admin');
  const queries: Record<string, string>[] = [
    { limit: '50' },
    { agent: 'user-agent1', limit: '50' },
    { team: 'team-seoul-1', outcome: 'sale', limit: '50' },
    { flag: 'opt_out', limit: '50' },
    { from: '2026-01-01T10:00:00Z', to: '2026-01-01T12:00:00Z', limit: '100' },
  ];
  const api: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < LIST_REQUESTS; i++) {
    const q = queries[i % queries.length] ?? {};
    const t0 = performance.now();
    const r = await server.app.inject({ method: 'GET', url: `/v1/calls?${new URLSearchParams(q).toString()}`, headers: { authorization: `Bearer ${admin}` } });
    api.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`list failed: ${r.statusCode} ${r.body.slice(0, 200)}`);
    const t1 = performance.now();
    await listCalls(server.ctx.store.db, { limit: Number(q['limit']), agent: q['agent'], team: q['team'], outcome: q['outcome'] as 'sale' | undefined, flag: q['flag'] as 'opt_out' | undefined, from: q['from'], to: q['to'] }, ALL_ACCESS);
    raw.push(performance.now() - t1);
  }
  return { api, raw };
}

/** Rows stored == events acknowledged, and the ledger verifies, after an ingest run (else the figure is void). */
async function checkRun(db: Db, prefix: string, acked: number): Promise<void> {
  const stored = Number((await db.get('SELECT COUNT(*) AS n FROM consent_events WHERE call_id LIKE ?', [`${prefix}c-%`]))?.['n']);
  if (stored !== acked) throw new Error(`bench: ${stored} events stored, ${acked} acknowledged`);
  const v = await verifyLedger(db);
  if (!v.ok) throw new Error(`bench: ledger verify failed: ${JSON.stringify(v.firstBroken)}`);
  console.error(`bench: ${prefix}: ${stored} stored == acknowledged; ledger verifies (${v.entries} entries)`);
}

function rawLoop(kind: Kind, dir: string, perTx: number): Promise<SlicedLoop> {
  return kind === 'sqlite' ? Promise.resolve(rawSqliteLoop(dir, perTx)) : rawPostgresLoop(TEST_DATABASE_URL, perTx);
}

/** The API load beside its raw loop, in alternating slices (`interleaved`); both loops closed after. */
async function measure(load: LoadLoop, openRaw: () => Promise<SlicedLoop>): Promise<{ api: number; raw: number; acked: number; latenciesMs: number[]; clientLoopP99Ms: number }> {
  try {
    const raw = await openRaw();
    try {
      const rates = await interleaved(load, raw, INGEST_SEC, SLICE_SEC);
      return { ...rates, acked: load.acked, latenciesMs: load.latenciesMs, clientLoopP99Ms: load.clientLoopDelayMs(99) };
    } finally {
      await raw.close();
    }
  } finally {
    await load.close();
  }
}

async function ingestKind(kind: Kind, dir: string, out: Record<string, Metric>): Promise<void> {
  const schema = kind === 'postgres' ? `bench_${newId().replace(/-/g, '')}` : undefined;
  const pgEnv: Record<string, string> = kind === 'postgres' && schema ? { DATABASE_URL: TEST_DATABASE_URL, CALLGATE_PG_SCHEMA: schema } : {};
  const api = await startApi({ LOG_LEVEL: 'warn', ...pgEnv });
  const store = await openStore({ sqliteFile: api.dbFile, databaseUrl: kind === 'postgres' ? TEST_DATABASE_URL : undefined, pgSchema: schema });
  try {
    const login = await fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
    const admin = ((await login.json()) as { token: string }).token;

    const single = new EventSource(await openBenchCalls(store.db, 'bs', SINGLE_CALLS));
    const one = await measure(closedLoop(api.url, admin, single, { connections: CONNECTIONS, perRequest: 1 }), () => rawLoop(kind, dir, 1));
    await checkRun(store.db, 'bs', one.acked);
    out[`server.ingest.${kind}.c${CONNECTIONS}x1.events_per_s`] = metric(one.api, 'events/s', one.raw);
    out[`server.ingest.${kind}.c${CONNECTIONS}x1.p99_ms`] = metric(percentile(one.latenciesMs, 99), 'ms', null);
    out[`server.ingest.${kind}.c${CONNECTIONS}x1.p50_ms`] = metric(percentile(one.latenciesMs, 50), 'ms', null);
    // How much of the p99 is the bench client's own event loop (the client shares the 2 cores).
    out[`server.ingest.${kind}.c${CONNECTIONS}x1.client_loop_delay_p99_ms`] = metric(one.clientLoopP99Ms, 'ms', null);

    const batched = new EventSource(await openBenchCalls(store.db, 'bb', BATCHED_CALLS));
    const many = await measure(closedLoop(api.url, admin, batched, { connections: BATCH_CONNECTIONS, perRequest: BATCH }), () => rawLoop(kind, dir, BATCH));
    await checkRun(store.db, 'bb', many.acked);
    out[`server.ingest.${kind}.c${BATCH_CONNECTIONS}x${BATCH}.events_per_s`] = metric(many.api, 'events/s', many.raw);
    out[`server.ingest.${kind}.c${BATCH_CONNECTIONS}x${BATCH}.p99_ms`] = metric(percentile(many.latenciesMs, 99), 'ms', null);
  } finally {
    await store.close();
    await api.stop();
    if (schema) await dropSchema(schema);
  }
}

async function benchKind(kind: Kind, dir: string, out: Record<string, Metric>): Promise<void> {
  if (process.env['CALLGATE_BENCH_SKIP_INGEST'] !== '1') await ingestKind(kind, dir, out);
  if (process.env['CALLGATE_BENCH_SKIP_LIST'] === '1') return;
  const { server, schema } = await start(kind, dir);
  try {
    const db = server.ctx.store.db;
    const t0 = performance.now();
    await bulkCalls(db, 'bl', Math.ceil(LIST_EVENTS / EVENTS_PER_LISTED_CALL), EVENTS_PER_LISTED_CALL);
    await db.exec('ANALYZE');
    console.error(`bench: ${kind}: generated ${LIST_EVENTS} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const { api, raw } = await listLatency(server);
    const label = LIST_EVENTS >= 1_000_000 ? `${LIST_EVENTS / 1_000_000}M` : String(LIST_EVENTS);
    out[`server.list_calls.${kind}.${label}.p50_ms`] = metric(percentile(api, 50), 'ms', percentile(raw, 50));
    out[`server.list_calls.${kind}.${label}.p95_ms`] = metric(percentile(api, 95), 'ms', percentile(raw, 95));
  } finally {
    await server.close();
    if (schema) await dropSchema(schema);
  }
}

export async function run(): Promise<Record<string, Metric>> {
  const out: Record<string, Metric> = {};
  const dir = mkdtempSync(join(tmpdir(), 'callgate-bench-'));
  try {
    for (const kind of ['sqlite', 'postgres'] as const) await benchKind(kind, dir, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
