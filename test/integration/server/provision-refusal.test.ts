import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizeDial, DB_KINDS, makeEvent, openCall, startTestServer, type TestServer } from '../../support/server-harness';

// KR-3P: a "no" to the third-party-provision question of a call withdraws the person's earlier provision
// consent to the recipients read aloud (the seller, for the agency's campaign), through the real API and
// the server's replay of the call's ScriptRun; the next verdict then refuses what depended on it.
describe.each(DB_KINDS)('KR-3P: a "no" to provision withdraws the earlier provision consent on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const LEAD = 'lead-kr-3p-ok';
  const activeProvision = () => s.count("SELECT COUNT(*) AS n FROM consent_grants WHERE lead_id = ? AND kind = 'third_party_provision' AND withdrawn_at IS NULL", [LEAD]);
  const codes = (r: { json: { reasons?: { code: string; detail: string }[] } }) => (r.json.reasons ?? []).map((x) => `${x.code}:${x.detail}`);

  /** The KR sale path up to the provision question (seq 5), answered `answer`. */
  const walkToProvision = async (answer: 'yes' | 'no') => {
    const { token, call } = await openCall(s, LEAD);
    const events = [0, 1, 2, 3, 4].map((seq) => makeEvent(call, seq));
    events.push(makeEvent(call, 5, { answer }));
    const r = await s.ingest(token, events);
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['stored', 'stored', 'stored', 'stored', 'stored', 'stored']);
    return { token, call };
  };

  it('KR-3P: a "no" at the provision step withdraws the grant naming the seller, and the next dial is refused KR-3P withdrawn', async () => {
    expect(await activeProvision()).toBe(1);
    const { token, call } = await walkToProvision('no');
    await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt: new Date(s.clock().getTime() + 30_000).toISOString(), outcome: 'not_interested' } });
    expect(await activeProvision()).toBe(0);
    // The next day, at the same hour: the person has just said they do not agree to the provision.
    s.clock.advance(86_400_000);
    const next = await authorizeDial(s, await s.login('agent1'), LEAD);
    expect(next.status).toBe(422);
    expect(codes(next)).toContain('KR-3P:withdrawn');
    const admin = await s.login('admin');
    expect((await s.request('GET', '/v1/ledger/verify', { token: admin })).json.ok).toBe(true);
    // The refusal names the recipient read aloud (the seller) and the grant it withdrew (decision 0054).
    const bundle = (await s.request('GET', `/v1/leads/${LEAD}/evidence?reason=provision%20refusal%20check`, { token: admin })).json;
    const provision = bundle.grants.find((g: { kind: string }) => g.kind === 'third_party_provision');
    expect(bundle.refusals).toMatchObject([{ kind: 'third_party_provision', recipients: ['co-hanbit-life'], callId: call.id, withdrawnGrantIds: [provision.id], form: 'refusal' }]);
  });

  it('KR-3P: a "yes" at the provision step leaves the provision consent as it was: the next dial is allowed', async () => {
    const { call } = await walkToProvision('yes');
    expect(await activeProvision()).toBe(1);
    const timeline = (await s.request('GET', `/v1/review/calls/${call.id}/timeline`, { token: await s.login('admin') })).json;
    expect(timeline.entries.map((e: { consent: string | null }) => e.consent)).toEqual([null, null, null, 'granted', null, 'granted']);
    s.clock.advance(86_400_000);
    expect((await authorizeDial(s, await s.login('agent1'), LEAD)).status).toBe(201);
  });
});
