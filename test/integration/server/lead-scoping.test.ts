// Lead scoping by campaign assignment (issue 10 item 4, decision 0013), tried as an attacker would: an
// agent of another team, assigned to another campaign, replays agent1's lead ids on every lead route.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addBusanTeam, authorizeDial, DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';

const KR = 'cmp-kr-insurance';
const US = 'cmp-us-solar';
/** What a refused request must not have changed: holds, attempts, opt-outs, DNC, ledger, assignments. */
const FINGERPRINT = `SELECT
  (SELECT COUNT(*) FROM dial_attempts) AS attempts,
  (SELECT COUNT(*) FROM dial_tokens) AS tokens,
  (SELECT COUNT(*) FROM opt_outs) AS opt_outs,
  (SELECT COUNT(*) FROM internal_dnc) AS dnc,
  (SELECT COUNT(*) FROM ledger) AS ledger,
  (SELECT COUNT(*) FROM campaign_agents) AS assignments,
  (SELECT COUNT(*) FROM consent_grants WHERE withdrawn_at IS NOT NULL) AS withdrawn,
  (SELECT COUNT(*) FROM leads WHERE offered_to = 'user-agent3') AS held_by_attacker`;

describe.each(DB_KINDS)('lead scoping by campaign assignment on %s', (kind) => {
  let s: TestServer;
  let agent1: string;
  let agent3: string;
  beforeEach(async () => {
    s = await startTestServer(kind);
    // Another team (Busan) with its own lead and an agent who works the US campaign only.
    await addBusanTeam(s, { campaignIds: [US] });
    agent1 = await s.login('agent1');
    agent3 = await s.login('agent3');
  });
  afterEach(async () => {
    await s?.close();
  });

  const fingerprint = () => s.ctx.store.db.get(FINGERPRINT);
  const takeById = (campaignId: string, leadId: string, token: string) => s.request('POST', `/v1/campaigns/${campaignId}/next-lead`, { token, body: { leadId } });

  it("an agent replaying another agent's lead ids of a campaign not assigned to them gets 404 everywhere (like an unknown id) and changes nothing", async () => {
    // agent1 works lead-kr-valid (a call is opened), then the hold lapses: the lead is unheld.
    const auth = await authorizeDial(s, agent1, 'lead-kr-valid');
    expect(auth.status).toBe(201);
    expect((await s.request('POST', '/v1/calls', { token: agent1, body: { attemptId: auth.json.attemptId } })).status).toBe(201);
    s.clock.advance(s.config.leadHoldSec * 1000 + 1000);
    agent3 = await s.login('agent3');
    const unknown = await s.request('GET', '/v1/leads/no-such-lead', { token: agent3 });
    expect(unknown.status).toBe(404);
    const before = await fingerprint();
    // lead-kr-valid: called by agent1, unheld now; lead-kr-night: never offered to anybody.
    for (const leadId of ['lead-kr-valid', 'lead-kr-night']) {
      const tries: [string, Awaited<ReturnType<TestServer['request']>>][] = [
        ['next-lead by id', await takeById(KR, leadId, agent3)],
        ['next-lead by id through an assigned campaign', await takeById(US, leadId, agent3)],
        ['lead card', await s.request('GET', `/v1/leads/${leadId}`, { token: agent3 })],
        ['dial authorization', await s.request('POST', `/v1/leads/${leadId}/dial-authorizations`, { token: agent3, body: {} })],
        ['opt-out', await s.request('POST', `/v1/leads/${leadId}/opt-out`, { token: agent3, body: { channel: 'phone' } })],
      ];
      for (const [what, r] of tries) {
        expect(r.status, `${what} ${leadId}: ${r.body}`).toBe(404);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json.type).toBe(unknown.json.type);
        expect(r.body).not.toMatch(/1000000\d{3}/);
      }
    }
    // The campaign itself is not there for agent3: not listed, no next lead.
    expect((await s.request('POST', `/v1/campaigns/${KR}/next-lead`, { token: agent3, body: {} })).status).toBe(404);
    const listed = await s.request('GET', '/v1/campaigns', { token: agent3 });
    expect(listed.json.campaigns.map((c: { id: string }) => c.id)).toEqual([US]);
    expect(await fingerprint()).toEqual(before);
    // Its own campaign works as before.
    const own = await s.request('POST', `/v1/campaigns/${US}/next-lead`, { token: agent3, body: {} });
    expect(own.status).toBe(200);
    expect(own.json.next.lead.campaignId).toBe(US);
  });

  it('assignments: a team lead manages the agents of their team only, an admin any agent; unknown campaigns are 422 and change nothing; agents cannot assign', async () => {
    const lead1 = await s.login('lead1');
    const lead2 = await s.login('lead2');
    const admin = await s.login('admin');
    expect((await s.request('GET', '/v1/agents/user-agent3/campaigns', { token: lead2 })).json).toEqual({ agentId: 'user-agent3', campaignIds: [US] });
    // Another team's agent, a non-agent and an unknown id look alike (404).
    for (const id of ['user-agent1', 'user-lead2', 'nobody']) {
      const r = await s.request('PUT', `/v1/agents/${id}/campaigns`, { token: lead2, body: { campaignIds: [KR, US] } });
      expect(r.status, id).toBe(404);
      expect((await s.request('GET', `/v1/agents/${id}/campaigns`, { token: lead2 })).status).toBe(404);
    }
    expect((await s.request('PUT', '/v1/agents/user-agent3/campaigns', { token: agent3, body: { campaignIds: [KR] } })).status).toBe(403);
    const before = await fingerprint();
    const bad = await s.request('PUT', '/v1/agents/user-agent3/campaigns', { token: lead2, body: { campaignIds: [US, 'cmp-nope'] } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([expect.objectContaining({ location: 'body', pointer: '/campaignIds/1' })]);
    expect(await fingerprint()).toEqual(before);
    expect((await s.request('PUT', '/v1/agents/user-agent1/campaigns', { token: lead1, body: { campaignIds: [KR] } })).json).toEqual({ agentId: 'user-agent1', campaignIds: [KR] });
    // Once the admin assigns the KR campaign, agent3 gets its leads like any agent of it.
    const set = await s.request('PUT', '/v1/agents/user-agent3/campaigns', { token: admin, body: { campaignIds: [KR, US, KR] } });
    expect(set.status).toBe(200);
    expect(set.json.campaignIds).toEqual([KR, US]);
    expect((await takeById(KR, 'lead-kr-night', agent3)).status).toBe(200);
    expect((await s.request('GET', '/v1/leads/lead-kr-night', { token: agent3 })).status).toBe(200);
  });

  it('an agent unassigned from a campaign can no longer dial, read or opt out the lead held for them there', async () => {
    expect((await takeById(KR, 'lead-kr-valid', agent1)).status).toBe(200);
    const admin = await s.login('admin');
    expect((await s.request('PUT', '/v1/agents/user-agent1/campaigns', { token: admin, body: { campaignIds: [US] } })).status).toBe(200);
    const before = await fingerprint();
    expect((await s.request('POST', '/v1/leads/lead-kr-valid/dial-authorizations', { token: agent1, body: {} })).status).toBe(404);
    expect((await s.request('GET', '/v1/leads/lead-kr-valid', { token: agent1 })).status).toBe(404);
    expect((await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: agent1, body: {} })).status).toBe(404);
    expect(await fingerprint()).toEqual(before);
    // Re-assigned: the hold still stands, so the dial goes through.
    expect((await s.request('PUT', '/v1/agents/user-agent1/campaigns', { token: admin, body: { campaignIds: [KR, US] } })).status).toBe(200);
    expect((await s.request('POST', '/v1/leads/lead-kr-valid/dial-authorizations', { token: agent1, body: {} })).status).toBe(201);
  });
});
