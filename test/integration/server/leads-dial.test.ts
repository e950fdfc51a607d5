import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAccess } from '../../../server/identity/access-log';
import { addBusanTeam, authorizeDial, DB_KINDS, startTestServer, takeLead, type TestServer } from '../../support/server-harness';

describe.each(DB_KINDS)('leads and dial authorizations on %s', (kind) => {
  let s: TestServer;
  let agent: string;
  beforeEach(async () => {
    s = await startTestServer(kind);
    agent = await s.login('agent1');
  });
  afterEach(async () => {
    await s?.close();
  });

  /** The dial request alone, without taking the lead first. */
  const rawDial = (leadId: string, token = agent) => s.request('POST', `/v1/leads/${leadId}/dial-authorizations`, { token, body: {} });
  /** A dial as the desk makes it: the lead is taken (next-lead by id) first. */
  const dial = (leadId: string, token = agent) => authorizeDial(s, token, leadId);

  it('GET /v1/campaigns lists the KR and US campaigns with their companies', async () => {
    const r = await s.request('GET', '/v1/campaigns', { token: agent });
    expect(r.status).toBe(200);
    expect(r.json.campaigns.map((c: { profile: string }) => c.profile).sort()).toEqual(['KR', 'US']);
    expect(r.json.companies.length).toBeGreaterThanOrEqual(4);
  });

  it('next-lead returns a masked lead with its verdict and rotates through the campaign', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: agent, body: {} });
      expect(r.status).toBe(200);
      expect(r.json.next.lead.maskedNumber).toMatch(/^010-\*{4}-\d{4}$/);
      expect(r.json.next.lead).not.toHaveProperty('phoneE164');
      expect(typeof r.json.next.verdict.allowed).toBe('boolean');
      seen.add(r.json.next.lead.id);
    }
    expect(seen.size).toBe(3);
    // Another agent does not get the leads held for agent1.
    const other = await s.login('agent2');
    const r2 = await s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: other });
    expect(seen.has(r2.json.next.lead.id)).toBe(false);
    // A specific lead (scheduled callback) can be asked for.
    const cb = await s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: agent, body: { leadId: 'lead-kr-night' } });
    expect(cb.json.next.lead.id).toBe('lead-kr-night');
    expect((await s.request('POST', '/v1/campaigns/nope/next-lead', { token: agent, body: {} })).status).toBe(404);
  });

  it('next-lead hands out only leads the gate allows now; the ones passed over are counted by reason', async () => {
    const handed: string[] = [];
    const skipped = new Map<string, number>();
    let skippedLeads = 0;
    for (let i = 0; i < 20; i++) {
      const r = await s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: agent, body: {} });
      expect(r.status).toBe(200);
      skippedLeads += r.json.skipped.count;
      for (const x of r.json.skipped.reasons as { code: string; count: number }[]) skipped.set(x.code, (skipped.get(x.code) ?? 0) + x.count);
      if (!r.json.next) break;
      expect(r.json.next.verdict, r.json.next.lead.id).toMatchObject({ allowed: true, reasons: [] });
      if (handed.includes(r.json.next.lead.id)) break;
      handed.push(r.json.next.lead.id);
    }
    expect(handed).toContain('lead-kr-valid');
    for (const blocked of ['lead-kr-dnc', 'lead-kr-withdrawn', 'lead-kr-no-consent', 'lead-kr-3p-other']) expect(handed).not.toContain(blocked);
    expect(skippedLeads).toBeGreaterThanOrEqual(4);
    expect([...skipped.keys()]).toEqual(expect.arrayContaining(['KR-DNC', 'KR-3P', 'KR-CONSENT']));
    // At night in Seoul only leads with a night-call consent may be called: the rest are skipped as KR-NIGHT.
    s.clock.set('2026-03-10T14:30:00Z'); // 23:30 in Seoul
    const other = await s.login('agent2');
    const night = await s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: other, body: {} });
    expect(night.status).toBe(200);
    if (night.json.next) expect(night.json.next.verdict.allowed).toBe(true);
    expect(night.json.skipped.reasons.map((x: { code: string }) => x.code)).toContain('KR-NIGHT');
  });

  const offer = (leadId: string, token = agent) => s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token, body: { leadId } });

  it('GET /v1/leads/{id} never carries the number in clear, and shows an agent only the person offered to them or called by them', async () => {
    expect((await s.request('GET', '/v1/leads/lead-kr-valid', { token: agent })).status).toBe(404);
    expect((await offer('lead-kr-valid')).status).toBe(200);
    const r = await s.request('GET', '/v1/leads/lead-kr-valid', { token: agent });
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('+821000000101');
    expect(r.body).not.toContain('1000000101');
    expect(r.json.verdict).toMatchObject({ allowed: true, reasons: [] });
    expect((await s.request('GET', '/v1/leads/nope', { token: agent })).status).toBe(404);
    expect((await s.request('GET', '/v1/leads/lead-kr-valid', { token: await s.login('agent2') })).status).toBe(404);
  });

  it('lead scoping: agent2 can neither read nor authorize a dial for the lead held for agent1 (404 like an unknown id), nor take it by id; after the hold it can', async () => {
    expect((await offer('lead-kr-valid')).status).toBe(200);
    const agent2 = await s.login('agent2');
    const unknown = await s.request('GET', '/v1/leads/no-such-lead', { token: agent2 });
    for (const r of [
      await s.request('GET', '/v1/leads/lead-kr-valid', { token: agent2 }),
      await rawDial('lead-kr-valid', agent2),
      await offer('lead-kr-valid', agent2),
    ]) {
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json.type).toBe(unknown.json.type);
      expect(r.body).not.toContain('1000000101');
    }
    // Nothing was recorded for the refused dial, and agent1 still holds and dials it.
    expect(await s.ctx.store.db.all("SELECT id FROM dial_attempts WHERE agent_id = 'user-agent2'")).toEqual([]);
    expect((await dial('lead-kr-valid')).status).toBe(201);
    expect((await s.request('GET', '/v1/leads/lead-kr-valid', { token: agent })).status).toBe(200);
    // Admins are not held.
    expect((await dial('lead-kr-valid', await s.login('admin'))).status).toBe(201);
    // Once agent1's hold has lapsed, the server may hand it to agent2.
    s.clock.advance(s.config.leadHoldSec * 1000 + 1000);
    const later = await s.login('agent2');
    expect((await dial('lead-kr-valid', later)).status).toBe(201);
    expect((await rawDial('lead-kr-valid', await s.login('agent1'))).status).toBe(404);
  });

  it('lead scoping: agent1 cannot authorize a dial for a lead never handed to them (404 like an unknown id, nothing recorded); after next-lead hands it, it can', async () => {
    const unknown = await rawDial('no-such-lead');
    expect(unknown.status).toBe(404);
    for (const leadId of ['lead-kr-valid', 'lead-kr-night']) {
      const r = await rawDial(leadId);
      expect(r.status, leadId).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json.type).toBe(unknown.json.type);
      expect(r.body).not.toContain('10000001');
    }
    expect(await s.ctx.store.db.all("SELECT id FROM dial_attempts WHERE agent_id = 'user-agent1'")).toEqual([]);
    // next-lead (the campaign's next lead) hands a lead: that one may be dialled, the others still not.
    const next = await s.request('POST', '/v1/campaigns/cmp-kr-insurance/next-lead', { token: agent, body: {} });
    expect(next.status).toBe(200);
    const handed: string = next.json.next.lead.id;
    expect((await rawDial(handed)).status).toBe(201);
    const notHanded = ['lead-kr-valid', 'lead-kr-night'].find((id) => id !== handed) ?? '';
    expect((await rawDial(notHanded)).status).toBe(404);
    // next-lead by id (a callback taken back) hands that lead too.
    expect((await offer(notHanded)).status).toBe(200);
    expect((await rawDial(notHanded)).status).toBe(201);
    // Once the hold has lapsed, the lead is no longer this agent's to dial.
    s.clock.advance(s.config.leadHoldSec * 1000 + 1000);
    const later = await s.login('agent1');
    expect((await rawDial(handed, later)).status).toBe(404);
  });

  it('lead scoping: a team lead reads the leads their team called, not another team\'s', async () => {
    await addBusanTeam(s);
    const auth = await dial('lead-kr-valid');
    expect((await s.request('POST', '/v1/calls', { token: agent, body: { attemptId: auth.json.attemptId } })).status).toBe(201);
    expect((await s.request('GET', '/v1/leads/lead-kr-valid', { token: await s.login('lead1') })).status).toBe(200);
    const other = await s.request('GET', '/v1/leads/lead-kr-valid', { token: await s.login('lead2') });
    expect(other.status).toBe(404);
    expect(other.json.type).toBe('https://callgate.dev/problems/not-found');
  });

  it('KR-CONSENT valid: 201 with a short-lived single-use dial URI and the masked label; the body holds no digit of the number beyond the mask', async () => {
    const r = await dial('lead-kr-valid');
    expect(r.status).toBe(201);
    expect(r.json).not.toHaveProperty('dialTarget');
    expect(r.json.dialUri).toMatch(/^sip:d-[A-Za-z0-9_-]{43}@/);
    expect(r.json.label).toBe('010-****-0101');
    const rest = r.body.replace(r.json.label, '');
    for (const form of ['+821000000101', '1000000101', '01000000101', '0101']) expect(rest).not.toContain(form);
    expect(Date.parse(r.json.expiresAt) - s.clock().getTime()).toBe(s.config.dialTtlSec * 1000);
    // No number was read by anyone yet: the SIP edge's redemption is the logged read (edge-contract.test.ts).
    expect(await listAccess(s.ctx.store.db)).toHaveLength(0);
  });

  it.each([
    ['lead-kr-expired', 'KR-RECONF'],
    ['lead-kr-3p-other', 'KR-3P'],
    ['lead-kr-dnc', 'KR-DNC'],
    ['lead-kr-withdrawn', 'KR-CONSENT'],
    ['lead-kr-no-consent', 'KR-CONSENT'],
    ['lead-us-ny', 'US-HOURS'],
    ['lead-us-ndnc', 'US-NDNC'],
  ])('gate refuses %s with %s: 422 problem with reason codes, attempt recorded, no number', async (leadId, code) => {
    const r = await dial(leadId);
    expect(r.status).toBe(422);
    expect(r.json.type).toBe('https://callgate.dev/problems/gate-refused');
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toContain(code);
    expect(r.json.reasons[0].message.ko.length).toBeGreaterThan(0);
    expect(r.body).not.toMatch(/\+\d{10}/);
    const rows = await s.ctx.store.db.all('SELECT allowed FROM dial_attempts WHERE id = ?', [r.json.attemptId]);
    expect(rows).toEqual([{ allowed: 0 }]);
    expect(await listAccess(s.ctx.store.db)).toHaveLength(0);
  });

  it('KR-NIGHT: 20:59:59 KST is allowed, 21:00:00 is refused; the night-consent lead stays allowed', async () => {
    s.clock.set('2026-03-10T11:59:59Z');
    agent = await s.login('agent1');
    expect((await dial('lead-kr-valid')).status).toBe(201);
    s.clock.set('2026-03-10T12:00:00Z');
    const r = await dial('lead-kr-valid');
    expect(r.status).toBe(422);
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toEqual(['KR-NIGHT']);
    expect((await dial('lead-kr-night')).status).toBe(201);
  });

  it('US-HOURS: leads in several US time zones are judged in their own local time', async () => {
    expect((await dial('lead-us-ny')).status).toBe(422);
    expect((await dial('lead-us-chicago')).status).toBe(201);
    expect((await dial('lead-us-la')).status).toBe(201);
    expect((await dial('lead-us-honolulu')).status).toBe(201);
    // US-NDNC exceptions: established business relationship, written consent.
    expect((await dial('lead-us-ndnc-ebr')).status).toBe(201);
    expect((await dial('lead-us-ndnc-written')).status).toBe(201);
  });

  it('every attempt is recorded, allowed or not, and enters the ledger', async () => {
    await dial('lead-kr-valid');
    await dial('lead-kr-dnc');
    const rows = await s.ctx.store.db.all('SELECT lead_id, allowed, ledger_seq FROM dial_attempts ORDER BY at, id');
    expect(rows.map((r) => [r['lead_id'], r['allowed']])).toEqual([
      ['lead-kr-valid', 1],
      ['lead-kr-dnc', 0],
    ]);
    const ledger = await s.ctx.store.db.all("SELECT kind FROM ledger WHERE kind = 'dial_attempt'");
    expect(ledger).toHaveLength(2);
  });

  it('KR-OPTOUT / KR-WITHDRAW / US-IDNC: opt-out lists the number, withdraws consent at once, and the next dial is refused', async () => {
    expect((await dial('lead-kr-valid')).status).toBe(201);
    const r = await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: agent, body: { channel: 'phone' } });
    expect(r.status).toBe(200);
    expect(r.json.newlyListed).toBe(true);
    expect(r.json.withdrawnGrantIds).toHaveLength(1);
    expect(Date.parse(r.json.noticeDueBy) - s.clock().getTime()).toBe(14 * 86_400_000);
    const again = await dial('lead-kr-valid');
    expect(again.status).toBe(422);
    const codes = again.json.reasons.map((x: { code: string }) => x.code);
    expect(codes).toContain('KR-DNC');
    expect(codes).toContain('KR-CONSENT');
    expect((await offer('lead-kr-valid')).status).toBe(200);
    const card = await s.request('GET', '/v1/leads/lead-kr-valid', { token: agent });
    expect(card.json.onInternalDnc).toBe(true);
    expect(card.json.grants[0].withdrawnAt).toBeDefined();
    // A second opt-out is honoured (recorded) but the listing time is the first one.
    const second = await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: agent });
    expect(second.status).toBe(200);
    expect(second.json.newlyListed).toBe(false);
    expect(second.json.listedAt).toBe(r.json.listedAt);
    // US-IDNC: a US lead with an EBR loses it on opt-out.
    await takeLead(s, agent, 'lead-us-ndnc-ebr');
    expect((await s.request('POST', '/v1/leads/lead-us-ndnc-ebr/opt-out', { token: agent, body: {} })).status).toBe(200);
    const us = await dial('lead-us-ndnc-ebr');
    expect(us.status).toBe(422);
    expect(us.json.reasons.map((x: { code: string }) => x.code)).toContain('US-IDNC');
  });

  it('POST /v1/leads imports JSON rows, normalising numbers to E.164, and reports per row', async () => {
    const admin = await s.login('admin');
    const row = (phone: string) => ({
      name: '테스트 고객',
      phone,
      timeZone: 'Asia/Seoul',
      source: { kind: 'own_customer', description: '매장 방문 고객' },
      grants: [{ kind: 'marketing_call', recipients: ['co-nuri-call', 'co-hanbit-life'], purpose: '보험 안내', retention: '1년', grantedAt: '2026-01-05T00:00:00Z', evidenceRef: 'form-1' }],
    });
    const r = await s.request('POST', '/v1/leads', { token: admin, body: { campaignId: 'cmp-kr-insurance', rows: [row('010-0000-0201'), row('+82 10 0000 0202')] } });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ imported: 2, rejected: 0 });
    const id = r.json.report[1].leadId;
    const stored = await s.ctx.store.db.get('SELECT phone_e164 FROM leads WHERE id = ?', [id]);
    expect(stored?.['phone_e164']).toBe('+821000000202');
    expect((await dial(id)).status).toBe(201);
  });

  it('a bad row rejects the whole import (422, field paths, nothing written) unless allowPartial', async () => {
    const admin = await s.login('admin');
    const before = await s.ctx.store.db.get('SELECT COUNT(*) AS n FROM leads');
    const good = { name: 'A', phone: '010-0000-0301', timeZone: 'Asia/Seoul', source: { kind: 'own_customer', description: 'x' } };
    const rows = [good, { ...good, phone: '12' }, { ...good, timeZone: 'Mars/Base' }, { ...good, extra: 1 }];
    const r = await s.request('POST', '/v1/leads', { token: admin, body: { campaignId: 'cmp-kr-insurance', rows } });
    expect(r.status).toBe(422);
    expect(r.json.type).toBe('https://callgate.dev/problems/import-rejected');
    const pointers = r.json.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/rows/1/phone', '/rows/2/timeZone']));
    expect(pointers.some((p: string) => p.startsWith('/rows/3'))).toBe(true);
    expect(await s.ctx.store.db.get('SELECT COUNT(*) AS n FROM leads')).toEqual(before);
    const partial = await s.request('POST', '/v1/leads', { token: admin, body: { campaignId: 'cmp-kr-insurance', rows, allowPartial: true } });
    expect(partial.status).toBe(201);
    expect(partial.json).toMatchObject({ imported: 1, rejected: 3 });
    expect(partial.json.report.map((x: { status: string }) => x.status)).toEqual(['imported', 'rejected', 'rejected', 'rejected']);
  });

  it('CG-INPUT: a US number in a KR campaign and a KR number in a US campaign are refused at import, naming the row', async () => {
    const admin = await s.login('admin');
    const row = (phone: string, timeZone?: string) => ({ name: 'X', phone, ...(timeZone ? { timeZone } : {}), source: { kind: 'own_customer', description: 'web' } });
    const kr = await s.request('POST', '/v1/leads', { token: admin, body: { campaignId: 'cmp-kr-insurance', rows: [row('010-0000-0501'), row('+1 212 555 0150', 'America/New_York')] } });
    expect(kr.status).toBe(422);
    expect(kr.json.errors).toEqual([
      { location: 'body', pointer: '/rows/1/phone', message: 'row 1: a US number; campaign cmp-kr-insurance (profile KR) calls only KR numbers (CG-INPUT)' },
    ]);
    const us = await s.request('POST', '/v1/leads', { token: admin, body: { campaignId: 'cmp-us-solar', rows: [row('+82 10 0000 0502')] } });
    expect(us.status).toBe(422);
    expect(us.json.errors[0].message).toContain('a KR number; campaign cmp-us-solar (profile US) calls only US numbers');
  });

  it('US-HOURS: the time zone comes from the number: an LA number with America/New_York is refused; a zone-crossing area code keeps every zone', async () => {
    const admin = await s.login('admin');
    const row = (phone: string, timeZone?: string) => ({ name: 'X', phone, ...(timeZone ? { timeZone } : {}), source: { kind: 'own_customer', description: 'web' } });
    const bad = await s.request('POST', '/v1/leads', { token: admin, body: { campaignId: 'cmp-us-solar', rows: [row('(310) 555-0123', 'America/New_York')] } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { location: 'body', pointer: '/rows/0/timeZone', message: 'row 0: timeZone America/New_York does not fit the number, which is in America/Los_Angeles' },
    ]);
    const ok = await s.request('POST', '/v1/leads', {
      token: admin,
      body: { campaignId: 'cmp-us-solar', rows: [row('(310) 555-0123'), row('(208) 555-0100', 'America/Boise'), row('(212) 555-0177', 'America/New_York')] },
    });
    expect(ok.status).toBe(201);
    const stored = async (i: number) => s.ctx.store.db.get('SELECT time_zone, candidate_time_zones, region FROM leads WHERE id = ?', [ok.json.report[i].leadId]);
    expect(await stored(0)).toEqual({ time_zone: 'America/Los_Angeles', candidate_time_zones: null, region: 'US-CA' });
    expect(await stored(1)).toEqual({ time_zone: 'America/Boise', candidate_time_zones: JSON.stringify(['America/Boise', 'America/Los_Angeles']), region: 'US-ID' });
    expect(await stored(2)).toMatchObject({ time_zone: 'America/New_York', region: 'US-NY' });
    // The zone-crossing lead is judged in its strictest zone: at 08:30 in Boise it is still 07:30 in Los Angeles.
    s.clock.set(new Date('2026-03-10T14:30:00Z'));
    const v = await authorizeDial(s, await s.login('agent1'), ok.json.report[1].leadId);
    expect(v.status).toBe(422);
    expect(JSON.stringify(v.json)).toContain('America/Los_Angeles');
  });

  it('POST /v1/leads takes text/csv with the campaign in the query', async () => {
    const admin = await s.login('admin');
    const csv = [
      'name,phone,timeZone,sourceKind,sourceDescription,grants',
      `홍길동,010-0000-0401,Asia/Seoul,own_customer,온라인 가입,"[{""kind"":""marketing_call"",""recipients"":[""co-nuri-call""],""purpose"":""안내"",""retention"":""1년"",""grantedAt"":""2026-01-01T00:00:00Z"",""evidenceRef"":""f""}]"`,
      '김영희,010-0000-0402,,own_customer,매장 방문,',
    ].join('\n');
    const r = await s.request('POST', '/v1/leads?campaignId=cmp-kr-insurance', { token: admin, payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(201);
    expect(r.json.imported).toBe(2);
    // An empty time zone column: the number decides (KR has one zone).
    const derived = await s.ctx.store.db.get('SELECT time_zone FROM leads WHERE id = ?', [r.json.report[1].leadId]);
    expect(derived?.['time_zone']).toBe('Asia/Seoul');
    const bad = await s.request('POST', '/v1/leads?campaignId=cmp-kr-insurance', { token: admin, payload: 'a,b\n"unterminated', headers: { 'content-type': 'text/csv' } });
    expect(bad.status).toBe(400);
    expect(bad.json.type).toBe('https://callgate.dev/problems/malformed-csv');
    expect((await s.request('POST', '/v1/leads', { token: agent, body: { campaignId: 'x', rows: [{}] } })).status).toBe(403);
  });
});
