// Server bench part (`npm run bench -- server`):
// - ingest events/s through the API (validation, hashing, hash-chained ledger, durable commit) for SQLite
//   and PostgreSQL, each beside raw driver inserts of the same rows with the same batch size and
//   durability in the same run;
// - GET /v1/calls p50/p95 over a database holding CALLGATE_BENCH_EVENTS events (default 1M; 10M with
//   CALLGATE_BENCH_EVENTS=10000000), generated with bulk SQL, beside the same query run directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sha256Hex } from '../../../shared/domain/hash';
import { newId } from '../../../shared/domain/ids';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { createServer, type Server } from '../../../server/bootstrap';
import { testConfig } from '../../../server/config';
import { canonicalJson } from '../../../server/ledger/hash';
import { listCalls } from '../../../server/store/calls';
import { ALL_ACCESS } from '../../../server/store/access-filter';
import type { Db } from '../../../server/store/sql';
import { TEST_DATABASE_URL } from '../../support/system';
import { dropSchema, DEMO_PASSWORD } from '../../support/server-harness';
import { metric, percentile, type Metric } from '../metric';

const INGEST_CALLS = 100;
const EVENTS_PER_CALL = 50;
const BATCH = 100;
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

function eventsFor(prefix: string): ConsentEvent[][] {
  const events: ConsentEvent[] = [];
  for (let c = 1; c <= INGEST_CALLS; c++) {
    const callNo = String(c).padStart(9, '0');
    for (let seq = 0; seq < EVENTS_PER_CALL; seq++) {
      const promptText = `안녕하십니까, 고객님. 누리콜센터 상담원입니다. 잠시 통화 가능하십니까? (step ${seq})`;
      events.push({
        eventId: newId(),
        callId: `${prefix}c-${callNo}`,
        leadId: `${prefix}l-${callNo}`,
        campaignId: 'cmp-kr-insurance',
        agentId: c % 2 === 0 ? 'user-agent1' : 'user-agent2',
        scriptId: 'kr-default',
        scriptVersion: 1,
        stepId: `step-${seq}`,
        seq,
        kind: 'answer',
        answer: 'yes',
        ruleIds: ['CG-TIME'],
        promptText,
        promptSha256: sha256Hex(promptText),
        locale: 'ko',
        occurredAt: new Date().toISOString(),
        calleeTimeZone: 'Asia/Seoul',
        practice: false,
      });
    }
  }
  // Batches of BATCH events, each call's events in order (as the desk outbox sends them).
  const batches: ConsentEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  return batches;
}

async function ingestThroughApi(server: Server, batches: ConsentEvent[][]): Promise<number> {
  const admin = await token(server, 'admin');
  const t0 = performance.now();
  for (const events of batches) {
    const r = await server.app.inject({ method: 'POST', url: '/v1/consent-events', headers: { authorization: `Bearer ${admin}` }, payload: { events } });
    if (r.statusCode !== 200) throw new Error(`ingest failed: ${r.statusCode} ${r.body.slice(0, 300)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return batches.flat().length / seconds;
}

const RAW_COLUMNS = 'event_id, call_id, lead_id, agent_id, seq, kind, occurred_at, received_at, body, body_sha256, ledger_seq';
const RAW_TABLE = `CREATE TABLE raw_events (event_id TEXT PRIMARY KEY, call_id TEXT NOT NULL, lead_id TEXT NOT NULL, agent_id TEXT NOT NULL, seq INTEGER NOT NULL,
  kind TEXT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, body_sha256 TEXT NOT NULL, ledger_seq BIGINT NOT NULL, UNIQUE (call_id, seq))`;

function rawRow(e: ConsentEvent, i: number): (string | number)[] {
  const body = canonicalJson(e);
  return [e.eventId, e.callId, e.leadId, e.agentId, e.seq, e.kind, e.occurredAt, new Date().toISOString(), body, sha256Hex(body), i];
}

/** The same rows, same batch size, straight into a table through better-sqlite3 (WAL, synchronous=FULL). */
function rawSqlite(dir: string, batches: ConsentEvent[][]): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_TABLE);
  const insert = db.prepare(`INSERT INTO raw_events (${RAW_COLUMNS}) VALUES (${RAW_COLUMNS.split(',').map(() => '?').join(', ')})`);
  let i = 0;
  const t0 = performance.now();
  for (const events of batches) {
    db.transaction(() => {
      for (const e of events) insert.run(...rawRow(e, ++i));
    })();
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return i / seconds;
}

/** The same rows through `pg`: one multi-row INSERT per batch, in its own transaction. */
async function rawPostgres(batches: ConsentEvent[][]): Promise<number> {
  const schema = `bench_raw_${newId().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    await client.query(RAW_TABLE);
    const cols = RAW_COLUMNS.split(',').length;
    let i = 0;
    const t0 = performance.now();
    for (const events of batches) {
      const rows = events.map((e) => rawRow(e, ++i));
      const values = rows.map((_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(', ')})`).join(', ');
      await client.query('BEGIN');
      await client.query(`INSERT INTO raw_events (${RAW_COLUMNS}) VALUES ${values}`, rows.flat());
      await client.query('COMMIT');
    }
    return i / ((performance.now() - t0) / 1000);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
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

async function benchKind(kind: Kind, dir: string, out: Record<string, Metric>): Promise<void> {
  const { server, schema } = await start(kind, dir);
  try {
    const db = server.ctx.store.db;
    await bulkCalls(db, 'bi', INGEST_CALLS, 0);
    const batches = eventsFor('bi');
    const apiRate = await ingestThroughApi(server, batches);
    const rawRate = kind === 'sqlite' ? rawSqlite(dir, eventsFor('raw')) : await rawPostgres(eventsFor('raw'));
    out[`server.ingest.${kind}.events_per_s`] = metric(apiRate, 'events/s', rawRate);

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
