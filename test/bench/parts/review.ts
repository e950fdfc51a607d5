// Review bench part (`npm run bench -- review`): p95 of the team lead review queries over a database
// holding CALLGATE_BENCH_EVENTS consent events (default 1M; 10M with CALLGATE_BENCH_EVENTS=10000000),
// 10 per call, spread over 30 days, on SQLite and PostgreSQL. Each figure goes through the API (fastify
// inject, as lead1: team-scoped) beside a baseline measured in the same run on the same tables:
// - KPIs (totals, per team, agent and local day)  vs  SELECT COUNT(*) of the same calls;
// - compliance flags (joins events, attempts, opt-outs, grants)  vs  SELECT COUNT(*) FROM consent_events;
// - the table: first page with its total, later pages by cursor, sorted by agent name, and a call
//   timeline  vs  the plain indexed page query / the events of one call, run directly;
// - a CSV export of one agent's 3 days  vs  selecting the same rows directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../../../shared/domain/ids';
import { createServer, type Server } from '../../../server/bootstrap';
import { testConfig } from '../../../server/config';
import type { Db, SqlValue } from '../../../server/store/sql';
import { bulkReviewData } from '../../integration/review/review-bulk';
import { placeCall, STEP, type ApiLike } from '../../integration/review/review-seed';
import { TEST_DATABASE_URL } from '../../support/system';
import { dropSchema, DEMO_PASSWORD } from '../../support/server-harness';
import { metric, percentile, type Metric } from '../metric';

const EVENTS = Number(process.env['CALLGATE_BENCH_EVENTS'] ?? 1_000_000);
const EVENTS_PER_CALL = 10;
const RUNS = Number(process.env['CALLGATE_BENCH_REVIEW_RUNS'] ?? 25);
const PERIOD = { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z' };
const TEAM = 'team-seoul-1';

type Kind = 'sqlite' | 'postgres';

async function start(kind: Kind, dir: string): Promise<{ server: Server; schema: string | undefined }> {
  const schema = kind === 'postgres' ? `bench_${newId().replace(/-/g, '')}` : undefined;
  const config = testConfig({
    sqliteFile: join(dir, `review-${kind}.sqlite`),
    dataDir: dir,
    databaseUrl: kind === 'postgres' ? TEST_DATABASE_URL : undefined,
    pgSchema: schema,
    demoPassword: DEMO_PASSWORD,
  });
  return { server: await createServer(config), schema };
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

async function benchKind(kind: Kind, dir: string, out: Record<string, Metric>): Promise<void> {
  const { server, schema } = await start(kind, dir);
  try {
    const db: Db = server.ctx.store.db;
    const t0 = performance.now();
    await bulkReviewData(db, { prefix: 'rv', calls: Math.ceil(EVENTS / EVENTS_PER_CALL), eventsPerCall: EVENTS_PER_CALL, start: '2026-01-01 00:00:00', spanDays: 30 });
    // Statistics as a running server has them (PostgreSQL: autovacuum keeps the visibility map current).
    await db.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
    console.error(`bench: review ${kind}: generated ${EVENTS} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'lead1', password: DEMO_PASSWORD } });
    const auth = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    const get = async (url: string): Promise<unknown> => {
      const r = await server.app.inject({ method: 'GET', url, headers: auth });
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json();
    };
    const sql = (text: string, params: readonly SqlValue[] = []) => () => db.all(text, params);
    const period = new URLSearchParams(PERIOD).toString();
    const label = EVENTS >= 1_000_000 ? `${EVENTS / 1_000_000}M` : String(EVENTS);
    const put = (name: string, api: number[], base: number[]): void => {
      out[`review.${name}.${kind}.${label}.p95_ms`] = metric(percentile(api, 95), 'ms', percentile(base, 95));
    };

    const callsInPeriod = sql('SELECT COUNT(*) AS n FROM calls WHERE team_id = ? AND started_at >= ? AND started_at < ?', [TEAM, '2026-01-01T00:00:00.000Z', '2026-01-31T00:00:00.000Z']);
    put('kpis', await timed(() => get(`/v1/review/kpis?${period}&tz=Asia/Seoul`)), await timed(callsInPeriod));
    put('compliance', await timed(() => get(`/v1/review/compliance?${period}`)), await timed(sql('SELECT COUNT(*) AS n FROM consent_events')));

    const pageSql = sql('SELECT * FROM calls WHERE team_id = ? ORDER BY started_at DESC, id DESC LIMIT 201', [TEAM]);
    put('calls_first_page', await timed(() => get(`/v1/review/calls?${period}&limit=200`)), await timed(pageSql));
    // Later pages: walk the cursor 25 pages deep, one request each.
    let cursor = ((await get(`/v1/review/calls?${period}&limit=200`)) as { nextCursor: string }).nextCursor;
    const next = async (): Promise<void> => {
      const page = (await get(`/v1/review/calls?${period}&limit=200&cursor=${cursor}`)) as { nextCursor: string | null };
      if (page.nextCursor) cursor = page.nextCursor;
    };
    put('calls_next_page', await timed(next), await timed(pageSql));
    put('calls_sorted_by_agent', await timed(() => get(`/v1/review/calls?${period}&limit=200&sort=agent`)), await timed(pageSql));

    // The bulk events are placeholders; the timeline is read of a real call placed through the API.
    const agentLogin = await server.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'agent1', password: DEMO_PASSWORD } });
    const agentToken = (agentLogin.json() as { token: string }).token;
    const viaInject: ApiLike = {
      request: async (method, url, o) => {
        const r = await server.app.inject({ method: method as 'GET', url, headers: o?.token ? { authorization: `Bearer ${o.token}` } : {}, ...(o?.body === undefined ? {} : { payload: o.body as object }) });
        return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined };
      },
    };
    const callId = await placeCall(viaInject, {
      token: agentToken, agentId: 'user-agent1', leadId: 'lead-kr-night', at: new Date(Date.now() - 60_000).toISOString(), answeredAfterSec: 5, outcome: 'sale',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.outcome('sale', 50)],
    });
    put('timeline', await timed(() => get(`/v1/review/calls/${callId}/timeline`)), await timed(sql('SELECT * FROM consent_events WHERE call_id = ? ORDER BY seq', [callId])));

    const exportFilter = { agent: 'user-agent1', from: '2026-01-10T00:00:00Z', to: '2026-01-13T00:00:00Z' };
    const exportRuns = Math.max(5, Math.floor(RUNS / 3));
    const api = await timed(async () => {
      const r = await server.app.inject({ method: 'POST', url: '/v1/review/exports/calls', headers: auth, payload: { filter: exportFilter, reason: 'bench: monthly review export' } });
      if (r.statusCode !== 200) throw new Error(`export: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }, exportRuns);
    const base = await timed(
      sql('SELECT * FROM calls WHERE team_id = ? AND agent_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC, id DESC', [
        TEAM,
        exportFilter.agent,
        '2026-01-10T00:00:00.000Z',
        '2026-01-13T00:00:00.000Z',
      ]),
      exportRuns,
    );
    put('export_csv_3_days', api, base);
  } finally {
    await server.close();
    if (schema) await dropSchema(schema);
  }
}

export async function run(): Promise<Record<string, Metric>> {
  const out: Record<string, Metric> = {};
  const dir = mkdtempSync(join(tmpdir(), 'callgate-bench-review-'));
  try {
    for (const kind of ['sqlite', 'postgres'] as const) await benchKind(kind, dir, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
