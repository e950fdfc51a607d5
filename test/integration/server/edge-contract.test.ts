import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAccess } from '../../../server/identity/access-log';
import { insertLiveSession } from '../../../server/store/live-sessions';
import { authorizeDial, DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';

/** The SIP edge contract (issue 10): dial URIs, token redemption, ephemeral SIP credentials, edge call events. */
describe.each(DB_KINDS)('SIP edge contract on %s', (kind) => {
  let s: TestServer;
  let agent: string;
  let edge: string;
  beforeEach(async () => {
    s = await startTestServer(kind, { config: { edgeDomain: 'edge.callgate.test' } });
    agent = await s.login('agent1');
    edge = s.ctx.config.edgeSecret ?? '';
  });
  afterEach(async () => {
    await s?.close();
  });

  const offer = (leadId: string, token = agent) => s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token, body: { leadId } });
  const authorize = async (leadId = 'lead-kr-valid', token = agent) => {
    await offer(leadId, token);
    const r = await authorizeDial(s, token, leadId);
    expect(r.status, r.body).toBe(201);
    return r;
  };
  const count = async (q: string): Promise<number> => Number((await s.ctx.store.db.get(q))?.['n']);
  const tokenOf = (dialUri: string): string => /^sip:d-([A-Za-z0-9_-]+)@/.exec(dialUri)?.[1] ?? '';
  const redeem = (body: unknown, secret = edge) => s.request('POST', '/v1/edge/dial-tokens/redeem', { token: secret, body });

  it('a dial authorization carries a single-use dial URI and the masked label, never the number (raw body)', async () => {
    for (const user of ['agent1', 'admin']) {
      const token = user === 'agent1' ? agent : await s.login(user);
      const r = await authorize('lead-kr-valid', token);
      expect(Object.keys(r.json).sort()).toEqual(['attemptId', 'dialUri', 'expiresAt', 'label', 'leadId', 'verdict']);
      expect(r.json.dialUri).toMatch(/^sip:d-[A-Za-z0-9_-]{43}@edge\.callgate\.test$/);
      expect(r.json.label).toBe('010-****-0101');
      // +821000000101: no form of the number beyond the mask's last four digits.
      const withoutLabel = r.body.replace(r.json.label, '');
      for (const form of ['+821000000101', '821000000101', '01000000101', '1000000101', '000000101', '0101']) expect(withoutLabel).not.toContain(form);
      expect(r.body).not.toContain('dialTarget');
      // Stored hashed: the token itself is nowhere in the database.
      const row = await s.ctx.store.db.get('SELECT * FROM dial_tokens WHERE attempt_id = ?', [r.json.attemptId]);
      expect(row?.['token_sha256']).toBe(createHash('sha256').update(tokenOf(r.json.dialUri)).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(tokenOf(r.json.dialUri));
    }
    // Two authorizations never share a token.
    const a = await authorize('lead-kr-night');
    const b = await authorize('lead-kr-night');
    expect(tokenOf(a.json.dialUri)).not.toBe(tokenOf(b.json.dialUri));
  });

  it('the edge redeems a token once: 200 with the E.164 target (access-logged), then 403 used; a retry of the same INVITE gets the same answer', async () => {
    const auth = await authorize();
    const token = tokenOf(auth.json.dialUri);
    // The authorization itself revealed no number: nothing logged yet.
    expect(await listAccess(s.ctx.store.db)).toHaveLength(0);
    const ok = await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-a@desk' });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json).toEqual({ target: '+821000000101', attemptId: auth.json.attemptId, leadId: 'lead-kr-valid' });
    const log = await listAccess(s.ctx.store.db);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ userId: 'user-agent1', action: 'dial_target', subjectType: 'lead', subjectId: 'lead-kr-valid' });
    expect(log[0]?.reason).toContain(auth.json.attemptId);
    const again = await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-b@desk' });
    expect(again.status).toBe(403);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json).toMatchObject({ type: 'https://callgate.dev/problems/dial-token-refused', status: 403, reason: 'used' });
    expect(again.body).not.toContain('1000000101');
    const retry = await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-a@desk' });
    expect(retry.status).toBe(200);
    expect(retry.json.target).toBe('+821000000101');
  });

  it.each([
    ['unknown', async () => ({ token: 'A'.repeat(43), sipUser: 'user-agent1' })],
    ['wrong-agent', async () => ({ token: tokenOf((await authorize()).json.dialUri), sipUser: 'user-agent2' })],
    [
      'expired',
      async () => {
        const t = tokenOf((await authorize()).json.dialUri);
        s.clock.advance(s.config.dialTtlSec * 1000);
        return { token: t, sipUser: 'user-agent1' };
      },
    ],
    [
      'session-ended',
      async () => {
        const t = tokenOf((await authorize()).json.dialUri);
        expect((await s.request('POST', '/v1/auth/logout', { token: agent })).status).toBe(204);
        return { token: t, sipUser: 'user-agent1' };
      },
    ],
  ] as const)('refuses a %s token with 403 dial-token-refused and that reason, and uses nothing up', async (reason, make) => {
    const body = await make();
    const r = await redeem({ ...body, sipCallId: 'call-x@desk' });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ type: 'https://callgate.dev/problems/dial-token-refused', reason });
    expect(await count('SELECT COUNT(*) AS n FROM dial_tokens WHERE redeemed_at IS NOT NULL')).toBe(0);
    expect(await listAccess(s.ctx.store.db)).toHaveLength(0);
  });

  it('the gate runs again at redemption: an opt-out between authorization and dial is 403 gate-changed with the rule codes, the token spent, the reason on the call record, no number read', async () => {
    const auth = await authorize();
    const call = await s.request('POST', '/v1/calls', { token: agent, body: { attemptId: auth.json.attemptId } });
    expect(call.status).toBe(201);
    expect((await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: agent, body: { channel: 'phone' } })).status).toBe(200);
    const token = tokenOf(auth.json.dialUri);
    const r = await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-g@desk' });
    expect(r.status, r.body).toBe(403);
    expect(r.json).toMatchObject({ type: 'https://callgate.dev/problems/dial-token-refused', reason: 'gate-changed' });
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['KR-DNC', 'KR-CONSENT']));
    expect(r.json.reasons[0].message.ko.length).toBeGreaterThan(0);
    expect(r.body).not.toContain('1000000101');
    expect(await listAccess(s.ctx.store.db)).toHaveLength(0);
    // The same INVITE again gets the same answer; another INVITE finds the token spent.
    expect((await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-g@desk' })).json.reason).toBe('gate-changed');
    expect((await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-h@desk' })).json.reason).toBe('used');
    // The call record shows the edge's end: 403 and why.
    const detail = await s.request('GET', `/v1/calls/${call.json.id}`, { token: agent });
    expect(detail.json.edge).toMatchObject({ sipCallId: 'call-g@desk', answeredAt: null, sipCode: 403 });
    expect(detail.json.edge.reason).toMatch(/^gate-changed: .*KR-DNC/);
  });

  it('the gate runs again at redemption: a consent withdrawn, or 21:00 KST reached, after the authorization is refused; a dial still allowed is not refused by its own attempt', async () => {
    // Consent withdrawn at once (KR-WITHDRAW) by an opt-out recorded for another channel.
    const withdrawn = await authorize('lead-kr-valid');
    await s.ctx.store.db.run("UPDATE consent_grants SET withdrawn_at = ? WHERE lead_id = 'lead-kr-valid'", [s.clock().toISOString()]);
    const w = await redeem({ token: tokenOf(withdrawn.json.dialUri), sipUser: 'user-agent1', sipCallId: 'call-w@desk' });
    expect(w.status).toBe(403);
    expect(w.json.reasons.map((x: { code: string }) => x.code)).toEqual(['KR-CONSENT']);
    // Night: authorized at 20:59:30 in Seoul, dialled at 21:00:05 (within dialTtlSec).
    s.clock.set('2026-03-10T11:59:30Z');
    agent = await s.login('agent1');
    const late = await authorize('lead-kr-3p-ok');
    s.clock.set('2026-03-10T12:00:05Z');
    const n = await redeem({ token: tokenOf(late.json.dialUri), sipUser: 'user-agent1', sipCallId: 'call-n@desk' });
    expect(n.status).toBe(403);
    expect(n.json.reasons.map((x: { code: string }) => x.code)).toEqual(['KR-NIGHT']);
    // The lead with a separate night-call consent stays callable; its third attempt of the day (the cap)
    // is not refused by counting itself.
    for (let i = 0; i < 2; i++) await authorize('lead-kr-night');
    const third = await authorize('lead-kr-night');
    const ok = await redeem({ token: tokenOf(third.json.dialUri), sipUser: 'user-agent1', sipCallId: 'call-ok@desk' });
    expect(ok.status, ok.body).toBe(200);
  });

  it("an agent taken off the lead's campaign between authorization and dial: 403 not-assigned, the token spent, the reason on the call record, no number read", async () => {
    const admin = await s.login('admin');
    const assign = async (campaignIds: string[]) => {
      const r = await s.request('PUT', '/v1/agents/user-agent1/campaigns', { token: admin, body: { campaignIds } });
      expect(r.status, r.body).toBe(200);
    };
    const auth = await authorize();
    const call = await s.request('POST', '/v1/calls', { token: agent, body: { attemptId: auth.json.attemptId } });
    expect(call.status).toBe(201);
    await assign(['cmp-us-solar']);
    const token = tokenOf(auth.json.dialUri);
    const r = await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-u@desk' });
    expect(r.status, r.body).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json).toMatchObject({ type: 'https://callgate.dev/problems/dial-token-refused', status: 403, reason: 'not-assigned' });
    expect(r.body).not.toContain('1000000101');
    expect(await listAccess(s.ctx.store.db)).toHaveLength(0);
    // The same INVITE again gets the same answer; another INVITE finds the token spent, even once assigned again.
    expect((await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-u@desk' })).json.reason).toBe('not-assigned');
    await assign(['cmp-kr-insurance', 'cmp-us-solar']);
    expect((await redeem({ token, sipUser: 'user-agent1', sipCallId: 'call-v@desk' })).json.reason).toBe('used');
    const detail = await s.request('GET', `/v1/calls/${call.json.id}`, { token: admin });
    expect(detail.json.edge).toMatchObject({ sipCallId: 'call-u@desk', answeredAt: null, sipCode: 403, reason: 'not-assigned' });
  });

  it('positive controls: an agent still assigned (another campaign taken away) is redeemed; an admin, who is never assigned, too', async () => {
    const admin = await s.login('admin');
    const auth = await authorize();
    expect((await s.request('PUT', '/v1/agents/user-agent1/campaigns', { token: admin, body: { campaignIds: ['cmp-kr-insurance'] } })).status).toBe(200);
    const ok = await redeem({ token: tokenOf(auth.json.dialUri), sipUser: 'user-agent1', sipCallId: 'call-k@desk' });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.target).toBe('+821000000101');
    const byAdmin = await authorize('lead-kr-night', admin);
    const a = await redeem({ token: tokenOf(byAdmin.json.dialUri), sipUser: 'user-admin', sipCallId: 'call-adm@desk' });
    expect(a.status, a.body).toBe(200);
  });

  it('a session expiring (not only a sign-out) ends its dial tokens', async () => {
    await s.ctx.store.db.run('UPDATE tokens SET expires_at = ?', [new Date(s.clock().getTime() + 1000).toISOString()]);
    const t = tokenOf((await authorize()).json.dialUri);
    s.clock.advance(1000);
    const r = await redeem({ token: t, sipUser: 'user-agent1', sipCallId: 'c@d' });
    expect(r.json.reason).toBe('session-ended');
  });

  it('edge-only routes take only the edge secret: none is 401, a user session token or a wrong secret 403', async () => {
    const body = { token: 'A'.repeat(43), sipUser: 'user-agent1', sipCallId: 'c@d' };
    expect((await s.request('POST', '/v1/edge/dial-tokens/redeem', { body })).status).toBe(401);
    for (const t of [agent, await s.login('admin'), 'x'.repeat(43)]) {
      const r = await redeem(body, t);
      expect(r.status).toBe(403);
      expect(r.json.type).toBe('https://callgate.dev/problems/forbidden');
    }
    const ev = { sipCallId: 'c@d', attemptId: 'x', kind: 'start', at: s.clock().toISOString() };
    expect((await s.request('POST', '/v1/edge/call-events', { token: agent, body: ev })).status).toBe(403);
    // The edge secret is no session token either.
    expect((await s.request('GET', '/v1/me', { token: edge })).status).toBe(401);
  });

  it('the edge secret is generated once and kept in the data folder (0600)', () => {
    const file = join(s.ctx.config.dataDir, 'keys', 'edge.secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(edge);
    expect(edge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.ctx.config.sipSecret).not.toBe(edge);
  });

  it('20 concurrent redemptions of one token: exactly one 200, the rest 403 used', async () => {
    const token = tokenOf((await authorize()).json.dialUri);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => redeem({ token, sipUser: 'user-agent1', sipCallId: `race-${i}@desk` })));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = replies.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.json).toMatchObject({ status: 403, reason: 'used' });
    expect(await listAccess(s.ctx.store.db)).toHaveLength(1);
  });

  it('POST /v1/sip/credentials: auth_ephemeral username and HMAC-SHA1 password, never past the session', async () => {
    const r = await s.request('POST', '/v1/sip/credentials', { token: agent, body: {} });
    expect(r.status, r.body).toBe(200);
    const [expiry, user] = String(r.json.username).split(':');
    expect(user).toBe('user-agent1');
    expect(Number(expiry)).toBe(Math.floor(s.clock().getTime() / 1000) + s.ctx.config.sipCredentialTtlSec);
    expect(r.json.authUser).toBe(r.json.username);
    expect(r.json.password).toBe(createHmac('sha1', s.ctx.config.sipSecret ?? '').update(r.json.username).digest('base64'));
    expect(r.json.aor).toBe('sip:user-agent1@edge.callgate.test');
    expect(Date.parse(r.json.expiresAt)).toBe(Number(expiry) * 1000);
    // A session ending sooner caps them.
    s.clock.advance(s.config.tokenTtlSec * 1000 - 600_000);
    const late = await s.request('POST', '/v1/sip/credentials', { token: agent });
    const session = await s.request('GET', '/v1/me', { token: agent });
    expect(Date.parse(late.json.expiresAt)).toBeLessThanOrEqual(Date.parse(session.json.tokenExpiresAt));
    expect(Date.parse(session.json.tokenExpiresAt) - Date.parse(late.json.expiresAt)).toBeLessThan(1000);
    // Every signed-in role gets them; after sign-out nobody does.
    for (const u of ['lead1', 'trainer1']) expect((await s.request('POST', '/v1/sip/credentials', { token: await s.login(u) })).status).toBe(200);
    expect((await s.request('POST', '/v1/auth/logout', { token: agent })).status).toBe(204);
    expect((await s.request('POST', '/v1/sip/credentials', { token: agent })).status).toBe(401);
    expect((await s.request('GET', '/v1/me', { token: agent })).status).toBe(401);
  });

  describe('edge call events', () => {
    const event = (o: Record<string, unknown>) => s.request('POST', '/v1/edge/call-events', { token: edge, body: o });
    const at = (ms: number) => new Date(s.clock().getTime() + ms).toISOString();

    async function edgeCall(sipCallId = 'edge-1@desk') {
      const auth = await authorize();
      expect((await redeem({ token: tokenOf(auth.json.dialUri), sipUser: 'user-agent1', sipCallId })).status).toBe(200);
      return { attemptId: auth.json.attemptId as string, sipCallId };
    }
    const openCall = async (attemptId: string) => (await s.request('POST', '/v1/calls', { token: agent, body: { attemptId, sipCallId: 'edge-1@desk' } })).json.id as string;
    const detail = async (id: string) => (await s.request('GET', `/v1/calls/${id}`, { token: agent })).json;

    it('start, answer and end land on the call record beside the desk times; idempotent per (Call-ID, kind); agreeing times raise no flag', async () => {
      const { attemptId, sipCallId } = await edgeCall();
      // The edge may report before the desk opens the call record.
      expect((await event({ sipCallId, attemptId, kind: 'start', at: at(0) })).status).toBe(204);
      const id = await openCall(attemptId);
      expect((await event({ sipCallId, attemptId, kind: 'answer', at: at(3000) })).status).toBe(204);
      expect((await event({ sipCallId, attemptId, kind: 'answer', at: at(9000) })).status).toBe(204);
      expect((await s.request('PATCH', `/v1/calls/${id}`, { token: agent, body: { answeredAt: at(4000) } })).status).toBe(200);
      expect((await s.request('PATCH', `/v1/calls/${id}`, { token: agent, body: { endedAt: at(60_000), outcome: 'not_interested' } })).status).toBe(200);
      expect((await event({ sipCallId, attemptId, kind: 'end', at: at(61_000), sipCode: 200, reason: 'BYE' })).status).toBe(204);
      const d = await detail(id);
      expect(d.edge).toEqual({ sipCallId, startedAt: at(0), answeredAt: at(3000), endedAt: at(61_000), sipCode: 200, reason: 'BYE', mismatches: [] });
      expect(d.call.flags).not.toContain('edge_mismatch');
      expect(await count('SELECT COUNT(*) AS n FROM edge_call_events')).toBe(3);
    });

    it('the desk says connected but the edge never saw an answer: flag edge_mismatch (review filter), and the mismatch named', async () => {
      const { attemptId, sipCallId } = await edgeCall();
      const id = await openCall(attemptId);
      await event({ sipCallId, attemptId, kind: 'start', at: at(0) });
      await s.request('PATCH', `/v1/calls/${id}`, { token: agent, body: { answeredAt: at(2000) } });
      await event({ sipCallId, attemptId, kind: 'end', at: at(20_000), sipCode: 487, reason: 'CANCEL' });
      const d = await detail(id);
      expect(d.edge.mismatches).toEqual(['answer_unseen_by_edge']);
      expect(d.call.flags).toContain('edge_mismatch');
      const lead = await s.login('lead1');
      const list = await s.request('GET', '/v1/calls?flag=edge_mismatch', { token: lead });
      expect(list.json.items.map((c: { id: string }) => c.id)).toEqual([id]);
      // The review timeline carries the edge's times beside the desk's, with the mismatch named.
      const review = await s.request('GET', `/v1/review/calls/${id}/timeline`, { token: lead });
      expect(review.status, review.body).toBe(200);
      expect(review.json.edge).toMatchObject({ startedAt: at(0), answeredAt: null, endedAt: at(20_000), sipCode: 487, mismatches: ['answer_unseen_by_edge'] });
      expect(review.json.call.answeredAt).toBe(at(2000));
    });

    it('answer or end times more than the tolerance apart are a mismatch; the desk correcting nothing clears it', async () => {
      const { attemptId, sipCallId } = await edgeCall();
      const id = await openCall(attemptId);
      await event({ sipCallId, attemptId, kind: 'answer', at: at(1000) });
      await s.request('PATCH', `/v1/calls/${id}`, { token: agent, body: { answeredAt: at(1000 + s.ctx.config.edgeTimeToleranceSec * 1000 + 1) } });
      expect((await detail(id)).edge.mismatches).toEqual(['answer_time']);
      expect((await s.request('PATCH', `/v1/calls/${id}`, { token: agent, body: { endedAt: at(30_000), outcome: 'not_interested' } })).status).toBe(200);
      await event({ sipCallId, attemptId, kind: 'end', at: at(90_000) });
      const d = await detail(id);
      expect(d.edge.mismatches).toEqual(['answer_time', 'end_time']);
      expect(d.call.flags).toContain('edge_mismatch');
    });

    it("the edge's end takes the call off the live board and ends its live sessions, though the desk is still in wrap-up", async () => {
      const { attemptId, sipCallId } = await edgeCall();
      const id = await openCall(attemptId);
      await s.request('PATCH', `/v1/calls/${id}`, { token: agent, body: { answeredAt: at(1000) } });
      const lead = await s.login('lead1');
      const leadId = String((await s.ctx.store.db.get("SELECT id FROM users WHERE username = 'lead1'"))?.['id']);
      const teamId = ((await s.ctx.store.db.get('SELECT team_id FROM calls WHERE id = ?', [id]))?.['team_id'] as string | null) ?? null;
      await insertLiveSession(s.ctx.store.db, { id: 'ls-whisper', callId: id, teamId, userId: leadId, mode: 'whisper', state: 'agent_joined', mediaCallId: sipCallId, leadTag: 'cg-sup-ls-whisper', legTags: ['cg-sup-ls-whisper'], accessLogId: 'access-1', startedAt: at(2000) });
      const board = async () => (await s.request('GET', '/v1/live/calls', { token: lead })).json.items.map((c: { callId: string; sessions: { state: string }[] }) => [c.callId, c.sessions.map((x) => x.state)]);
      expect(await board()).toEqual([[id, ['agent_joined']]]);
      expect((await s.request('GET', `/v1/live/calls/${id}/monitoring`, { token: agent })).json.whisper).toEqual({ sessionId: 'ls-whisper', state: 'agent_joined' });
      expect((await event({ sipCallId, attemptId, kind: 'end', at: at(9000), sipCode: 200, reason: 'BYE' })).status).toBe(204);
      expect(await board()).toEqual([]);
      expect((await s.request('GET', `/v1/live/calls/${id}/monitoring`, { token: agent })).json.whisper).toBeNull();
      expect(await count("SELECT COUNT(*) AS n FROM live_sessions WHERE state = 'ended' AND ended_at IS NOT NULL")).toBe(1);
      // No new session on a call the edge ended (the desk has not recorded the end yet).
      const late = await s.request('POST', `/v1/live/calls/${id}/listen`, { token: lead, body: { reason: '종료된 통화 청취 시도' } });
      expect(late.status, late.body).toBe(409);
      expect(late.json.detail).toContain('ended at the SIP edge');
    });

    it('an event for an attempt no INVITE redeemed, or another Call-ID, is 422 and stores nothing; bad bodies are 400', async () => {
      const { attemptId } = await edgeCall();
      expect((await event({ sipCallId: 'other@desk', attemptId, kind: 'start', at: at(0) })).status).toBe(422);
      expect((await event({ sipCallId: 'edge-1@desk', attemptId: 'nope', kind: 'start', at: at(0) })).status).toBe(422);
      expect((await event({ sipCallId: 'edge-1@desk', attemptId, kind: 'ringing', at: at(0) })).status).toBe(400);
      expect((await event({ sipCallId: 'edge-1@desk', attemptId, kind: 'end', at: 'yesterday' })).status).toBe(400);
      expect((await event({ sipCallId: 'edge-1@desk', attemptId, kind: 'end', at: at(0), sipCode: 42 })).status).toBe(400);
      expect(await count('SELECT COUNT(*) AS n FROM edge_call_events')).toBe(0);
    });
  });
});
