// Test harness for the central API: a real server (fastify inject, no socket) on a fresh SQLite file or
// a fresh PostgreSQL schema, seeded with the demo data, on a clock the test controls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { newId } from '../../shared/domain/ids';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { createServer, type Server, type ServerOverrides } from '../../server/bootstrap';
import { testConfig, type ServerConfig } from '../../server/config';
import { hashPassword } from '../../server/identity/password';
import { insertTeam, insertUser } from '../../server/identity/users';
import { setAssignedCampaigns } from '../../server/store/campaign-agents';
import { listCampaigns } from '../../server/store/campaigns';
import { PostgresDb, quoteIdent } from '../../server/store/postgres-db';
import { TEST_DATABASE_URL } from './system';

export const DB_KINDS = ['sqlite', 'postgres'] as const;
export type DbKind = (typeof DB_KINDS)[number];

export const DEMO_PASSWORD = 'demo-password-for-tests';

/** 2026-03-10 01:30 UTC = 10:30 in Seoul; 21:30 in New York (closed), 18:30 in Los Angeles (open). */
export const DEFAULT_NOW = new Date('2026-03-10T01:30:00Z');

export interface MutableClock {
  (): Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}

export function mutableClock(start: Date = DEFAULT_NOW): MutableClock {
  let now = new Date(start);
  const clock = (() => new Date(now)) as MutableClock;
  clock.set = (d) => {
    now = new Date(d);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

export interface Reply {
  readonly status: number;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any field
  readonly headers: LightMyRequestResponse['headers'];
  readonly body: string;
  /** The body's bytes (audio and other binary answers). */
  readonly rawPayload: Buffer;
}

export interface RequestOptions {
  readonly token?: string | undefined;
  readonly body?: unknown;
  /** Raw payload (string or Buffer) instead of JSON. */
  readonly payload?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
}

export interface TestServer extends Server {
  readonly kind: DbKind;
  readonly clock: MutableClock;
  readonly config: ServerConfig;
  /** PostgreSQL schema of this server (postgres only). */
  readonly schema: string | undefined;
  /** SQLite file of this server (sqlite only). */
  readonly sqliteFile: string;
  request(method: string, url: string, opts?: RequestOptions): Promise<Reply>;
  login(username: string, password?: string): Promise<string>;
  /** POST /v1/consent-events with `events` (as given: a test may send bad ones). */
  ingest(token: string, events: unknown[]): Promise<Reply>;
  /** The `n` of a query on the server's database (`SELECT COUNT(*) AS n ...`). */
  count(sql: string, params?: (string | number)[]): Promise<number>;
}

/** Starts a seeded server on a fresh database of `kind`. Close it (drops the schema / removes the folder). */
export async function startTestServer(kind: DbKind, opts: { overrides?: ServerOverrides; config?: Partial<ServerConfig>; now?: Date } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-test-'));
  const schema = kind === 'postgres' ? `t_${newId().replace(/-/g, '')}` : undefined;
  const sqliteFile = join(dir, 'callgate.sqlite');
  const config = testConfig({
    sqliteFile,
    dataDir: dir,
    databaseUrl: kind === 'postgres' ? TEST_DATABASE_URL : undefined,
    pgSchema: schema,
    demoPassword: DEMO_PASSWORD,
    ...opts.config,
  });
  const clock = mutableClock(opts.now);
  let server: Server;
  try {
    server = await createServer(config, { clock, ...opts.overrides });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (kind === 'postgres' && (e.code === 'ECONNREFUSED' || /connect|password|database .* does not exist/i.test(e.message ?? ''))) {
      throw new Error(
        `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${e.message ?? String(err)}). These tests need the real one:\n` +
          '  apt-get install -y --no-install-recommends postgresql && service postgresql start\n' +
          "  su postgres -c \"createdb test\"   # trust auth for 127.0.0.1 in pg_hba.conf (.ci/run sets this up)",
      );
    }
    throw err;
  }
  const request = async (method: string, url: string, o: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers['authorization'] = `Bearer ${o.token}`;
    let payload: string | Buffer | undefined = o.payload;
    if (o.body !== undefined) {
      payload = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await server.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}), ...(o.query ? { query: o.query } : {}) });
    let json: unknown = undefined;
    try {
      json = res.body.length > 0 ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, json, headers: res.headers, body: res.body, rawPayload: res.rawPayload };
  };
  const login = async (username: string, password = DEMO_PASSWORD): Promise<string> => {
    const r = await request('POST', '/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.body}`);
    return r.json.token as string;
  };
  const ingest = (token: string, events: unknown[]): Promise<Reply> => request('POST', '/v1/consent-events', { token, body: { events } });
  const count = async (sql: string, params: (string | number)[] = []): Promise<number> => Number((await server.ctx.store.db.get(sql, params))?.['n']);
  return {
    ...server,
    kind,
    clock,
    config,
    schema,
    sqliteFile,
    request,
    login,
    ingest,
    count,
    close: async () => {
      await server.close();
      if (schema) await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const admin = new PostgresDb(TEST_DATABASE_URL);
  try {
    await admin.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await admin.close();
  }
}

import { KR_SALE_PATH, krScriptEvent } from './kr-sale-path';

export { KR_SALE_PATH };

/**
 * A well-formed consent event for `call` (prompt hash computed): by default step `seq` of KR_SALE_PATH
 * (so it replays on the server); override any field.
 */
export function makeEvent(
  call: { id: string; leadId: string; campaignId: string; agentId: string },
  seq: number,
  over: Partial<ConsentEvent> = {},
): ConsentEvent {
  const promptText = over.promptText ?? `상담원이 읽은 안내 문구 ${seq} (prompt ${seq})`;
  const step = KR_SALE_PATH[seq] ?? { stepId: `step-${seq}`, kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-ID'] };
  // An override of the kind names a step of its own: the path's consent kind does not carry over (an
  // opt-out records the marketing consent withdrawn, as ScriptRun's does).
  const consentKind = over.kind === 'opt_out' ? 'marketing_call' : over.kind !== undefined && over.kind !== step.kind ? undefined : step.consentKind;
  const event = krScriptEvent(
    { callId: call.id, sipCallId: 'sip-call-1@callgate.test', leadId: call.leadId, campaignId: call.campaignId, agentId: call.agentId },
    seq,
    promptText,
    { step: { stepId: step.stepId, kind: step.kind, answer: step.answer, ruleIds: step.ruleIds, ...(consentKind ? { consentKind } : {}) }, occurredAt: DEFAULT_NOW.toISOString() },
  );
  return { ...event, ...over };
}

/**
 * A second team beside the demo's: team-busan with its lead `lead2` and agent `agent3` (password
 * DEMO_PASSWORD); agent3 works `campaignIds` (default: every campaign, decision 0013).
 */
export async function addBusanTeam(s: TestServer, opts: { campaignIds?: readonly string[] } = {}): Promise<void> {
  await s.ctx.store.db.tx(async (sql) => {
    const at = s.clock().toISOString();
    await insertTeam(sql, 'team-busan', '부산 팀');
    const hash = await hashPassword(DEMO_PASSWORD, 10);
    await insertUser(sql, { id: 'user-lead2', username: 'lead2', displayName: '정민호', role: 'lead', teamId: 'team-busan', passwordHash: hash }, at);
    await insertUser(sql, { id: 'user-agent3', username: 'agent3', displayName: '윤서진', role: 'agent', teamId: 'team-busan', passwordHash: hash }, at);
    const campaigns = opts.campaignIds ?? (await listCampaigns(sql)).map((c) => c.id);
    await setAssignedCampaigns(sql, 'user-agent3', campaigns, 'user-admin', at);
  });
}

/** Signs in each of the named demo users (demo password); their tokens by name. */
export async function loginAll<N extends string>(s: TestServer, names: readonly N[]): Promise<Record<N, string>> {
  const tokens = {} as Record<N, string>;
  for (const name of names) tokens[name] = await s.login(name);
  return tokens;
}

/**
 * Takes `leadId` the way the desk does before a dial: next-lead by id in the lead's campaign, so the lead
 * is held for this caller (an agent may authorize a dial only for a lead held for them, issue 10 item 4).
 */
export async function takeLead(s: TestServer, token: string, leadId: string): Promise<void> {
  const list = await s.request('GET', '/v1/campaigns', { token });
  if (list.status !== 200) throw new Error(`campaigns: ${list.status} ${list.body}`);
  for (const c of list.json.campaigns as { id: string }[]) {
    const r = await s.request('POST', `/v1/campaigns/${c.id}/next-lead`, { token, body: { leadId } });
    if (r.status === 200) return;
  }
  throw new Error(`next-lead did not hand ${leadId} to this caller`);
}

/** Takes `leadId` (as the desk does) and asks for a dial authorization; returns the raw reply. */
export async function authorizeDial(s: TestServer, token: string, leadId: string): Promise<Reply> {
  await takeLead(s, token, leadId);
  return s.request('POST', `/v1/leads/${leadId}/dial-authorizations`, { token, body: {} });
}

/** Logs in agent1, authorizes a dial to `leadId` and opens the call; returns what tests need. */
export async function openCall(s: TestServer, leadId = 'lead-kr-valid', username = 'agent1'): Promise<{ token: string; call: any; attemptId: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const token = await s.login(username);
  const auth = await authorizeDial(s, token, leadId);
  if (auth.status !== 201) throw new Error(`dial authorization refused: ${auth.status} ${auth.body}`);
  const created = await s.request('POST', '/v1/calls', { token, body: { attemptId: auth.json.attemptId, sipCallId: 'sip-call-1@callgate.test' } });
  if (created.status !== 201) throw new Error(`call not created: ${created.status} ${created.body}`);
  return { token, call: created.json, attemptId: auth.json.attemptId };
}
