import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS, DEMO_PASSWORD, startTestServer, type TestServer } from '../../support/server-harness';

describe.each(DB_KINDS)('identity on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind, { config: { loginPerAddressMax: 8, loginFailuresPerUserMax: 3 } });
  });
  afterEach(async () => {
    await s?.close();
  });

  it('logs in with the demo password and GET /v1/me names the user, role and team', async () => {
    const r = await s.request('POST', '/v1/auth/login', { body: { username: 'lead1', password: DEMO_PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({ username: 'lead1', role: 'lead', teamId: 'team-seoul-1' });
    expect(JSON.stringify(r.json)).not.toContain('scrypt');
    const me = await s.request('GET', '/v1/me', { token: r.json.token });
    expect(me.status).toBe(200);
    expect(me.json.user.username).toBe('lead1');
    expect(me.json.tokenExpiresAt).toBe(r.json.expiresAt);
  });

  it('a wrong password is 401 problem+json with a stable type', async () => {
    const r = await s.request('POST', '/v1/auth/login', { body: { username: 'agent1', password: 'wrong' } });
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json).toMatchObject({ type: 'https://callgate.dev/problems/invalid-credentials', status: 401 });
  });

  it('tokens expire: after the TTL the same token is 401', async () => {
    const token = await s.login('agent1');
    expect((await s.request('GET', '/v1/me', { token })).status).toBe(200);
    s.clock.advance(s.config.tokenTtlSec * 1000 + 1000);
    const r = await s.request('GET', '/v1/me', { token });
    expect(r.status).toBe(401);
    expect(r.json.type).toBe('https://callgate.dev/problems/unauthenticated');
  });

  it('login is rate-limited per user: after 3 failures even the right password is 429 until the window passes', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await s.request('POST', '/v1/auth/login', { body: { username: 'agent2', password: `bad-${i}` } })).status).toBe(401);
    }
    const blocked = await s.request('POST', '/v1/auth/login', { body: { username: 'agent2', password: DEMO_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.json.type).toBe('https://callgate.dev/problems/rate-limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await s.request('POST', '/v1/auth/login', { body: { username: 'agent1', password: DEMO_PASSWORD } })).status).toBe(200);
    s.clock.advance(s.config.loginFailuresWindowSec * 1000 + 1000);
    expect((await s.request('POST', '/v1/auth/login', { body: { username: 'agent2', password: DEMO_PASSWORD } })).status).toBe(200);
  });

  it('login is rate-limited per address: the 9th attempt from one address within the window is 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await s.request('POST', '/v1/auth/login', { body: { username: `nobody-${i}`, password: 'x' } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 8).every((x) => x === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
  });

  it('a wrong role is 403 forbidden, no token is 401', async () => {
    const token = await s.login('agent1');
    const r = await s.request('GET', '/v1/ledger/verify', { token });
    expect(r.status).toBe(403);
    expect(r.json.type).toBe('https://callgate.dev/problems/forbidden');
    expect((await s.request('GET', '/v1/ledger/verify')).status).toBe(401);
    const trainer = await s.login('trainer1');
    expect((await s.request('POST', '/v1/leads/lead-kr-valid/dial-authorizations', { token: trainer, body: {} })).status).toBe(403);
  });
});
