import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FUTURE_SKEW_SEC } from '../../../shared/api/common';
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
  (SELECT COUNT(*) FROM consent_grants WHERE withdrawn_at IS NOT NULL) AS withdrawn, (SELECT COUNT(*) FROM consent_refusals) AS refusals,
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
  // Edge-only routes: mostly the edge secret. Sign-out: a spare session, so the others stay signed in.
  const token =
    def.roles === 'edge'
      ? fc.oneof({ weight: 6, arbitrary: fc.constant('edge') }, { weight: 2, arbitrary: fc.constantFrom('admin', 'agent1', 'none', 'garbage') })
      : name === 'logout'
        ? fc.constantFrom('spare', 'none', 'garbage')
        : fc.oneof(
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

/** Every string leaf of a JSON value, with its RFC 6901 pointer (keys here are plain words). */
function stringLeaves(v: unknown, pointer = ''): { pointer: string; path: (string | number)[] }[] {
  const out: { pointer: string; path: (string | number)[] }[] = [];
  const walk = (x: unknown, path: (string | number)[]): void => {
    if (typeof x === 'string') out.push({ pointer: pointer + path.map((p) => `/${p}`).join(''), path });
    else if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
    else if (x !== null && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...path, k]);
  };
  walk(v, []);
  return out;
}

function withLeaf(v: unknown, path: readonly (string | number)[], value: string): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1] as string | number] = value;
  return copy;
}

describe.each(DB_KINDS)('bad input on %s', (kind) => {
  const c = {} as Ctx;
  beforeAll(async () => {
    c.s = await startTestServer(kind, { config: { loginPerAddressMax: 1_000_000 } });
    const s = c.s;
    c.tokens = {
      admin: await s.login('admin'),
      agent1: await s.login('agent1'),
      lead1: await s.login('lead1'),
      trainer1: await s.login('trainer1'),
      spare: await s.login('agent2'),
      edge: s.ctx.config.edgeSecret ?? '',
    };
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
      logout: {},
      sipCredentials: {},
      redeemDialToken: { token: 'A'.repeat(43), sipUser: 'user-agent1', sipCallId: 'fuzz@desk' },
      edgeCallEvent: { sipCallId: 'sip-call-1@callgate.test', attemptId: opened.attemptId, kind: 'answer', at: s.clock().toISOString() },
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

  it('a lone UTF-16 surrogate or a NUL in any string of any body is a 400 naming that field, nothing stored', async () => {
    const s = c.s;
    const bodies: [string, string, string, unknown][] = [
      ['login', 'POST', '/v1/auth/login', c.valid['login']],
      ['importLeads', 'POST', '/v1/leads', c.valid['importLeads']],
      ['optOut', 'POST', '/v1/leads/lead-kr-valid/opt-out', { channel: 'phone', note: 'asked twice' }],
      ['createCall', 'POST', '/v1/calls', c.valid['createCall']],
      ['updateCall', 'PATCH', `/v1/calls/${c.ids['call']}`, c.valid['updateCall']],
      ['ingestEvents', 'POST', '/v1/consent-events', c.valid['ingestEvents']],
    ];
    let checked = 0;
    for (const [name, method, url, body] of bodies) {
      const token = name === 'login' ? undefined : name === 'importLeads' ? c.tokens['admin'] : c.tokens['agent1'];
      for (const leaf of stringLeaves(body)) {
        for (const bad of ['x\uD800y', 'x\uDC00', 'x\u0000y']) {
          const before = await s.ctx.store.db.get(FINGERPRINT);
          const r = await s.request(method, url, { token, body: withLeaf(body, leaf.path, bad) });
          const what = `${name} ${leaf.pointer} ${JSON.stringify(bad)} -> ${r.status} ${r.body.slice(0, 200)}`;
          expect(r.status, what).toBe(400);
          expect(r.json.type, what).toBe('https://callgate.dev/problems/validation');
          expect(r.json.errors.map((e: { pointer: string }) => e.pointer), what).toContain(leaf.pointer);
          expect(await s.ctx.store.db.get(FINGERPRINT), what).toEqual(before);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
    // Query strings too.
    const q = await s.request('GET', `/v1/calls?agent=${encodeURIComponent('a\u0000b')}`, { token: c.tokens['admin'] });
    expect(q.status).toBe(400);
    expect(q.json.errors[0]).toMatchObject({ location: 'querystring', pointer: '/agent' });
  });

  it('timestamps: more than a few minutes ahead or year 9999 is a 400; far in the past is stored and flagged late', async () => {
    const s = c.s;
    const { token, call } = await openCall(s, 'lead-kr-night');
    const before = await s.ctx.store.db.get(FINGERPRINT);
    const now = s.clock().getTime();
    const at = (ms: number): string => new Date(now + ms).toISOString();
    for (const occurredAt of ['9999-12-31T23:59:59Z', at(60 * 60_000), at(MAX_FUTURE_SKEW_SEC * 1000 + 60_000)]) {
      const r = await s.request('POST', '/v1/consent-events', { token, body: { events: [makeEvent(call, 0, { occurredAt })] } });
      expect(r.status, `${occurredAt}: ${r.body}`).toBe(400);
      expect(r.json.errors[0].pointer).toBe('/events/0/occurredAt');
    }
    for (const [field, value] of [['endedAt', '9999-12-31T23:59:59Z'], ['answeredAt', at(3600_000)]] as const) {
      const body = field === 'endedAt' ? { endedAt: value, outcome: 'not_interested' } : { answeredAt: value };
      const r = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body });
      expect(r.status, `${field} ${value}: ${r.body}`).toBe(400);
      expect(r.json.errors[0].pointer).toBe(`/${field}`);
    }
    const callback = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt: at(0), outcome: 'callback', callbackAt: '9999-01-01T00:00:00Z' } });
    expect(callback.status).toBe(400);
    expect(callback.json.errors[0].pointer).toBe('/callbackAt');
    const snapshot = await s.request('POST', '/v1/dnc/snapshots?profile=KR&takenAt=9999-01-01T00:00:00Z', { token: c.tokens['admin'], payload: '010-0000-0101\n', headers: { 'content-type': 'text/plain' } });
    expect(snapshot.status, snapshot.body).toBe(400);
    expect(snapshot.json.errors[0]).toMatchObject({ location: 'querystring', pointer: '/takenAt' });
    expect(await s.ctx.store.db.get(FINGERPRINT)).toEqual(before);
    // A little clock skew is fine; a week-old event is stored (not refused) and its call flagged late.
    const skewed = await s.request('POST', '/v1/consent-events', { token, body: { events: [makeEvent(call, 0, { occurredAt: at(60_000) })] } });
    expect(skewed.status, skewed.body).toBe(200);
    const old = await s.request('POST', '/v1/consent-events', { token, body: { events: [makeEvent(call, 1, { occurredAt: at(-7 * 86_400_000) })] } });
    expect(old.status, old.body).toBe(200);
    expect(old.json.results[0].status).not.toBe('refused');
    const detail = await s.request('GET', `/v1/calls/${call.id}`, { token });
    expect(detail.json.call.flags).toContain('late_events');
  });

  it('unknown IANA time zones and unbounded arrays are 400 naming the field, nothing stored', async () => {
    const s = c.s;
    const { token, call } = await openCall(s, 'lead-kr-night');
    const before = await s.ctx.store.db.get(FINGERPRINT);
    const mars = await s.request('POST', '/v1/consent-events', { token, body: { events: [makeEvent(call, 0, { calleeTimeZone: 'Mars/Olympus' })] } });
    expect(mars.status, mars.body).toBe(400);
    expect(mars.json.errors[0].pointer).toBe('/events/0/calleeTimeZone');
    const ruleIds = Array.from({ length: 100_000 }, () => 'KR-ID');
    const many = await s.request('POST', '/v1/consent-events', { token, body: { events: [makeEvent(call, 0, { ruleIds })] } });
    expect(many.status, many.body.slice(0, 200)).toBe(400);
    expect(many.json.errors[0].pointer).toBe('/events/0/ruleIds');
    const lead = await s.request('POST', '/v1/leads', {
      token: c.tokens['admin'],
      body: { campaignId: 'cmp-kr-insurance', rows: [{ name: 'A', phone: '010-0000-0501', timeZone: 'Mars/Olympus', source: { kind: 'own_customer', description: 'x' } }] },
    });
    expect(lead.status, lead.body).toBeGreaterThanOrEqual(400);
    expect(lead.status, lead.body).toBeLessThan(500);
    expect(await s.ctx.store.db.get(FINGERPRINT)).toEqual(before);
  });

  it('a non-JSON body where JSON is expected is a 415 on every route that takes a body', async () => {
    const s = c.s;
    const before = await s.ctx.store.db.get(FINGERPRINT);
    let checked = 0;
    for (const name of routeNames) {
      const def: RouteDef = ROUTES[name];
      if (!def.body) continue;
      const url = def.url.replace(':id', c.ids['call'] ?? 'x').replace(':version', '1');
      const types = name === 'importLeads' ? ['text/plain', 'application/x-www-form-urlencoded'] : ['text/plain', 'text/csv'];
      for (const type of types) {
        const r = await s.request(def.method, url, { token: c.tokens['admin'], payload: JSON.stringify(c.valid[name] ?? {}), headers: { 'content-type': type } });
        expect(r.status, `${name} ${type}: ${r.body.slice(0, 200)}`).toBe(415);
        expect(r.json.type).toBe('https://callgate.dev/problems/unsupported-media-type');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(await s.ctx.store.db.get(FINGERPRINT)).toEqual(before);
  });
});
