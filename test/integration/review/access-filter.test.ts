// The one access filter, route by route: every review route (enumerated from the route table, so a new
// one without a case here fails) and every other route returning calls, events or people answers an
// agent, a lead of team A, a lead of team B and an admin with exactly what each may see, on SQLite and
// PostgreSQL. A leak is any id of the other team in the answer; an empty answer proves nothing, so each
// case must also find its own team's ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_ROUTES } from '../../../shared/api/review-routes';
import { addBusanTeam, authorizeDial, DB_KINDS, startTestServer, type Reply, type TestServer } from '../../support/server-harness';
import { injectedApi, importKrLeads, placeCall, STEP } from './review-seed';

type Viewer = 'agent1' | 'leadA' | 'leadB' | 'admin';
const VIEWERS: readonly Viewer[] = ['agent1', 'leadA', 'leadB', 'admin'];
const USERNAME: Record<Viewer, string> = { agent1: 'agent1', leadA: 'lead1', leadB: 'lead2', admin: 'admin' };

const PERIOD = 'from=2026-03-08T15:00:00Z&to=2026-03-10T15:00:00Z';

interface World {
  readonly calls: { A: string[]; B: string[]; agent1: string[] };
  readonly leads: { A: string[]; B: string[]; agent1: string[] };
  readonly users: { A: string[]; B: string[] };
}

/** What one viewer may see of the world: the ids that must appear and those that must not. */
function expectations(w: World, v: Viewer, kind: 'calls' | 'leads' | 'users'): { own: string[]; foreign: string[] } {
  const team = kind === 'users' ? w.users : w[kind];
  if (v === 'admin') return { own: [...team.A, ...team.B], foreign: [] };
  if (v === 'leadA') return { own: team.A, foreign: team.B };
  if (v === 'leadB') return { own: team.B, foreign: team.A };
  const mine = kind === 'users' ? ['user-agent1'] : w[kind].agent1;
  return { own: mine, foreign: [...team.A, ...team.B].filter((id) => !mine.includes(id)) };
}

function expectScoped(text: string, e: { own: string[]; foreign: string[] }, what: string): void {
  for (const id of e.foreign) expect(text, `${what}: leaks ${id}`).not.toContain(id);
  expect(e.own.some((id) => text.includes(id)), `${what}: shows none of its own ${e.own.join(', ')}`).toBe(true);
}

/**
 * One case per route: asks as `v` and checks the answer. Review routes are for leads and admins: an
 * agent gets 403 there.
 */
type Case = (ctx: { s: TestServer; w: World; v: Viewer; token: string; req: (m: string, url: string, body?: unknown) => Promise<Reply> }) => Promise<void>;

const reviewOnly = (check: Case): Case => async (c) => {
  if (c.v === 'agent1') {
    const probe = await c.req('GET', '/v1/review/directory');
    expect(probe.status).toBe(403);
    return;
  }
  await check(c);
};

/**
 * Each id answers 200 when visible to the viewer, 404 when not (out of scope looks like absent).
 * `target` gives the GET url of an id, or a POST url and body.
 */
async function onePerId(c: Parameters<Case>[0], kind: 'calls' | 'leads', target: (id: string) => string | [string, unknown]): Promise<void> {
  const e = expectations(c.w, c.v, kind);
  const ask = (id: string): Promise<Reply> => {
    const t = target(id);
    return typeof t === 'string' ? c.req('GET', t) : c.req('POST', t[0], t[1]);
  };
  for (const id of e.own) expect((await ask(id)).status, `${kind} ${id} as ${c.v}`).toBe(200);
  for (const id of e.foreign) expect((await ask(id)).status, `${kind} ${id} as ${c.v}`).toBe(404);
}

const REVIEW_CASES: Record<keyof typeof REVIEW_ROUTES, Case> = {
  reviewKpis: reviewOnly(async ({ req, w, v }) => {
    const r = await req('GET', `/v1/review/kpis?${PERIOD}`);
    expectScoped(JSON.stringify(r.json.byAgent), expectations(w, v, 'users'), 'kpis');
  }),
  reviewCompliance: reviewOnly(async ({ req, w, v }) => {
    const r = await req('GET', `/v1/review/compliance?${PERIOD}`);
    expect(r.status).toBe(200);
    expectScoped(JSON.stringify([r.json.optOuts.items, r.json.reconfirmationDue.items]), expectations(w, v, 'leads'), 'compliance');
    // Refused dials carry no ids: their counts are per team (A refused two, B one).
    expect(r.json.gateRefusals.attempts).toBe({ leadA: 2, leadB: 1, admin: 3 }[v as 'leadA']);
  }),
  reviewCalls: reviewOnly(async ({ req, w, v }) => {
    const r = await req('GET', `/v1/review/calls?${PERIOD}&limit=500`);
    expectScoped(JSON.stringify(r.json.items), expectations(w, v, 'calls'), 'calls');
    expect(r.json.total).toBe(expectations(w, v, 'calls').own.length);
    const byAgent = await req('GET', `/v1/review/calls?${PERIOD}&limit=500&sort=agent`);
    expectScoped(JSON.stringify(byAgent.json.items), expectations(w, v, 'calls'), 'calls by agent');
  }),
  reviewDirectory: reviewOnly(async ({ req, w, v }) => {
    const r = await req('GET', '/v1/review/directory');
    const e = expectations(w, v, 'users');
    expectScoped(JSON.stringify(r.json.agents), { own: e.own.filter((u) => u.includes('agent')), foreign: e.foreign.filter((u) => u.includes('agent')) }, 'directory');
  }),
  reviewTimeline: reviewOnly((c) => onePerId(c, 'calls', (id) => `/v1/review/calls/${id}/timeline`)),
  exportCalls: reviewOnly(async ({ req, w, v }) => {
    const r = await req('POST', '/v1/review/exports/calls', { filter: { from: '2026-03-08T15:00:00Z', to: '2026-03-10T15:00:00Z' }, reason: 'access filter test' });
    expect(r.status).toBe(200);
    expectScoped(r.body, expectations(w, v, 'calls'), 'CSV export');
  }),
  exportEvidence: reviewOnly((c) => onePerId(c, 'leads', (id) => ['/v1/review/exports/evidence', { leadId: id, reason: 'access filter test' }])),
  accessLog: reviewOnly(async ({ req, w, v }) => {
    const r = await req('GET', '/v1/review/access-log?limit=500');
    const users = [...new Set((r.json.items as { userId: string }[]).map((i) => i.userId))].join(' ');
    const e = expectations(w, v, 'users');
    for (const id of e.foreign) expect(users, `access log leaks ${id}`).not.toContain(id);
    expect(e.own.some((id) => users.includes(id))).toBe(true);
  }),
  // KR-ACCESS monthly review: the privacy officer's (admin) only; team leads and agents get 403.
  accessReview: async ({ req, v }) => {
    const r = await req('GET', '/v1/review/access-review?month=2026-03');
    expect(r.status).toBe(v === 'admin' ? 200 : 403);
  },
};

/** Routes outside the review workspace that return calls, events or people. */
const OTHER_CASES: Record<string, Case> = {
  listCalls: async ({ req, w, v }) => {
    const r = await req('GET', '/v1/calls?limit=500');
    expectScoped(JSON.stringify(r.json.items), expectations(w, v, 'calls'), '/v1/calls');
  },
  getCall: (c) => onePerId(c, 'calls', (id) => `/v1/calls/${id}`),
  getLead: (c) => onePerId(c, 'leads', (id) => `/v1/leads/${id}`),
  evidence: reviewOnly((c) => onePerId(c, 'leads', (id) => `/v1/leads/${id}/evidence?reason=access%20filter%20test`)),
  reconfirmationDue: reviewOnly(async ({ req, w, v }) => {
    const r = await req('GET', '/v1/consents/reconfirmation-due?limit=500');
    expectScoped(JSON.stringify(r.json.items), expectations(w, v, 'leads'), 'KR-RECONF');
  }),
};

describe.each(DB_KINDS)('the one access filter on %s', (kind) => {
  let s: TestServer;
  let w: World;
  const tokens = {} as Record<Viewer, string>;

  beforeAll(async () => {
    s = await startTestServer(kind);
    await addBusanTeam(s);
    const api = injectedApi(s);
    const admin = await s.login('admin');
    // Consents given two years ago: every one of these people is due for re-confirmation (KR-RECONF).
    const leads = await importKrLeads(
      api,
      admin,
      ['9101', '9102', '9103', '9104'].map((n) => ({ name: `고객 ${n}`, phone: `010-0000-${n}`, grantedAt: '2024-03-20T00:00:00.000Z' })),
    );
    const lead = (i: number): string => leads[i] ?? '';
    const as = async (username: string, agentId: string) => ({ token: await s.login(username), agentId });
    const a1 = await as('agent1', 'user-agent1');
    const a2 = await as('agent2', 'user-agent2');
    const a3 = await as('agent3', 'user-agent3');
    const sale = [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.provision('yes', 35)];
    const optOut = [STEP.id(6), STEP.time('yes', 10), STEP.optOut(15)];
    const c1 = await placeCall(api, { ...a1, leadId: lead(0), at: '2026-03-09T01:00:00.000Z', answeredAfterSec: 5, outcome: 'sale', events: sale });
    const c2 = await placeCall(api, { ...a2, leadId: lead(1), at: '2026-03-09T02:00:00.000Z', answeredAfterSec: 5, outcome: 'opt_out', events: optOut });
    const c3 = await placeCall(api, { ...a3, leadId: lead(2), at: '2026-03-09T03:00:00.000Z', answeredAfterSec: 5, outcome: 'opt_out', events: optOut });
    const c4 = await placeCall(api, { ...a3, leadId: lead(3), at: '2026-03-09T04:00:00.000Z', answeredAfterSec: 5, outcome: 'sale', events: sale });
    s.clock.set('2026-03-10T01:10:00.000Z');
    for (const [who, leadId] of [[a1, 'lead-kr-dnc'], [a2, 'lead-kr-no-consent'], [a3, 'lead-kr-expired']] as const) {
      expect((await authorizeDial(s, who.token, leadId)).status).toBe(422);
    }
    s.clock.set('2026-03-10T02:00:00.000Z');
    w = {
      calls: { A: [c1, c2], B: [c3, c4], agent1: [c1] },
      leads: { A: [lead(0), lead(1)], B: [lead(2), lead(3)], agent1: [lead(0)] },
      users: { A: ['user-lead1', 'user-agent1', 'user-agent2'], B: ['user-lead2', 'user-agent3'] },
    };
    for (const v of VIEWERS) tokens[v] = await s.login(USERNAME[v]);
    // Access-log entries of both teams (each lead exports once).
    for (const v of ['leadA', 'leadB'] as const) {
      expect((await s.request('POST', '/v1/review/exports/calls', { token: tokens[v], body: { filter: {}, reason: 'seed the access log' } })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await s?.close();
  });

  it('has a case for every review route (a new one must say how it is scoped)', () => {
    expect(Object.keys(REVIEW_CASES).sort()).toEqual(Object.keys(REVIEW_ROUTES).sort());
  });

  for (const [route, check] of [...Object.entries(REVIEW_CASES), ...Object.entries(OTHER_CASES)]) {
    it.each(VIEWERS)(`${route} as %s shows exactly what that viewer may see`, async (v) => {
      const req = (m: string, url: string, body?: unknown) => s.request(m, url, { token: tokens[v], ...(body === undefined ? {} : { body }) });
      await check({ s, w, v, token: tokens[v], req });
    });
  }
});
