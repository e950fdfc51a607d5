import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeadCardSchema } from '../../../shared/api/campaigns';
import { ReviewTimelineSchema } from '../../../shared/api/review-timeline';
import { KR_PROFILE } from '../../../shared/compliance/profiles';
import { insertGrants } from '../../../server/store/leads';
import { authorizeDial, DB_KINDS, makeEvent, openCall, startTestServer, type TestServer } from '../../support/server-harness';

// Issue 11 item 2: every "no" is honoured at once, and an in-call opt-out is recorded once whichever
// path (the ingested opt_out event or POST /v1/leads/{id}/opt-out with the call id) delivers it first.
describe.each(DB_KINDS)('every "no" honoured at once on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const dial = (token: string, leadId: string) => authorizeDial(s, token, leadId);
  const codes = (r: { json: { reasons?: { code: string; detail: string }[] } }) => (r.json.reasons ?? []).map((x) => `${x.code}:${x.detail}`);

  for (const leadId of ['lead-kr-valid', 'lead-kr-own-recent']) {
    it(`a "no" to the marketing-consent question withdraws it for the calling company: the next dial is refused KR-CONSENT (${leadId})`, async () => {
      const { token, call } = await openCall(s, leadId);
      const r = await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1), makeEvent(call, 2), makeEvent(call, 3, { answer: 'no' })]);
      expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
      await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt: new Date(s.clock().getTime() + 30_000).toISOString(), outcome: 'refused_consent' } });
      // The next day, at the same hour: the person said no, so the gate refuses (own customer or not).
      s.clock.advance(86_400_000);
      const next = await dial(await s.login('agent1'), leadId);
      expect(next.status).toBe(422);
      expect(codes(next)).toContain('KR-CONSENT:withdrawn');
      expect(await s.count("SELECT COUNT(*) AS n FROM consent_grants WHERE lead_id = ? AND kind = 'marketing_call' AND withdrawn_at IS NULL", [leadId])).toBe(0);
    });

    it(`KR-OPTOUT: a "no" is recorded as a refusal with its own ledger entry, never as a grant (${leadId})`, async () => {
      const grantsBefore = await s.count('SELECT COUNT(*) AS n FROM consent_grants WHERE lead_id = ?', [leadId]);
      const { token, call } = await openCall(s, leadId);
      const no = makeEvent(call, 3, { answer: 'no' });
      await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1), makeEvent(call, 2), no]);
      // Decision 0054: no grant row claims a consent the person never gave.
      expect(await s.count('SELECT COUNT(*) AS n FROM consent_grants WHERE lead_id = ?', [leadId])).toBe(grantsBefore);
      expect(await s.count("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'consent_refused'")).toBe(1);
      const admin = await s.login('admin');
      expect((await s.request('GET', '/v1/ledger/verify', { token: admin })).json.ok).toBe(true);
      const bundle = (await s.request('GET', `/v1/leads/${leadId}/evidence?reason=refusal%20check`, { token: admin })).json;
      expect(bundle.refusals).toHaveLength(1);
      expect(bundle.refusals[0]).toMatchObject({ kind: 'marketing_call', recipients: ['co-nuri-call'], callId: call.id, eventId: no.eventId, form: 'refusal' });
      expect(bundle.refusals[0].withdrawnGrantIds).toHaveLength(grantsBefore);
      expect(bundle.grants.every((g: { evidenceRef: string }) => !g.evidenceRef.startsWith('consent-event:'))).toBe(true);
      expect(bundle.chainProof.entries.map((e: { kind: string }) => e.kind)).toContain('consent_refused');
      expect(bundle.chainProof.entriesVerified).toBe(true);
      // The desk's lead card (the IPC contract parses it) lists the refusal as a refusal, not as a grant.
      const card = LeadCardSchema.parse((await s.request('GET', `/v1/leads/${leadId}`, { token: admin })).json);
      expect(card.refusals.map((r) => [r.kind, r.form])).toEqual([['marketing_call', 'refusal']]);
      expect(card.grants.every((g) => !g.evidenceRef.startsWith('consent-event:'))).toBe(true);
      // The review timeline says what each consent answer did: the "no" is a refusal.
      const timeline = ReviewTimelineSchema.parse((await s.request('GET', `/v1/review/calls/${call.id}/timeline`, { token: admin })).json);
      expect(timeline.entries.map((e) => e.consent)).toEqual([null, null, null, 'refused']);
    });
  }

  it('KR-CONSENT: a refusal recorded in the old form (a grant withdrawn at once) stays as it was and is read as a refusal', async () => {
    const leadId = 'lead-kr-own-recent';
    // Own customer within 6 months: allowed without consent, until a "no".
    expect((await authorizeDial(s, await s.login('agent1'), leadId)).status).toBe(201);
    const at = new Date(s.clock().getTime() - 3_600_000).toISOString();
    const old = { id: 'grant-old-refusal', leadId, kind: 'marketing_call' as const, recipients: ['co-nuri-call'], purpose: 'refused in call call-old', items: [], retention: 'kept as the record of the refusal', grantedAt: at, withdrawnAt: at, evidenceRef: 'consent-event:event-old' };
    await s.ctx.store.db.tx((sql) => insertGrants(sql, [old], KR_PROFILE, s.clock()));
    const rowBefore = await s.ctx.store.db.get('SELECT * FROM consent_grants WHERE id = ?', [old.id]);
    s.clock.advance(86_400_000);
    const next = await authorizeDial(s, await s.login('agent2'), leadId);
    expect(next.status).toBe(422);
    expect(codes(next)).toContain('KR-CONSENT:withdrawn');
    const bundle = (await s.request('GET', `/v1/leads/${leadId}/evidence?reason=refusal%20check`, { token: await s.login('admin') })).json;
    expect(bundle.grants).toEqual([]);
    expect(bundle.refusals).toEqual([
      { id: old.id, leadId, kind: 'marketing_call', recipients: ['co-nuri-call'], refusedAt: at, callId: 'call-old', eventId: 'event-old', withdrawnGrantIds: [], form: 'legacy_grant', legacyGrantId: old.id },
    ]);
    const card = LeadCardSchema.parse((await s.request('GET', `/v1/leads/${leadId}`, { token: await s.login('admin') })).json);
    expect(card.grants).toEqual([]);
    expect(card.refusals.map((r) => r.form)).toEqual(['legacy_grant']);
    // Read, never rewritten.
    expect(await s.ctx.store.db.get('SELECT * FROM consent_grants WHERE id = ?', [old.id])).toEqual(rowBefore);
  });

  it('a "yes" changes nothing: the next dial is allowed', async () => {
    const { token, call } = await openCall(s);
    await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1), makeEvent(call, 2), makeEvent(call, 3)]);
    s.clock.advance(86_400_000);
    expect((await dial(await s.login('agent1'), 'lead-kr-valid')).status).toBe(201);
  });

  const optOutRoute = (token: string, leadId: string, callId: string) => s.request('POST', `/v1/leads/${leadId}/opt-out`, { token, body: { channel: 'call', callId } });
  const optOutEvent = (call: { id: string; leadId: string; campaignId: string; agentId: string }) =>
    makeEvent(call, 2, { kind: 'opt_out', answer: 'opt_out', stepId: 'kr-source', ruleIds: ['KR-OPTOUT'] });
  const once = async (callId: string, leadId: string) => {
    expect(await s.count('SELECT COUNT(*) AS n FROM opt_outs WHERE lead_id = ?', [leadId])).toBe(1);
    expect(await s.count("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'opt_out'")).toBe(1);
    expect(await s.count('SELECT COUNT(*) AS n FROM opt_outs WHERE call_id = ? AND event_id IS NOT NULL', [callId])).toBe(1);
    expect((await s.request('GET', '/v1/ledger/verify', { token: await s.login('admin') })).json.ok).toBe(true);
  };

  it('opt-out: the event first, then the route with the call id: one opt_outs row, one ledger entry', async () => {
    const { token, call } = await openCall(s);
    const event = optOutEvent(call);
    expect((await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1), event])).json.results[2].status).toBe('stored');
    const route = await optOutRoute(token, call.leadId, call.id);
    expect(route.status).toBe(200);
    expect(route.json.newlyListed).toBe(false);
    await once(call.id, call.leadId);
  });

  it('opt-out: the route first, then the event: one row (the event linked to it), one ledger entry', async () => {
    const { token, call } = await openCall(s);
    await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1)]);
    const route = await optOutRoute(token, call.leadId, call.id);
    expect(route.json.newlyListed).toBe(true);
    expect((await s.ingest(token, [optOutEvent(call)])).json.results[0].status).toBe('stored');
    await once(call.id, call.leadId);
  });

  it('opt-out: both paths at once, repeated: one row and one ledger entry each time', async () => {
    const { token, call } = await openCall(s);
    await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1)]);
    const event = optOutEvent(call);
    const replies = await Promise.all([s.ingest(token, [event]), optOutRoute(token, call.leadId, call.id), optOutRoute(token, call.leadId, call.id), s.ingest(token, [event])]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await once(call.id, call.leadId);
  });
});
