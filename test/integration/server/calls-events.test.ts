import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import { sha256Hex } from '../../../shared/domain/hash';
import { listAccess } from '../../../server/identity/access-log';
import { addBusanTeam, authorizeDial, DB_KINDS, makeEvent, openCall, startTestServer, takeLead, type TestServer } from '../../support/server-harness';

describe.each(DB_KINDS)('calls and consent events on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const count = async (table: string): Promise<number> => Number((await s.ctx.store.db.get(`SELECT COUNT(*) AS n FROM ${table}`))?.['n']);

  it('POST /v1/calls needs an allowed, unexpired authorization of the same agent; a retry returns the same call', async () => {
    const token = await s.login('agent1');
    const auth = await authorizeDial(s, token, 'lead-kr-valid');
    const callId = newId();
    const created = await s.request('POST', '/v1/calls', { token, body: { attemptId: auth.json.attemptId, callId } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: callId, state: 'dialing', leadId: 'lead-kr-valid', teamId: 'team-seoul-1', flags: [] });
    const retry = await s.request('POST', '/v1/calls', { token, body: { attemptId: auth.json.attemptId, callId } });
    expect(retry.status).toBe(200);
    expect(retry.json.id).toBe(callId);
    expect((await s.request('POST', '/v1/calls', { token, body: { attemptId: auth.json.attemptId, callId: newId() } })).status).toBe(409);
    // Refused attempt, unknown attempt, someone else's attempt, expired attempt.
    const refused = await authorizeDial(s, token, 'lead-kr-dnc');
    expect((await s.request('POST', '/v1/calls', { token, body: { attemptId: refused.json.attemptId } })).status).toBe(422);
    expect((await s.request('POST', '/v1/calls', { token, body: { attemptId: 'nope' } })).json.type).toBe('https://callgate.dev/problems/unknown-reference');
    const other = await s.login('agent2');
    const auth2 = await authorizeDial(s, other, 'lead-kr-night');
    expect((await s.request('POST', '/v1/calls', { token, body: { attemptId: auth2.json.attemptId } })).status).toBe(403);
    s.clock.advance(s.config.dialTtlSec * 1000 + 1);
    const late = await s.request('POST', '/v1/calls', { token: other, body: { attemptId: auth2.json.attemptId } });
    expect(late.status).toBe(409);
    expect(late.json.type).toBe('https://callgate.dev/problems/invalid-state');
  });

  it('PATCH /v1/calls/{id}: dialing -> connected -> ended with outcome; ended is final (409), a repeat is 200', async () => {
    const { token, call } = await openCall(s);
    const t0 = s.clock().getTime();
    const answered = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { answeredAt: new Date(t0 + 5000).toISOString() } });
    expect(answered.json.state).toBe('connected');
    const end = { endedAt: new Date(t0 + 65_000).toISOString(), outcome: 'callback', callbackAt: '2026-03-11T05:00:00Z' };
    const ended = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: end });
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ state: 'ended', outcome: 'callback', durationSec: 60, callbackAt: '2026-03-11T05:00:00.000Z' });
    expect((await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: end })).status).toBe(200);
    const change = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt: end.endedAt, outcome: 'sale' } });
    expect(change.status).toBe(409);
    // callback needs callbackAt; endedAt needs outcome.
    const { call: c2, token: t2 } = await openCall(s, 'lead-kr-night');
    const bad = await s.request('PATCH', `/v1/calls/${c2.id}`, { token: t2, body: { endedAt: end.endedAt, outcome: 'callback' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].pointer).toBe('/callbackAt');
    expect((await s.request('PATCH', `/v1/calls/${c2.id}`, { token: t2, body: { endedAt: end.endedAt } })).status).toBe(400);
    expect((await s.request('PATCH', `/v1/calls/nope`, { token: t2, body: { answeredAt: end.endedAt } })).status).toBe(404);
  });

  it('ingest is idempotent by eventId: a repeat is acknowledged duplicate and stored once', async () => {
    const { token, call } = await openCall(s);
    const events = [makeEvent(call, 0), makeEvent(call, 1, { kind: 'answer', stepId: 'cg-time', answer: 'yes', ruleIds: ['CG-TIME'] })];
    const first = await s.ingest(token, events);
    expect(first.status).toBe(200);
    expect(first.json.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
    const again = await s.ingest(token, events);
    expect(again.status).toBe(200);
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(again.json.results[0].ledgerSeq).toBe(first.json.results[0].ledgerSeq);
    expect(await count('consent_events')).toBe(2);
    // A batch mixing an old and a new event stores only the new one.
    const mixed = await s.ingest(token, [events[1], makeEvent(call, 2)]);
    expect(mixed.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'stored']);
    expect(await count('consent_events')).toBe(3);
  });

  it('concurrent deliveries of the same batch store each event once; concurrent writers keep one unbroken chain', async () => {
    const { token, call } = await openCall(s);
    const events = [0, 1, 2, 3, 4].map((i) => makeEvent(call, i));
    const replies = await Promise.all(Array.from({ length: 6 }, () => s.ingest(token, events)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const stored = replies.flatMap((r) => r.json.results.filter((x: { status: string }) => x.status === 'stored'));
    expect(stored).toHaveLength(5);
    expect(await count('consent_events')).toBe(5);
    const agent2 = await s.login('agent2');
    await takeLead(s, token, 'lead-kr-reconfirmed');
    await Promise.all([
      ...['lead-kr-night', 'lead-kr-3p-ok', 'lead-kr-dnc'].map((l) => authorizeDial(s, agent2, l)),
      s.request('POST', '/v1/leads/lead-kr-reconfirmed/opt-out', { token }),
      s.ingest(token, [makeEvent(call, 5, { kind: 'opt_out', answer: 'opt_out' })]),
      s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token }),
    ]);
    const v = await s.request('GET', '/v1/ledger/verify', { token: await s.login('admin') });
    expect(v.json).toMatchObject({ ok: true, firstBroken: null });
    expect(v.json.entries).toBe(await count('ledger'));
  });

  it('the same eventId with a different body is 409 and nothing of the batch is stored', async () => {
    const { token, call } = await openCall(s);
    const e0 = makeEvent(call, 0);
    await s.ingest(token, [e0]);
    const ledgerBefore = await count('ledger');
    const changed = { ...e0, answer: 'changed' };
    const r = await s.ingest(token, [makeEvent(call, 1), changed]);
    expect(r.status).toBe(409);
    expect(r.json.type).toBe('https://callgate.dev/problems/idempotency-conflict');
    expect(r.json.errors[0].pointer).toBe('/events/1');
    expect(await count('consent_events')).toBe(1);
    expect(await count('ledger')).toBe(ledgerBefore);
  });

  it('events of one call are kept in seq order: a batch out of order is sorted, a gap is 422 naming the expected seq', async () => {
    const { token, call } = await openCall(s);
    const r = await s.ingest(token, [makeEvent(call, 2), makeEvent(call, 0), makeEvent(call, 1)]);
    expect(r.status).toBe(200);
    const seqs = r.json.results.map((x: { ledgerSeq: number }) => x.ledgerSeq);
    expect(seqs[1]).toBeLessThan(seqs[2]);
    expect(seqs[2]).toBeLessThan(seqs[0]);
    const gap = await s.ingest(token, [makeEvent(call, 4)]);
    expect(gap.status).toBe(422);
    expect(gap.json.type).toBe('https://callgate.dev/problems/out-of-order');
    expect(gap.json.errors[0]).toMatchObject({ pointer: '/events/0/seq', message: 'expected 3' });
    const taken = await s.ingest(token, [makeEvent(call, 1)]);
    expect(taken.status).toBe(409);
  });

  it('evidence checks: prompt hash must match, the call must exist and match, agents send only their own events', async () => {
    const { token, call } = await openCall(s);
    const badHash = await s.ingest(token, [{ ...makeEvent(call, 0), promptSha256: sha256Hex('other text') }]);
    expect(badHash.status).toBe(422);
    expect(badHash.json.errors[0].pointer).toBe('/events/0/promptSha256');
    const noCall = await s.ingest(token, [makeEvent({ ...call, id: 'no-such-call' }, 0)]);
    expect(noCall.status).toBe(422);
    expect(noCall.json.type).toBe('https://callgate.dev/problems/unknown-reference');
    const wrongLead = await s.ingest(token, [makeEvent({ ...call, leadId: 'lead-kr-night' }, 0)]);
    expect(wrongLead.json.type).toBe('https://callgate.dev/problems/evidence-mismatch');
    const other = await s.login('agent2');
    expect((await s.ingest(other, [makeEvent(call, 0)])).status).toBe(403);
    expect(await count('consent_events')).toBe(0);
  });

  it('an opt_out event implies the opt-out: internal DNC + consent withdrawn, flagged on the call', async () => {
    const { token, call } = await openCall(s);
    const r = await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1, { kind: 'opt_out', answer: 'opt_out', stepId: 'opt-out', ruleIds: ['KR-OPTOUT'] })]);
    expect(r.status).toBe(200);
    const card = await s.request('GET', '/v1/leads/lead-kr-valid', { token });
    expect(card.json.onInternalDnc).toBe(true);
    expect(card.json.grants.every((g: { withdrawnAt?: string }) => g.withdrawnAt !== undefined)).toBe(true);
    const detail = await s.request('GET', `/v1/calls/${call.id}`, { token });
    expect(detail.json.call.flags).toContain('opt_out');
    expect((await authorizeDial(s, token, 'lead-kr-valid')).status).toBe(422);
    const optOuts = await s.ctx.store.db.all('SELECT event_id, channel FROM opt_outs');
    expect(optOuts).toEqual([{ event_id: r.json.results[1].eventId, channel: 'call' }]);
  });

  it('practice events are stored apart and never enter the ledger', async () => {
    const token = await s.login('trainer1');
    const practiceCall = { id: newId(), leadId: 'persona-1', campaignId: 'cmp-kr-insurance', agentId: 'user-trainer1' };
    const ledgerBefore = await count('ledger');
    const r = await s.ingest(token, [makeEvent(practiceCall, 0, { practice: true }), makeEvent(practiceCall, 1, { practice: true })]);
    expect(r.status).toBe(200);
    expect(r.json.results.every((x: { practice: boolean; ledgerSeq: null }) => x.practice && x.ledgerSeq === null)).toBe(true);
    expect(await count('practice_events')).toBe(2);
    expect(await count('consent_events')).toBe(0);
    expect(await count('ledger')).toBe(ledgerBefore);
    // Repeats are idempotent there too; trainers cannot send evidence.
    expect((await s.ingest(token, [makeEvent(practiceCall, 0, { practice: false })])).status).toBe(403);
    const { token: agent, call } = await openCall(s);
    const mixed = await s.ingest(agent, [makeEvent(call, 0), makeEvent({ ...call, id: newId() }, 0, { practice: true })]);
    expect(mixed.json.results.map((x: { practice: boolean }) => x.practice)).toEqual([false, true]);
    expect(await count('consent_events')).toBe(1);
    expect(await count('practice_events')).toBe(3);
  });

  it('GET /v1/calls/{id} returns the timeline in seq order with ledger hashes; flags say what happened', async () => {
    const { token, call } = await openCall(s);
    s.clock.advance(10 * 60_000);
    // The pitch at seq 1 comes before time and consent: the replay refuses it (issue 11); it is kept
    // apart, not in the timeline of evidence, and flags the call.
    await s.ingest(token, [
      makeEvent(call, 0),
      makeEvent(call, 1, { kind: 'pitch', answer: 'delivered', stepId: 'pitch' }),
      makeEvent(call, 2, { kind: 'answer', answer: 'yes', stepId: 'cg-time' }),
      makeEvent(call, 3, { kind: 'disclosure', answer: 'confirmed', stepId: 'kr-source' }),
      makeEvent(call, 4, { kind: 'answer', consentKind: 'marketing_call', answer: 'no', stepId: 'kr-mkt' }),
    ]);
    const r = await s.request('GET', `/v1/calls/${call.id}`, { token });
    expect(r.status).toBe(200);
    expect(r.json.timeline.map((t: { event: { seq: number } }) => t.event.seq)).toEqual([0, 2, 3, 4]);
    expect(r.json.timeline[0].entryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json.timeline[0].event.promptText).toContain('상담원');
    expect(r.json.call.flags.sort()).toEqual(['consent_refused', 'late_events', 'pitch_without_consent', 'refused_events']);
    expect(r.json.call.eventCount).toBe(4);
  });

  it('GET /v1/calls filters by agent, outcome and flag and pages with a cursor', async () => {
    const made: string[] = [];
    for (const leadId of ['lead-kr-valid', 'lead-kr-night', 'lead-kr-3p-ok', 'lead-kr-reconfirmed', 'lead-kr-own-recent']) {
      const { token, call } = await openCall(s, leadId);
      made.push(call.id);
      // The sale is a whole call of the script (the server refuses a sale its run does not allow).
      if (leadId === 'lead-kr-night') await s.ingest(token, [0, 1, 2, 3, 4, 5, 6].map((i) => makeEvent(call, i)));
      s.clock.advance(1000);
      await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt: s.clock().toISOString(), outcome: leadId === 'lead-kr-night' ? 'sale' : 'no_answer' } });
    }
    const admin = await s.login('admin');
    const page1 = await s.request('GET', '/v1/calls?limit=2', { token: admin });
    expect(page1.status).toBe(200);
    expect(page1.json.items).toHaveLength(2);
    const ids: string[] = page1.json.items.map((c: { id: string }) => c.id);
    let cursor = page1.json.nextCursor;
    while (cursor) {
      const next = await s.request('GET', `/v1/calls?limit=2&cursor=${cursor}`, { token: admin });
      ids.push(...next.json.items.map((c: { id: string }) => c.id));
      cursor = next.json.nextCursor;
    }
    expect(ids).toEqual([...made].reverse());
    const sales = await s.request('GET', '/v1/calls?outcome=sale', { token: admin });
    expect(sales.json.items).toHaveLength(1);
    const byAgent = await s.request('GET', '/v1/calls?agent=user-agent1&team=team-seoul-1', { token: admin });
    expect(byAgent.json.items).toHaveLength(5);
    expect((await s.request('GET', '/v1/calls?flag=opt_out', { token: admin })).json.items).toHaveLength(0);
    const window = await s.request('GET', `/v1/calls?from=${encodeURIComponent(new Date(s.clock().getTime() - 2500).toISOString())}`, { token: admin });
    expect(window.json.items.length).toBeGreaterThan(0);
    expect(window.json.items.length).toBeLessThan(5);
    expect((await s.request('GET', '/v1/calls?cursor=garbage', { token: admin })).status).toBe(400);
  });

  it('scoping: a team lead never sees another team\'s calls; an agent sees only their own', async () => {
    // A second team with its own lead and agent.
    await addBusanTeam(s);
    const mine = await openCall(s, 'lead-kr-valid', 'agent1');
    const theirs = await openCall(s, 'lead-kr-night', 'agent3');
    const lead1 = await s.login('lead1');
    const lead2 = await s.login('lead2');
    const list1 = await s.request('GET', '/v1/calls', { token: lead1 });
    expect(list1.json.items.map((c: { id: string }) => c.id)).toEqual([mine.call.id]);
    const list2 = await s.request('GET', '/v1/calls', { token: lead2 });
    expect(list2.json.items.map((c: { id: string }) => c.id)).toEqual([theirs.call.id]);
    expect((await s.request('GET', `/v1/calls/${theirs.call.id}`, { token: lead1 })).status).toBe(404);
    expect((await s.request('GET', '/v1/calls?team=team-busan', { token: lead1 })).status).toBe(403);
    expect((await s.request('GET', `/v1/leads/lead-kr-night/evidence?reason=complaint`, { token: lead1 })).status).toBe(404);
    // Agents: own calls only.
    const agent2 = await s.login('agent2');
    expect((await s.request('GET', '/v1/calls', { token: agent2 })).json.items).toHaveLength(0);
    expect((await s.request('GET', `/v1/calls/${mine.call.id}`, { token: agent2 })).status).toBe(404);
    expect((await s.request('GET', '/v1/calls?agent=user-agent1', { token: agent2 })).status).toBe(403);
    expect((await s.request('GET', `/v1/calls/${mine.call.id}`, { token: mine.token })).status).toBe(200);
  });

  it('evidence bundle: grants, attempts, calls, events with texts and hashes, chain proof; logged with the reason (KR-ACCESS)', async () => {
    const { token, call } = await openCall(s);
    await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1, { kind: 'opt_out', answer: 'opt_out', stepId: 'opt-out' })]);
    const lead1 = await s.login('lead1');
    const r = await s.request('GET', '/v1/leads/lead-kr-valid/evidence?reason=' + encodeURIComponent('고객 민원 확인 (complaint 2026-031)'), { token: lead1 });
    expect(r.status).toBe(200);
    const b = r.json;
    expect(b.lead.phoneE164).toBe('+821000000101');
    expect(b.grants).toHaveLength(1);
    expect(b.dialAttempts).toHaveLength(1);
    expect(b.calls[0].id).toBe(call.id);
    expect(b.events.map((e: { event: { promptSha256: string; promptText: string } }) => sha256Hex(e.event.promptText) === e.event.promptSha256)).toEqual([true, true]);
    expect(b.optOuts).toHaveLength(1);
    expect(b.chainProof.entries).toHaveLength(4);
    expect(b.chainProof.entriesVerified).toBe(true);
    expect(b.chainProof.head.seq).toBeGreaterThanOrEqual(4);
    const log = await listAccess(s.ctx.store.db);
    expect(log.at(-1)).toMatchObject({ userId: 'user-lead1', action: 'evidence_bundle', subjectId: 'lead-kr-valid', reason: '고객 민원 확인 (complaint 2026-031)' });
    // No reason, no bundle; agents may not export.
    expect((await s.request('GET', '/v1/leads/lead-kr-valid/evidence', { token: lead1 })).status).toBe(400);
    expect((await s.request('GET', '/v1/leads/lead-kr-valid/evidence?reason=audit', { token })).status).toBe(403);
  });

  it('KR-RECONF: reconfirmation-due lists consents past or near two years, paged, of the people the caller may see', async () => {
    const admin = await s.login('admin');
    // A team lead sees the people their team has called: nobody's consent is due among those here.
    expect((await s.request('GET', '/v1/consents/reconfirmation-due?before=2030-01-01T00:00:00Z', { token: await s.login('lead1') })).json.items).toEqual([]);
    const r = await s.request('GET', '/v1/consents/reconfirmation-due', { token: admin });
    expect(r.status).toBe(200);
    const leads = r.json.items.map((i: { leadId: string }) => i.leadId);
    expect(leads).toContain('lead-kr-expired');
    expect(leads).not.toContain('lead-kr-valid');
    expect(leads).not.toContain('lead-kr-withdrawn');
    expect(r.json.items.find((i: { leadId: string }) => i.leadId === 'lead-kr-expired').overdue).toBe(true);
    const far = await s.request('GET', '/v1/consents/reconfirmation-due?limit=1&before=2030-01-01T00:00:00Z', { token: admin });
    expect(far.json.items).toHaveLength(1);
    const next = await s.request('GET', `/v1/consents/reconfirmation-due?limit=1&before=2030-01-01T00:00:00Z&cursor=${far.json.nextCursor}`, { token: admin });
    expect(next.json.items[0].grantId).not.toBe(far.json.items[0].grantId);
    expect((await s.request('GET', '/v1/consents/reconfirmation-due', { token: await s.login('agent1') })).status).toBe(403);
  });
});
