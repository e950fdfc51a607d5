import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import { DEMO_PASSWORD, startApi, type ApiProcess } from '../../support/api-process';
import { dropSchema } from '../../support/server-harness';
import { TEST_DATABASE_URL } from '../../support/system';

/**
 * More than one API process (issue 11 item 7): two real API processes against one PostgreSQL and one
 * Redis. The ledger append serialises across them (no fork), and the login limits are shared, so a
 * client cannot multiply its allowance by switching instance.
 */
const REDIS_URL = process.env['CALLGATE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function call(api: ApiProcess, method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('two API processes on one PostgreSQL and one Redis', () => {
  const schema = `t_${newId().replace(/-/g, '')}`;
  const prefix = `callgate-test:${newId()}:`;
  let a: ApiProcess;
  let b: ApiProcess;
  beforeAll(async () => {
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      CALLGATE_PG_SCHEMA: schema,
      CALLGATE_REDIS_URL: REDIS_URL,
      CALLGATE_REDIS_PREFIX: prefix,
      CALLGATE_LOGIN_PER_ADDRESS_MAX: '8',
      CALLGATE_LOGIN_FAILURES_PER_USER_MAX: '5',
      CALLGATE_SCRYPT_LOG2N: '10',
      LOG_LEVEL: 'warn',
    };
    // One after the other: the first migrates and seeds, the second finds it done.
    a = await startApi(env);
    b = await startApi(env);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await dropSchema(schema);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('login limits are shared: failures per user and attempts per address count across both instances; the 9th attempt is 429', async () => {
    const apis = [a, b];
    const statuses: number[] = [];
    const details: string[] = [];
    const attempt = async (i: number, username: string, password: string) => {
      const r = await call(apis[i % 2] as ApiProcess, 'POST', '/v1/auth/login', { body: { username, password } });
      statuses.push(r.status);
      details.push(String(r.json?.detail ?? ''));
    };
    // 5 wrong passwords for agent2, alternating instances; the 6th is refused for the user (kept in the database).
    for (let i = 0; i < 6; i++) await attempt(i, 'agent2', 'wrong-password');
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(details[5]).toMatch(/failed logins for this user/);
    // Attempts 7 and 8 from this address are fine; the 9th (whichever instance) is over the address's 8.
    await attempt(6, 'admin', DEMO_PASSWORD);
    await attempt(7, 'admin', DEMO_PASSWORD);
    await attempt(8, 'admin', DEMO_PASSWORD);
    expect(statuses.slice(6)).toEqual([200, 200, 429]);
    expect(details[8]).toMatch(/too many attempts from this address/);
    // And the other instance says the same.
    await attempt(9, 'admin', DEMO_PASSWORD);
    expect(statuses[9]).toBe(429);
  }, 60_000);
});

describe('two API processes append to one ledger', () => {
  const schema = `t_${newId().replace(/-/g, '')}`;
  let a: ApiProcess;
  let b: ApiProcess;
  beforeAll(async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL, CALLGATE_PG_SCHEMA: schema, CALLGATE_SCRYPT_LOG2N: '10', LOG_LEVEL: 'warn', CALLGATE_LOGIN_PER_ADDRESS_MAX: '1000' };
    a = await startApi(env);
    b = await startApi(env);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await dropSchema(schema);
  });

  it('concurrent appends through both instances make one unbroken chain with every entry', async () => {
    const login = async (api: ApiProcess, username: string) => (await call(api, 'POST', '/v1/auth/login', { body: { username, password: DEMO_PASSWORD } })).json.token as string;
    const adminA = await login(a, 'admin');
    const adminB = await login(b, 'admin');
    // One agent on both instances (an agent may only dial leads not held for another agent).
    const agents = [await login(a, 'agent1'), await login(b, 'agent1')];
    const before = (await call(a, 'GET', '/v1/ledger/verify', { token: adminA })).json;
    expect(before.ok).toBe(true);
    // The desk takes a lead (next-lead by id) before it dials it: an agent dials only a lead held for them.
    for (const leadId of ['lead-kr-night', 'lead-kr-valid']) {
      expect((await call(a, 'POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: agents[0] as string, body: { leadId } })).status).toBe(200);
    }
    const n = 60;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => call(i % 2 === 0 ? a : b, 'POST', `/v1/leads/${i % 3 === 0 ? 'lead-kr-night' : 'lead-kr-valid'}/dial-authorizations`, { token: agents[i % 2] as string, body: {} })),
    );
    // Allowed (201) or refused by the gate (422): either way one dial attempt and one ledger entry each.
    for (const r of replies) expect([201, 422], JSON.stringify(r.json)).toContain(r.status);
    for (const [api, token] of [[a, adminA], [b, adminB]] as const) {
      const v = (await call(api, 'GET', '/v1/ledger/verify', { token })).json;
      expect(v, JSON.stringify(v)).toMatchObject({ ok: true, firstBroken: null, entries: before.entries + n });
      expect(v.head.seq).toBe(before.entries + n);
    }
  }, 120_000);
});
