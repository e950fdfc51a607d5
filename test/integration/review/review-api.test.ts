// The team lead review API against known data seeded through the API, on SQLite and PostgreSQL:
// exact KPIs per agent, team and local day; compliance flags; team scoping; exports and the access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_FACTS_BACKFILL } from '../../../server/store/review-migration';
import { addBusanTeam, loginAll, authorizeDial, DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';
import { injectedApi, importKrLeads, placeCall, STEP } from './review-seed';

const T = {
  c1: '2026-03-09T01:00:00.000Z', // 10:00 KST on 9 March
  c2: '2026-03-09T02:00:00.000Z',
  c3: '2026-03-09T23:30:00.000Z', // 08:30 KST on 10 March, still 9 March in UTC
  c4: '2026-03-10T00:10:00.000Z',
  c5: '2026-03-10T00:20:00.000Z',
  c6: '2026-03-10T00:40:00.000Z',
  c7: '2026-03-10T00:50:00.000Z',
  c8: '2026-03-10T01:00:00.000Z',
  refusals: '2026-03-10T01:10:00.000Z',
  now: '2026-03-10T02:00:00.000Z',
};
/** 9 and 10 March in Korea. */
const KST_PERIOD = 'from=2026-03-08T15:00:00Z&to=2026-03-10T15:00:00Z';
/** The c2 lead's consent runs out 10 days after "now" (KR-RECONF look-ahead is 30 days). */
const C2_GRANTED = '2024-03-20T00:00:00.000Z';

const ZERO = { calls: 0, contacts: 0, timeAsked: 0, timeYes: 0, consentAsked: 0, consentYes: 0, pitchReached: 0, sales: 0, optOuts: 0, refusals: 0, lateEvents: 0, lateCalls: 0 };

describe.each(DB_KINDS)('team lead review API on %s', (kind) => {
  let s: TestServer;
  let tokens: Record<'admin' | 'lead1' | 'lead2' | 'agent1' | 'agent2' | 'agent3', string>;
  const calls: Record<string, string> = {};
  let leads: string[] = [];
  const refusedCodesTeamA: string[] = [];
  const refusedCodesTeamB: string[] = [];

  beforeAll(async () => {
    s = await startTestServer(kind);
    await addBusanTeam(s);
    tokens = await loginAll(s, ['admin', 'lead1', 'lead2', 'agent1', 'agent2', 'agent3']);
    const api = injectedApi(s);
    const granted = '2026-01-15T00:00:00.000Z';
    leads = await importKrLeads(api, tokens.admin, [
      { name: '김도윤', phone: '010-0000-9001', grantedAt: granted },
      { name: '이하린', phone: '010-0000-9002', grantedAt: granted },
      // c3's consent is due for re-confirmation (c2 said no to it: withdrawn at once, never due, issue 11).
      { name: '박지안', phone: '010-0000-9003', grantedAt: C2_GRANTED },
      { name: '최유준', phone: '010-0000-9004', grantedAt: granted },
      { name: '정서아', phone: '010-0000-9005', grantedAt: granted },
      { name: '강민재', phone: '010-0000-9006', grantedAt: granted },
      { name: '조은우', phone: '010-0000-9007', grantedAt: granted },
      { name: '윤지호', phone: '010-0000-9008', grantedAt: granted },
    ]);
    const a1 = { token: tokens.agent1, agentId: 'user-agent1' };
    const a2 = { token: tokens.agent2, agentId: 'user-agent2' };
    const a3 = { token: tokens.agent3, agentId: 'user-agent3' };
    const lead = (i: number): string => leads[i] ?? '';
    // Team A (team-seoul-1): six calls over two Korean days.
    calls['c1'] = await placeCall(api, { ...a1, leadId: lead(0), at: T.c1, answeredAfterSec: 5, outcome: 'sale',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.provision('yes', 40), STEP.outcome('sale', 50)] });
    calls['c2'] = await placeCall(api, { ...a1, leadId: lead(1), at: T.c2, answeredAfterSec: 5, outcome: 'refused_consent',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('no', 20), STEP.outcome('refused_consent', 25, 'end-no-consent')] });
    calls['c3'] = await placeCall(api, { ...a2, leadId: lead(2), at: T.c3, answeredAfterSec: 4, outcome: 'no_time',
      events: [STEP.id(5), STEP.time('no', 8), STEP.outcome('no_time', 12, 'end-no-time')] });
    calls['c4'] = await placeCall(api, { ...a2, leadId: lead(3), at: T.c4, answeredAfterSec: 5, outcome: 'opt_out',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.optOut(15)] });
    calls['c5'] = await placeCall(api, { ...a1, leadId: lead(4), at: T.c5, answeredAfterSec: null, outcome: 'no_answer', events: [] });
    // Two of c6's events reach the server 1000 s after the dial (the desk was offline): late.
    calls['c6'] = await placeCall(api, { ...a2, leadId: lead(5), at: T.c6, answeredAfterSec: 5, outcome: 'not_interested', lateFrom: 3, lateReceiveSec: 1000,
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 45), STEP.refusal(50)] });
    // Team B (team-busan): a sale, and a pitch sent without consent (a desk can't; a raw client can, and
    // the server's replay refuses it: kept apart, not a pitch reached, but the call is flagged).
    calls['c7'] = await placeCall(api, { ...a3, leadId: lead(6), at: T.c7, answeredAfterSec: 5, outcome: 'sale',
      events: [STEP.id(6), STEP.time('yes', 8), STEP.source(10), STEP.consent('yes', 15), STEP.pitch(20), STEP.provision('yes', 22)] });
    calls['c8'] = await placeCall(api, { ...a3, leadId: lead(7), at: T.c8, answeredAfterSec: 5, outcome: 'not_interested',
      events: [STEP.id(6), STEP.time('yes', 8), STEP.pitch(12)] });
    // Refused dials: two by team A agents, one by team B.
    s.clock.set(T.refusals);
    for (const [token, leadId, into] of [[tokens.agent1, 'lead-kr-dnc', refusedCodesTeamA], [tokens.agent2, 'lead-kr-no-consent', refusedCodesTeamA], [tokens.agent3, 'lead-kr-expired', refusedCodesTeamB]] as const) {
      const r = await authorizeDial(s, token, leadId);
      expect(r.status).toBe(422);
      into.push(...(r.json.reasons as { code: string }[]).map((x) => x.code));
    }
    s.clock.set(T.now);
  });

  afterAll(async () => {
    await s?.close();
  });

  const get = (url: string, token: string) => s.request('GET', url, { token });

  it('KPIs in total and per agent of a lead\'s team over two Korean days are exact', async () => {
    const r = await get(`/v1/review/kpis?${KST_PERIOD}&tz=Asia/Seoul`, tokens.lead1);
    expect(r.status).toBe(200);
    expect(r.json.period).toEqual({ from: '2026-03-08T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z', tz: 'Asia/Seoul' });
    expect(r.json.totals).toEqual({
      calls: 6, contacts: 5, timeAsked: 5, timeYes: 4, timeYesRate: 0.8, consentAsked: 3, consentYes: 2, consentRate: 2 / 3,
      pitchReached: 1, sales: 1, optOuts: 1, refusals: 1, avgSecondsToConsent: 30, lateEvents: 2, lateCalls: 1,
    });
    expect(r.json.byTeam).toEqual([{ teamId: 'team-seoul-1', teamName: '서울 1팀 (Seoul team 1)', ...r.json.totals }]);
    const byAgent = Object.fromEntries(r.json.byAgent.map((a: { agentId: string }) => [a.agentId, a]));
    expect(Object.keys(byAgent).sort()).toEqual(['user-agent1', 'user-agent2']);
    expect(byAgent['user-agent1']).toEqual({
      agentId: 'user-agent1', agentName: '김하준', teamId: 'team-seoul-1',
      calls: 3, contacts: 2, timeAsked: 2, timeYes: 2, timeYesRate: 1, consentAsked: 2, consentYes: 1, consentRate: 0.5,
      pitchReached: 1, sales: 1, optOuts: 0, refusals: 0, avgSecondsToConsent: 20, lateEvents: 0, lateCalls: 0,
    });
    expect(byAgent['user-agent2']).toEqual({
      agentId: 'user-agent2', agentName: '최지우', teamId: 'team-seoul-1',
      calls: 3, contacts: 3, timeAsked: 3, timeYes: 2, timeYesRate: 2 / 3, consentAsked: 1, consentYes: 1, consentRate: 1,
      pitchReached: 0, sales: 0, optOuts: 1, refusals: 1, avgSecondsToConsent: 40, lateEvents: 2, lateCalls: 1,
    });
  });

  it('the daily trend is cut at local midnight of the zone asked for (KST vs UTC)', async () => {
    const kst = await get(`/v1/review/kpis?${KST_PERIOD}&tz=Asia/Seoul`, tokens.lead1);
    expect(kst.json.byDay.map((d: { day: string; calls: number }) => [d.day, d.calls])).toEqual([['2026-03-09', 2], ['2026-03-10', 4]]);
    expect(kst.json.byDay[0]).toMatchObject({ contacts: 2, timeAsked: 2, timeYes: 2, consentAsked: 2, consentYes: 1, pitchReached: 1, sales: 1, avgSecondsToConsent: 20, lateEvents: 0 });
    expect(kst.json.byDay[1]).toMatchObject({ contacts: 3, timeAsked: 3, timeYes: 2, consentAsked: 1, consentYes: 1, optOuts: 1, refusals: 1, avgSecondsToConsent: 40, lateEvents: 2, lateCalls: 1 });
    const utc = await get('/v1/review/kpis?from=2026-03-09T00:00:00Z&to=2026-03-11T00:00:00Z&tz=UTC', tokens.lead1);
    expect(utc.json.byDay.map((d: { day: string; calls: number }) => [d.day, d.calls])).toEqual([['2026-03-09', 3], ['2026-03-10', 3]]);
    // A quiet day is listed with zeros, so a chart has no gaps.
    const week = await get('/v1/review/kpis?from=2026-03-04T15:00:00Z&to=2026-03-10T15:00:00Z&tz=Asia/Seoul', tokens.lead1);
    expect(week.json.byDay).toHaveLength(6);
    expect(week.json.byDay[0]).toMatchObject({ day: '2026-03-05', ...ZERO, timeYesRate: null, consentRate: null, avgSecondsToConsent: null });
  });

  it('an admin sees every team, a lead only their own, an agent none (403); another team is 403', async () => {
    const admin = await get(`/v1/review/kpis?${KST_PERIOD}&tz=Asia/Seoul`, tokens.admin);
    expect(admin.json.totals).toMatchObject({ calls: 8, sales: 2, pitchReached: 2, consentYes: 3 });
    expect(admin.json.byTeam.map((t: { teamId: string; calls: number }) => [t.teamId, t.calls])).toEqual([['team-seoul-1', 6], ['team-busan', 2]]);
    const busan = await get(`/v1/review/kpis?${KST_PERIOD}&team=team-busan`, tokens.admin);
    expect(busan.json.totals).toMatchObject({ calls: 2, sales: 1, pitchReached: 1, consentYes: 1, avgSecondsToConsent: 10 });
    const lead2 = await get(`/v1/review/kpis?${KST_PERIOD}`, tokens.lead2);
    expect(lead2.json.totals.calls).toBe(2);
    expect(lead2.json.byAgent.map((a: { agentId: string }) => a.agentId)).toEqual(['user-agent3']);
    const other = await get(`/v1/review/kpis?${KST_PERIOD}&team=team-busan`, tokens.lead1);
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    for (const url of ['/v1/review/kpis', '/v1/review/calls', '/v1/review/compliance', '/v1/review/access-log', `/v1/review/calls/${calls['c1']}/timeline`]) {
      expect((await get(url, tokens.agent1)).status, url).toBe(403);
    }
    expect((await s.request('GET', '/v1/review/kpis')).status).toBe(401);
  });

  it('a lead never sees another team\'s calls: list, filters, timeline, evidence', async () => {
    const list = await get(`/v1/review/calls?${KST_PERIOD}&limit=500`, tokens.lead1);
    expect(list.json.total).toBe(6);
    expect(list.json.items.map((c: { id: string }) => c.id).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((k) => calls[k]).sort());
    expect(list.json.items.every((c: { teamId: string }) => c.teamId === 'team-seoul-1')).toBe(true);
    expect((await get(`/v1/review/calls?agent=user-agent3`, tokens.lead1)).json.items).toEqual([]);
    expect((await get(`/v1/review/calls?team=team-busan`, tokens.lead1)).status).toBe(403);
    expect((await get(`/v1/review/calls/${calls['c7']}/timeline`, tokens.lead1)).status).toBe(404);
    expect((await get(`/v1/review/calls/${calls['c7']}/timeline`, tokens.lead2)).status).toBe(200);
    const evidence = await s.request('POST', '/v1/review/exports/evidence', { token: tokens.lead1, body: { leadId: leads[6], reason: '다른 팀 고객 열람 시도' } });
    expect(evidence.status).toBe(404);
    const adminList = await get(`/v1/review/calls?${KST_PERIOD}`, tokens.admin);
    expect(adminList.json.total).toBe(8);
    const dir = await get('/v1/review/directory', tokens.lead1);
    expect(dir.json).toEqual({
      timeZone: 'Asia/Seoul',
      teams: [{ id: 'team-seoul-1', name: '서울 1팀 (Seoul team 1)' }],
      agents: [{ id: 'user-agent1', displayName: '김하준', teamId: 'team-seoul-1' }, { id: 'user-agent2', displayName: '최지우', teamId: 'team-seoul-1' }],
    });
  });

  it('the call table filters, sorts and pages without gaps or repeats, numbers masked', async () => {
    const collect = async (query: string): Promise<{ id: string; durationSec: number | null; agentName: string; outcome: string }[]> => {
      const out = [];
      let cursor: string | null = null;
      do {
        const r = await get(`/v1/review/calls?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, tokens.lead1);
        expect(r.status).toBe(200);
        out.push(...r.json.items);
        cursor = r.json.nextCursor;
      } while (cursor);
      return out;
    };
    const newest = await collect(KST_PERIOD);
    expect(newest.map((c) => c.id)).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1'].map((k) => calls[k]));
    const oldest = await collect(`${KST_PERIOD}&sort=startedAt`);
    expect(oldest.map((c) => c.id)).toEqual(newest.map((c) => c.id).reverse());
    const byAgent = await collect(`${KST_PERIOD}&sort=agent`);
    expect(byAgent.map((c) => c.agentName)).toEqual(['김하준', '김하준', '김하준', '최지우', '최지우', '최지우']);
    const byDuration = await collect(`${KST_PERIOD}&sort=-durationSec`);
    expect(byDuration.map((c) => c.durationSec)).toEqual([86, 85, 85, 85, 85, 0]);
    const byOutcome = await collect(`${KST_PERIOD}&sort=outcome`);
    expect(byOutcome.map((c) => c.outcome)).toEqual(['no_answer', 'no_time', 'not_interested', 'opt_out', 'refused_consent', 'sale']);

    const flagged = await get('/v1/review/calls?flag=late_events', tokens.lead1);
    expect(flagged.json.items.map((c: { id: string }) => c.id)).toEqual([calls['c6']]);
    const sales = await get('/v1/review/calls?outcome=sale', tokens.lead1);
    expect(sales.json).toMatchObject({ total: 1, items: [{ id: calls['c1'], maskedNumber: '010-****-9001', calleeTimeZone: 'Asia/Seoul' }] });
    const byLead = await get(`/v1/review/calls?lead=${(leads[3] ?? '').slice(0, 12)}`, tokens.lead1);
    expect(byLead.json.items.map((c: { leadId: string }) => c.leadId)).toContain(leads[3]);
    expect(byLead.json.items.every((c: { leadId: string }) => c.leadId.startsWith((leads[3] ?? '').slice(0, 12)))).toBe(true);
    const agent2 = await get(`/v1/review/calls?agent=user-agent2&from=2026-03-09T23:00:00Z`, tokens.lead1);
    expect(agent2.json.total).toBe(3);
    expect(JSON.stringify((await get('/v1/review/calls?limit=500', tokens.admin)).json.items)).not.toMatch(/\+82|1000009\d{3}/);
  });

  it('compliance flags of the period: late events, pitch without consent (zero), gate refusals per code, opt-outs, KR-RECONF, KR-WITHDRAW', async () => {
    const r = await get(`/v1/review/compliance?${KST_PERIOD}`, tokens.lead1);
    expect(r.status).toBe(200);
    const c = r.json;
    expect(c.lateEvents).toEqual({
      lateEventSec: 300, calls: 1, events: 2,
      items: [{ callId: calls['c6'], agentId: 'user-agent2', agentName: '최지우', leadId: leads[5], leadName: '강민재', maskedNumber: '010-****-9006', startedAt: T.c6, lateEvents: 2, maxDelaySec: 955 }],
    });
    expect(c.pitchWithoutConsent).toEqual({ calls: 0, items: [] });
    const expectedCodes = Object.entries(count(refusedCodesTeamA)).map(([code, n]) => ({ code, count: n }));
    expect(refusedCodesTeamA.length).toBeGreaterThanOrEqual(2);
    expect(c.gateRefusals.attempts).toBe(2);
    expect([...c.gateRefusals.byReason].sort(byCode)).toEqual(expectedCodes.sort(byCode));
    const optOutAt = new Date(Date.parse(T.c4) + 60_000).toISOString();
    const noticeDueBy = new Date(Date.parse(optOutAt) + 14 * 86_400_000).toISOString();
    // KR-WITHDRAW: the one opt-out is counted once; its notice is a status of it, not a second item.
    expect(c.optOuts).toMatchObject({ count: 1, unconfirmed: 0, noticesOverdue: 0 });
    expect(c.optOuts.items).toEqual([
      {
        optOutId: expect.any(String), leadId: leads[3], leadName: '최유준', maskedNumber: '010-****-9004', at: optOutAt, channel: 'call', callId: calls['c4'],
        withdrawnGrants: 1, dncListedAt: optOutAt, earlier: false, notice: { dueBy: noticeDueBy, state: 'due', sentAt: null },
      },
    ]);
    expect(c).not.toHaveProperty('withdrawalNoticesDue');
    expect(c.reconfirmationDue).toMatchObject({ dueBefore: '2026-04-09T02:00:00.000Z', count: 1, overdue: 0 });
    expect(c.reconfirmationDue.items).toEqual([
      { grantId: expect.any(String), leadId: leads[2], leadName: '박지안', maskedNumber: '010-****-9003', campaignId: 'cmp-kr-insurance', kind: 'marketing_call', dueAt: '2026-03-20T00:00:00.000Z', overdue: false },
    ]);

    // The admin sees team B too: the pitch without consent, and every consent due (as the KR-RECONF route lists them).
    const admin = (await get(`/v1/review/compliance?${KST_PERIOD}`, tokens.admin)).json;
    expect(admin.pitchWithoutConsent).toMatchObject({ calls: 1, items: [{ callId: calls['c8'], agentName: '윤서진' }] });
    expect(admin.gateRefusals.attempts).toBe(3);
    expect([...admin.gateRefusals.byReason].sort(byCode)).toEqual(Object.entries(count([...refusedCodesTeamA, ...refusedCodesTeamB])).map(([code, n]) => ({ code, count: n })).sort(byCode));
    const due = await get('/v1/consents/reconfirmation-due?limit=500', tokens.admin);
    expect(admin.reconfirmationDue.count).toBe(due.json.items.length);
    expect(admin.reconfirmationDue.overdue).toBe(due.json.items.filter((i: { overdue: boolean }) => i.overdue).length);
    const lead2 = (await get(`/v1/review/compliance?${KST_PERIOD}`, tokens.lead2)).json;
    expect(lead2).toMatchObject({ pitchWithoutConsent: { calls: 1 }, lateEvents: { calls: 0 }, optOuts: { count: 0 }, gateRefusals: { attempts: 1 }, reconfirmationDue: { count: 0 } });
  });

  it('a timeline shows each event with its exact text, answer, UTC and callee time, script version, delay and ledger state', async () => {
    const r = await get(`/v1/review/calls/${calls['c6']}/timeline`, tokens.lead1);
    expect(r.status).toBe(200);
    expect(r.json.call).toMatchObject({ id: calls['c6'], agentName: '최지우', maskedNumber: '010-****-9006', flags: ['late_events'] });
    const rows = r.json.entries.map((e: { event: { stepId: string; answer: string; occurredAt: string; scriptVersion: number }; occurredLocal: string; delaySec: number; late: boolean; ledger: { state: string } }) => [
      e.event.stepId, e.event.answer, e.event.occurredAt, e.occurredLocal, e.event.scriptVersion, e.delaySec, e.late, e.ledger.state,
    ]);
    expect(rows).toEqual([
      ['kr-id', 'confirmed', '2026-03-10T00:40:06.000Z', '2026-03-10 09:40:06', 1, 54, false, 'verified'],
      ['cg-time', 'yes', '2026-03-10T00:40:10.000Z', '2026-03-10 09:40:10', 1, 50, false, 'verified'],
      ['kr-source', 'confirmed', '2026-03-10T00:40:15.000Z', '2026-03-10 09:40:15', 1, 45, false, 'verified'],
      ['kr-mkt', 'yes', '2026-03-10T00:40:45.000Z', '2026-03-10 09:40:45', 1, 955, true, 'verified'],
      ['kr-source', 'refused', '2026-03-10T00:40:50.000Z', '2026-03-10 09:40:50', 1, 950, true, 'verified'],
    ]);
    expect(r.json.entries[3].event.promptText).toBe(STEP.consent('yes', 0).text);
    expect(r.json.entries[3].receivedAt).toBe('2026-03-10T00:56:40.000Z');
    expect(r.json.head.seq).toBeGreaterThanOrEqual(r.json.entries[4].ledger.seq);

    // Someone edits a stored event behind the API's back: the timeline says which entry no longer checks out.
    const eventId = r.json.entries[1].event.eventId;
    const before = await s.ctx.store.db.get<{ body: string }>('SELECT body FROM consent_events WHERE event_id = ?', [eventId]);
    await s.ctx.store.db.run('UPDATE consent_events SET body = ? WHERE event_id = ?', [(before?.body ?? '').replace('"answer":"yes"', '"answer":"no"'), eventId]);
    try {
      const tampered = await get(`/v1/review/calls/${calls['c6']}/timeline`, tokens.lead1);
      expect(tampered.json.entries.map((e: { ledger: { state: string } }) => e.ledger.state)).toEqual(['verified', 'broken', 'verified', 'verified', 'verified']);
      expect(tampered.json.entries[1].ledger.problem).toBe('the stored event differs from its ledger payload');
    } finally {
      await s.ctx.store.db.run('UPDATE consent_events SET body = ? WHERE event_id = ?', [before?.body ?? '', eventId]);
    }
  });

  it('KR-ACCESS: a CSV export holds the filtered calls with masked numbers and is logged with the typed reason', async () => {
    const reason = '3월 2주차 월간 통화 품질 점검';
    const r = await s.request('POST', '/v1/review/exports/calls', { token: tokens.lead1, body: { reason, filter: { from: '2026-03-08T15:00:00Z', to: '2026-03-10T15:00:00Z', agent: 'user-agent2' }, sort: 'startedAt' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="callgate-calls-20260310-020000.csv"');
    expect(r.headers['x-callgate-rows-expected']).toBe('3');
    const lines = r.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('callId,startedAtUtc,startedAtCalleeLocal,calleeTimeZone,agentId,agentName,teamId,campaignId,leadId,maskedNumber,state,outcome,answeredAtUtc,endedAtUtc,durationSec,callbackAtUtc,eventCount,flags,deskDeadAirMs');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual([
      [calls['c3'], T.c3, '2026-03-10 08:30:00'],
      [calls['c4'], T.c4, '2026-03-10 09:10:00'],
      [calls['c6'], T.c6, '2026-03-10 09:40:00'],
    ]);
    expect(lines[2]).toContain(',010-****-9004,ended,opt_out,');
    expect(r.body).not.toMatch(/\+82|1000009\d{3}/);
    const log = await get('/v1/review/access-log?action=export', tokens.lead1);
    expect(log.json.items[0]).toMatchObject({
      userId: 'user-lead1', userName: '박서연', action: 'export', subjectType: 'calls', reason,
      subjectId: 'agent=user-agent2;from=2026-03-08T15:00:00Z;to=2026-03-10T15:00:00Z;sort=startedAt;rows=3',
    });
  });

  it('KR-ACCESS: the evidence bundle of one person as JSON and printable HTML, number masked, each read logged with its reason', async () => {
    const json = await s.request('POST', '/v1/review/exports/evidence', { token: tokens.lead1, body: { leadId: leads[0], format: 'json', reason: '고객 민원 2026-0310-17 확인' } });
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const bundle = json.json;
    expect(bundle.lead).toMatchObject({ id: leads[0], maskedNumber: '010-****-9001' });
    expect(bundle.lead.phoneE164).toBeUndefined();
    expect(json.body).not.toMatch(/\+82|1000009001/);
    // The streamed file is the bundle the evidence route gives, the number masked.
    const full = (await get(`/v1/leads/${leads[0]}/evidence?reason=${encodeURIComponent('대조 확인')}`, tokens.lead1)).json;
    const { phoneE164: _p, ...lead } = full.lead;
    expect(bundle).toEqual({ ...full, lead: { ...lead, maskedNumber: '010-****-9001' }, generatedAt: bundle.generatedAt, reason: bundle.reason });
    expect(bundle.events.map((e: { event: { stepId: string } }) => e.event.stepId)).toEqual(['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'pitch', 'kr-3p', 'close']);
    expect(bundle.chainProof.entriesVerified).toBe(true);
    const html = await s.request('POST', '/v1/review/exports/evidence', { token: tokens.lead1, body: { leadId: leads[0], format: 'html', locale: 'en', reason: 'Regulator request KCC-2026-114' } });
    expect(html.headers['content-disposition']).toMatch(/\.html"$/);
    const page = html.body;
    expect(page).toContain('<h1>Consent evidence summary</h1>');
    expect(page).toContain(STEP.consent('yes', 0).text);
    expect(page).toContain('2026-03-09 10:00:25'); // the consent, in the callee's local time
    expect(page).toContain('Regulator request KCC-2026-114');
    expect(page).not.toMatch(/\+82|1000009001/);
    const log = await get(`/v1/review/access-log?action=evidence_bundle&subject=${leads[0]}`, tokens.lead1);
    expect(log.json.items.map((e: { reason: string }) => e.reason)).toEqual(['Regulator request KCC-2026-114', '대조 확인', '고객 민원 2026-0310-17 확인']);
    // A lead sees the access log of their own team's users only.
    const lead2Log = await get('/v1/review/access-log?limit=500', tokens.lead2);
    expect(lead2Log.json.items.every((e: { userId: string }) => ['user-lead2', 'user-agent3'].includes(e.userId))).toBe(true);
    const page1 = await get('/v1/review/access-log?limit=1', tokens.admin);
    const page2 = await get(`/v1/review/access-log?limit=1&cursor=${page1.json.nextCursor}`, tokens.admin);
    expect(page2.json.items[0].id).not.toBe(page1.json.items[0].id);
  });

  it('bad input is a 4xx problem+json naming the field, and writes nothing to the access log', async () => {
    const logBefore = (await get('/v1/review/access-log?limit=500', tokens.admin)).json.items.length;
    const cases: [string, string, unknown, number, string][] = [
      ['GET', '/v1/review/kpis?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z', undefined, 400, '/to'],
      ['GET', '/v1/review/kpis?from=2024-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', undefined, 400, '/to'],
      ['GET', '/v1/review/kpis?tz=Mars/Olympus', undefined, 400, '/tz'],
      ['GET', '/v1/review/kpis?from=yesterday', undefined, 400, '/from'],
      ['GET', '/v1/review/calls?sort=phone', undefined, 400, '/sort'],
      ['GET', '/v1/review/calls?limit=501', undefined, 400, '/limit'],
      ['GET', '/v1/review/calls?lead=ab', undefined, 400, '/lead'],
      ['GET', '/v1/review/calls?cursor=bm9wZQ', undefined, 400, '/cursor'],
      ['GET', '/v1/review/calls?outcome=maybe', undefined, 400, '/outcome'],
      ['GET', '/v1/review/calls?colour=red', undefined, 400, ''],
      ['POST', '/v1/review/exports/calls', { filter: {} }, 400, '/reason'],
      ['POST', '/v1/review/exports/calls', { filter: {}, reason: '  a ' }, 400, '/reason'],
      ['POST', '/v1/review/exports/calls', { filter: { flag: 'red' }, reason: 'monthly check' }, 400, '/filter/flag'],
      ['POST', '/v1/review/exports/evidence', { leadId: 'x', reason: 'complaint', format: 'pdf' }, 400, '/format'],
      ['POST', '/v1/review/exports/evidence', { leadId: 'no-such-lead', reason: 'complaint' }, 404, ''],
    ];
    for (const [method, url, body, status, pointer] of cases) {
      const r = await s.request(method, url, { token: tokens.lead1, ...(body === undefined ? {} : { body }) });
      expect(r.status, `${method} ${url}`).toBe(status);
      expect(r.headers['content-type'], url).toContain('application/problem+json');
      if (pointer) expect(r.json.errors.map((e: { pointer: string }) => e.pointer), `${url} ${r.body}`).toContain(pointer);
    }
    // A cursor from one sort order is refused by another.
    const page = await get('/v1/review/calls?limit=1', tokens.lead1);
    const mixed = await get(`/v1/review/calls?limit=1&sort=agent&cursor=${page.json.nextCursor}`, tokens.lead1);
    expect(mixed.status).toBe(400);
    expect((await get('/v1/review/access-log?limit=500', tokens.admin)).json.items.length).toBe(logBefore);
  });

  it('the review facts kept by the trigger equal a backfill from the stored events', async () => {
    const db = s.ctx.store.db;
    const facts = 'SELECT id, time_asked, time_yes, pitch_reached, refused, consent_at FROM calls ORDER BY id';
    const before = await db.all(facts);
    // c1 and c7; c8's pitch was refused by the replay (not evidence, no pitch reached).
    expect(before.filter((r) => Number(r['pitch_reached']) === 1)).toHaveLength(2);
    await db.run('UPDATE calls SET time_asked = 0, time_yes = 0, pitch_reached = 0, refused = 0, consent_at = NULL');
    await db.exec(REVIEW_FACTS_BACKFILL[kind]);
    expect(await db.all(facts)).toEqual(before);
  });
  it('KR-WITHDRAW: past its deadline a notice is overdue, and a later period still lists its opt-out once (last: moves the clock)', async () => {
    const optOutAt = new Date(Date.parse(T.c4) + 60_000).toISOString();
    const noticeDueBy = new Date(Date.parse(optOutAt) + 14 * 86_400_000).toISOString();
    s.clock.set(new Date(Date.parse(noticeDueBy) + 1000).toISOString());
    const r = await get('/v1/review/compliance?from=2026-03-20T15:00:00Z&to=2026-03-25T15:00:00Z', await s.login('lead1'));
    expect(r.status, r.body).toBe(200);
    expect(r.json.optOuts).toMatchObject({ count: 0, noticesOverdue: 1, items: [{ leadId: leads[3], earlier: true, notice: { dueBy: noticeDueBy, state: 'overdue' } }] });
    expect(r.json.optOuts.items).toHaveLength(1);
  });
});

function count(codes: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code.localeCompare(b.code);
}
