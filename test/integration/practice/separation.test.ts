// SEPARATION (issue 7 "Separation"), on SQLite and PostgreSQL: practice events carry `practice: true`,
// are stored apart, and never enter the ledger, call KPIs or call lists, the DNC list, consent grants or
// evidence exports. The worst case is tested: practice events that name a REAL lead, campaign and call.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { DB_KINDS, makeEvent, openCall, startTestServer, type TestServer } from '../../support/server-harness';
import { play, scenario } from '../../unit/practice/fixtures';

describe.each(DB_KINDS)('practice is kept apart from evidence on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const q = async (sql: string): Promise<unknown[]> => s.ctx.store.db.all(sql);
  const count = async (table: string): Promise<number> => Number((await s.ctx.store.db.get(`SELECT COUNT(*) AS n FROM ${table}`))?.['n']);

  /** Everything evidence-side that practice must never change. */
  async function evidenceState(admin: string) {
    const period = { from: '2026-03-01T00:00:00Z', to: '2026-03-20T00:00:00Z' };
    const kpis = await s.request('GET', '/v1/review/kpis', { token: admin, query: period });
    return {
      ledger: await q('SELECT seq, kind, ref_id, hash FROM ledger ORDER BY seq'),
      consentEvents: await count('consent_events'),
      calls: await q('SELECT * FROM calls ORDER BY id'),
      callList: (await s.request('GET', '/v1/calls', { token: admin })).json.items,
      kpis: { status: kpis.status, totals: kpis.json?.totals },
      internalDnc: await q('SELECT * FROM internal_dnc ORDER BY 1'),
      optOuts: await q('SELECT * FROM opt_outs ORDER BY id'),
      grants: await q('SELECT * FROM consent_grants ORDER BY id'),
      refusals: await q('SELECT * FROM consent_refusals ORDER BY id'),
      leadCard: (await s.request('GET', '/v1/leads/lead-kr-valid', { token: admin })).json,
      evidence: (await s.request('GET', '/v1/leads/lead-kr-valid/evidence', { token: admin, query: { reason: 'separation test' } })).json,
      reviewExport: await s.request('POST', '/v1/review/exports/evidence', { token: admin, body: { leadId: 'lead-kr-valid', format: 'json', reason: 'separation test' } }),
      reviewCalls: (await s.request('GET', '/v1/review/calls', { token: admin, query: period })).json?.items,
    };
  }

  it('SEPARATION: practice calls (opt-out, consent, pitch) and a forged practice opt-out on a real lead and call change no evidence', async () => {
    const admin = await s.login('admin');
    // A real call of a real lead, opened before any practice: its state must stay exactly as it is.
    const { token: agent, call } = await openCall(s, 'lead-kr-valid');
    const before = await evidenceState(admin);
    expect(before.kpis.status).toBe(200);
    expect(before.callList).toHaveLength(1);
    expect(before.leadCard).toMatchObject({ onInternalDnc: false, verdict: { allowed: true } });

    // Practice calls played on the real ScriptRun, delivered like the outbox delivers.
    const t0 = s.clock().getTime();
    const practiced: ConsentEvent[] = [];
    for (const [i, id] of ['kr-remove-me', 'kr-willing', 'kr-refuses-consent', 'kr-angry'].entries()) {
      const p = play(scenario(id), { callId: newId(), newId, startedAt: t0 + i * 600_000 });
      practiced.push(...p.events);
      const r = await s.request('POST', '/v1/consent-events', { token: agent, body: { events: p.events } });
      expect(r.status).toBe(200);
      expect(r.json.results.every((x: { practice: boolean; ledgerSeq: null; status: string }) => x.practice && x.ledgerSeq === null && x.status === 'stored')).toBe(true);
      await s.request('POST', '/v1/practice/attempts', {
        token: agent,
        body: { attemptId: newId(), scenarioId: id, scenarioRevision: 1, callId: p.setup.call.callId, locale: 'ko', startedAt: p.startedAt, endedAt: p.endedAt, events: p.events },
      });
    }
    expect(practiced.some((e) => e.kind === 'opt_out')).toBe(true);
    expect(practiced.some((e) => e.kind === 'pitch')).toBe(true);
    expect(practiced.some((e) => e.consentKind === 'marketing_call' && e.answer === 'yes')).toBe(true);

    // The worst case: practice events naming the real lead, campaign and call, including an opt-out.
    const real = { id: call.id, leadId: 'lead-kr-valid', campaignId: 'cmp-kr-insurance', agentId: 'user-agent1' };
    const forged = [
      makeEvent(real, 0, { practice: true, kind: 'answer', stepId: 'kr-mkt', answer: 'yes', consentKind: 'marketing_call', ruleIds: ['KR-MKT'] }),
      makeEvent(real, 1, { practice: true, kind: 'opt_out', stepId: 'kr-mkt', answer: 'opt_out', consentKind: 'marketing_call', ruleIds: ['KR-OPTOUT'] }),
    ];
    expect((await s.request('POST', '/v1/consent-events', { token: agent, body: { events: forged } })).status).toBe(200);
    // A trainer's practice too.
    const trainer = await s.login('trainer1');
    const tp = play(scenario('kr-no-time'), { agentId: 'user-trainer1', agentName: '이도윤', callId: newId(), newId, startedAt: t0 });
    expect((await s.request('POST', '/v1/consent-events', { token: trainer, body: { events: tp.events } })).status).toBe(200);

    expect(await count('practice_events')).toBe(practiced.length + forged.length + tp.events.length);
    expect(await count('practice_attempts')).toBe(4);
    const after = await evidenceState(admin);
    // Ledger: not one entry more, and the chain still verifies.
    expect(after.ledger).toEqual(before.ledger);
    expect((await s.request('GET', '/v1/ledger/verify', { token: admin })).json).toMatchObject({ ok: true, entries: before.ledger.length });
    // Calls, call lists and KPIs: unchanged (no practice call appears, the real call has no events).
    expect(after.consentEvents).toBe(before.consentEvents);
    expect(after.calls).toEqual(before.calls);
    expect(after.callList).toEqual(before.callList);
    expect(after.kpis).toEqual(before.kpis);
    expect((await s.request('GET', `/v1/calls/${call.id}`, { token: admin })).json.timeline).toEqual([]);
    expect((await s.request('GET', '/v1/calls', { token: agent, query: { lead: 'practice-lead-kr-remove-me' } })).json.items ?? []).toEqual([]);
    // DNC and grants: a practice opt-out puts no number on the DNC list and withdraws nothing.
    expect(after.internalDnc).toEqual(before.internalDnc);
    expect(after.optOuts).toEqual(before.optOuts);
    expect(after.grants).toEqual(before.grants);
    expect(after.leadCard).toEqual(before.leadCard);
    // Evidence export of the real person: no practice event in it.
    expect(after.evidence.events).toEqual(before.evidence.events);
    expect(before.reviewExport.status).toBe(200);
    expect(after.reviewExport.json.events).toHaveLength(before.reviewExport.json.events.length);
    expect(after.reviewExport.body).not.toContain('"practice":true');
    expect(after.reviewCalls).toEqual(before.reviewCalls);
    expect(JSON.stringify(after.evidence)).not.toContain('"practice":true');
    // The real call still takes its own first event at seq 0: practice used none of its sequence.
    const realEvent = makeEvent(real, 0);
    const stored = await s.request('POST', '/v1/consent-events', { token: agent, body: { events: [realEvent] } });
    expect(stored.json.results[0]).toMatchObject({ status: 'stored', practice: false });
    expect(stored.json.results[0].ledgerSeq).toBeGreaterThan(0);
  });

  it('SEPARATION: a practice event id can never be replayed as evidence (same id, different body is 409)', async () => {
    const { token, call } = await openCall(s, 'lead-kr-valid');
    const event = makeEvent({ id: call.id, leadId: 'lead-kr-valid', campaignId: 'cmp-kr-insurance', agentId: 'user-agent1' }, 0, { practice: true });
    expect((await s.request('POST', '/v1/consent-events', { token, body: { events: [event] } })).json.results[0].practice).toBe(true);
    const asEvidence = await s.request('POST', '/v1/consent-events', { token, body: { events: [{ ...event, practice: false }] } });
    expect(asEvidence.status).toBe(409);
    expect(await count('consent_events')).toBe(0);
    expect(await count('ledger')).toBe(Number((await s.request('GET', '/v1/ledger/verify', { token: await s.login('admin') })).json.entries));
  });
});
