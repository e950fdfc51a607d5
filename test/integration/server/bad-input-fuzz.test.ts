import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_BATCH } from '../../../shared/api/consent-events';
import { ROUTES, type RouteDef } from '../../../shared/api/routes';
import { DB_KINDS, makeEvent, openCall, startTestServer, type Reply, type TestServer } from '../../support/server-harness';

/**
 * Bad input never yields a 5xx or a partial write: thousands of generated requests to every route
 * (random JSON, valid bodies with one field broken or added, malformed JSON, wrong content types, odd
 * ids and query strings), each answered with a 4xx problem+json that changes nothing, or a 2xx.
 */

// Evidence and data tables; a rejected request must leave all of them as they were. Login failures are
// recorded by design, and a gate refusal records its dial attempt (and its ledger entry) by design.
const FINGERPRINT = `SELECT
  (SELECT COUNT(*) FROM leads) AS leads, (SELECT COUNT(*) FROM consent_grants) AS grants,
  (SELECT COUNT(*) FROM consent_grants WHERE withdrawn_at IS NOT NULL) AS withdrawn,
  (SELECT COUNT(*) FROM calls) AS calls, (SELECT COUNT(*) FROM calls WHERE state = 'ended') AS ended,
  (SELECT COUNT(*) FROM consent_events) AS events, (SELECT COUNT(*) FROM practice_events) AS practice,
  (SELECT COUNT(*) FROM opt_outs) AS opt_outs, (SELECT COUNT(*) FROM internal_dnc) AS dnc,
  (SELECT COUNT(*) FROM dnc_snapshots) AS snapshots, (SELECT COUNT(*) FROM access_log) AS access,
  (SELECT COUNT(*) FROM ledger) - (SELECT COUNT(*) FROM dial_attempts) AS ledger`;

interface Ctx {
  s: TestServer;
  tokens: Record<string, string>;
  valid: Record<string, unknown>;
  ids: Record<string, string>;
}

const routeNames = Object.keys(ROUTES) as (keyof typeof ROUTES)[];

function expectProblemOrSuccess(r: Reply, what: string): void {
  expect(r.status, `${what} -> ${r.status} ${r.body.slice(0, 300)}`).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.headers['content-type'], what).toContain('application/problem+json');
    expect(r.json?.type, what).toMatch(/^https:\/\/callgate\.dev\/problems\/[a-z-]+$/);
    expect(r.json?.status, what).toBe(r.status);
  }
}

/** A valid body with one thing broken: a field replaced, removed, or an unknown field added. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  if (typeof valid !== 'object' || valid === null || Array.isArray(valid)) return fc.jsonValue();
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.record({ k: fc.constantFrom(...(keys.length ? keys : ['x'])), v: fc.jsonValue({ maxDepth: 3 }) }).map(({ k, v }) => ({ ...valid, [k]: v })),
    fc.constantFrom(...(keys.length ? keys : ['x'])).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))),
    fc.record({ k: fc.string({ minLength: 1, maxLength: 12 }), v: fc.jsonValue({ maxDepth: 2 }) }).map(({ k, v }) => ({ ...valid, [k]: v })),
  );
}

function requestArb(name: keyof typeof ROUTES, c: Ctx) {
  const def: RouteDef = ROUTES[name];
  const raw = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('{', '{"a":', '[1,2', 'null', '"str"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '{}{}', '1e999999'),
  );
  const body = fc.oneof(
    { weight: 3, arbitrary: mutated(c.valid[name]).map((b) => ({ json: b as unknown })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((b) => ({ json: b as unknown })) },
    { weight: 2, arbitrary: raw.map((r) => ({ raw: r, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(raw, fc.constantFrom('text/plain', 'text/csv', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/json; charset=latin1')).map(([r, type]) => ({ raw: r, type })) },
  );
  const id = fc.oneof(
    fc.constantFrom(c.ids['lead'] ?? 'x', c.ids['call'] ?? 'x', c.ids['campaign'] ?? 'x'),
    fc.string({ minLength: 1, maxLength: 120 }),
    fc.constantFrom('..', '%00', 'a'.repeat(101), "'; DROP TABLE ledger; --", '%E0%A4%A'),
  );
  const query = fc.oneof(
    fc.constant(''),
    fc.dictionary(fc.constantFrom('limit', 'cursor', 'from', 'to', 'agent', 'team', 'outcome', 'flag', 'reason', 'profile', 'takenAt', 'campaignId', 'before', 'x'), fc.string({ maxLength: 40 }), { maxKeys: 4 }).map(
      (d) => '?' + new URLSearchParams(d).toString(),
    ),
    fc.constantFrom('?limit=-1', '?limit=100000', '?from=yesterday', '?limit=1&limit=2', '?reason=', '?profile=KR&takenAt=not-a-date'),
  );
  // Mostly tokens that get past authentication, so validation and the handlers are what gets exercised.
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('admin', 'agent1') },
    { weight: 2, arbitrary: fc.constantFrom('lead1', 'trainer1') },
    { weight: 1, arbitrary: fc.constantFrom('none', 'garbage') },
  );
  return fc.record({ body, id, query, token }).map(({ body: b, id: i, query: q, token: t }) => ({
    method: def.method,
    url: def.url.replace(':id', encodeURIComponent(i)) + q,
    body: b,
    token: t === 'none' ? undefined : t === 'garbage' ? 'x'.repeat(40) : c.tokens[t],
  }));
}

describe.each(DB_KINDS)('bad input on %s', (kind) => {
  const c = {} as Ctx;
  beforeAll(async () => {
    c.s = await startTestServer(kind, { config: { loginPerAddressMax: 1_000_000 } });
    const s = c.s;
    c.tokens = { admin: await s.login('admin'), agent1: await s.login('agent1'), lead1: await s.login('lead1'), trainer1: await s.login('trainer1') };
    const opened = await openCall(s);
    c.ids = { lead: 'lead-kr-valid', call: opened.call.id, campaign: 'cmp-kr-insurance' };
    c.valid = {
      login: { username: 'agent2', password: 'not-the-password' },
      nextLead: {},
      importLeads: { campaignId: 'cmp-kr-insurance', rows: [{ name: 'A', phone: '010-0000-0501', timeZone: 'Asia/Seoul', source: { kind: 'own_customer', description: 'x' } }] },
      authorizeDial: {},
      optOut: { channel: 'phone' },
      createCall: { attemptId: opened.attemptId },
      updateCall: { answeredAt: s.clock().toISOString() },
      ingestEvents: { events: [makeEvent(opened.call, 0)] },
    };
  });
  afterAll(async () => {
    await c.s?.close();
  });

  it('thousands of generated requests to every route: never a 5xx, every error a problem+json, no partial write', async () => {
    const s = c.s;
    const runs = kind === 'sqlite' ? 2400 : 900;
    const perRoute = Math.ceil(runs / routeNames.length);
    let sent = 0;
    for (const name of routeNames) {
      await fc.assert(
        fc.asyncProperty(requestArb(name, c), async (req) => {
          const before = await s.ctx.store.db.get(FINGERPRINT);
          const headers: Record<string, string> = {};
          let payload: string | undefined;
          if ('json' in req.body) {
            payload = JSON.stringify(req.body.json) ?? 'null';
            headers['content-type'] = 'application/json';
          } else {
            payload = req.body.raw;
            headers['content-type'] = req.body.type;
          }
          const r = await s.request(req.method, req.url, { token: req.token, payload: req.method === 'GET' ? undefined : payload, headers: req.method === 'GET' ? {} : headers } as never);
          sent += 1;
          expectProblemOrSuccess(r, `${req.method} ${req.url}`);
          if (r.status >= 400) expect(await s.ctx.store.db.get(FINGERPRINT), `${req.method} ${req.url} ${r.status}`).toEqual(before);
        }),
        { numRuns: perRoute, seed: 20260310 },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(runs);
  }, 120_000);

  it('oversized bodies are 413 and huge batches 400, as problem+json, nothing stored', async () => {
    const s = c.s;
    const before = await s.ctx.store.db.get(FINGERPRINT);
    const big = await s.request('POST', '/v1/calls', { token: c.tokens['agent1'], payload: JSON.stringify({ attemptId: 'x'.repeat(400_000) }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    expect(big.json.type).toBe('https://callgate.dev/problems/payload-too-large');
    const call = { id: c.ids['call'] ?? '', leadId: 'lead-kr-valid', campaignId: 'cmp-kr-insurance', agentId: 'user-agent1' };
    const events = Array.from({ length: MAX_EVENT_BATCH + 1 }, (_, i) => makeEvent(call, i));
    const huge = await s.request('POST', '/v1/consent-events', { token: c.tokens['agent1'], body: { events } });
    expect(huge.status).toBe(400);
    expect(huge.json.errors[0].pointer).toBe('/events');
    const over = await s.request('POST', '/v1/consent-events', { token: c.tokens['agent1'], payload: 'x'.repeat(13 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    expect(over.status).toBe(413);
    expect(await s.ctx.store.db.get(FINGERPRINT)).toEqual(before);
  });

  it('a batch with one bad event in the middle stores none of it', async () => {
    const s = c.s;
    const { token, call } = await openCall(s, 'lead-kr-night');
    const before = await s.ctx.store.db.get(FINGERPRINT);
    const events = [makeEvent(call, 0), makeEvent(call, 1), { ...makeEvent(call, 2), calleeTimeZone: 42 }, makeEvent(call, 3)];
    const r = await s.request('POST', '/v1/consent-events', { token, body: { events } });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].pointer).toBe('/events/2/calleeTimeZone');
    const unknownField = await s.request('POST', '/v1/consent-events', { token, body: { events: [{ ...makeEvent(call, 0), extra: true }] } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.errors[0].message).toMatch(/extra/);
    expect(await s.ctx.store.db.get(FINGERPRINT)).toEqual(before);
  });
});
