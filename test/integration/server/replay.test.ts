import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { DB_KINDS, makeEvent, openCall, startTestServer, type TestServer } from '../../support/server-harness';
import { newId } from '../../../shared/domain/ids';
import { renderContextFor } from '../../../shared/script/render';
import { ScriptRun } from '../../../shared/script/script-run';
import { campaignById, companyById } from '../../../server/store/campaigns';
import { leadById } from '../../../server/store/leads';
import { shippedScript, step } from '../../support/script-events';

// Issue 11 item 1: the server replays every evidence call against its script and refuses (and keeps)
// what the script could not have produced, and call outcomes the run does not allow.
describe.each(DB_KINDS)('server-side replay on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const statuses = (r: { json: { results: { status: string }[] } }) => r.json.results.map((x) => x.status);
  const verify = async () => (await s.request('GET', '/v1/ledger/verify', { token: await s.login('admin') })).json;
  type Call = { id: string; leadId: string; campaignId: string; agentId: string };
  const pitch = (call: Call, seq: number): ConsentEvent => makeEvent(call, seq, { kind: 'pitch', stepId: 'pitch', answer: 'delivered', ruleIds: ['CG-PITCH-LOCK'] });

  it('a valid call, made by the real ScriptRun, is stored in full and may end in a sale', async () => {
    const { token, call } = await openCall(s);
    // The desk's run: the campaign, its companies and the lead as the API serves them to the desk.
    const db = s.ctx.store.db;
    const campaign = (await campaignById(db, call.campaignId))!;
    const run = new ScriptRun({
      script: shippedScript('kr-default'),
      call: { callId: call.id, leadId: call.leadId, campaignId: call.campaignId, agentId: call.agentId, locale: 'ko', practice: false, calleeTimeZone: 'Asia/Seoul' },
      context: renderContextFor({
        campaign,
        callingCompany: (await companyById(db, campaign.callingCompanyId))!,
        sellerCompany: (await companyById(db, campaign.sellerCompanyId))!,
        lead: (await leadById(db, call.leadId))!,
        agentName: '김하준',
      }),
      now: () => s.clock(),
      newId,
    });
    const events = [
      await step(run, { type: 'confirm' }),
      await step(run, { type: 'answer', answerId: 'yes' }),
      await step(run, { type: 'confirm' }),
      await step(run, { type: 'answer', answerId: 'yes' }),
      await step(run, { type: 'deliver_pitch' }),
      await step(run, { type: 'answer', answerId: 'yes' }),
      await step(run, { type: 'record_outcome', outcome: 'sale' }),
    ];
    // Delivered in two batches, as an outbox does: the second is judged on the cached run.
    expect(statuses(await s.ingest(token, events.slice(0, 3)))).toEqual(['stored', 'stored', 'stored']);
    expect(statuses(await s.ingest(token, events.slice(3)))).toEqual(['stored', 'stored', 'stored', 'stored']);
    expect(await s.count('SELECT COUNT(*) AS n FROM consent_events WHERE call_id = ?', [call.id])).toBe(7);
    expect(await s.count('SELECT COUNT(*) AS n FROM refused_events')).toBe(0);
    const end = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt: new Date(s.clock().getTime() + 60_000).toISOString(), outcome: 'sale' } });
    expect(end.status).toBe(200);
    expect(end.json.flags).toEqual([]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a pitch with no time or consent answer before it is refused CG-PITCH-LOCK, kept apart, listed in review, and answered the same when sent again', async () => {
    const { token, call } = await openCall(s);
    const early = pitch(call, 1);
    const r = await s.ingest(token, [makeEvent(call, 0), early]);
    expect(r.status).toBe(200);
    expect(statuses(r)).toEqual(['stored', 'refused']);
    expect(r.json.results[1].refusal).toMatchObject({ type: 'https://callgate.dev/problems/event-refused', ruleId: 'CG-PITCH-LOCK' });
    expect(r.json.results[1].refusal.detail).toMatch(/time_permission and marketing_consent/);
    expect(r.json.results[1].ledgerSeq).toBeGreaterThan(r.json.results[0].ledgerSeq);
    // Kept: not evidence, but in refused_events with the rule, and in the ledger as a refused_event.
    expect(await s.count('SELECT COUNT(*) AS n FROM consent_events WHERE call_id = ?', [call.id])).toBe(1);
    expect(await s.count("SELECT COUNT(*) AS n FROM refused_events WHERE event_id = ? AND rule_id = 'CG-PITCH-LOCK'", [early.eventId])).toBe(1);
    expect(await s.count("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'refused_event' AND ref_id = ?", [early.eventId])).toBe(1);
    // Not retried forever: the same event again gets the same answer and adds nothing.
    const again = await s.ingest(token, [early]);
    expect(statuses(again)).toEqual(['refused']);
    expect(again.json.results[0].refusal.ruleId).toBe('CG-PITCH-LOCK');
    expect(await s.count('SELECT COUNT(*) AS n FROM refused_events')).toBe(1);
    // It occupies its seq; the run did not move: the time question comes next and is accepted.
    expect(statuses(await s.ingest(token, [makeEvent(call, 2, { stepId: 'cg-time', kind: 'answer', answer: 'yes', ruleIds: ['CG-TIME'] })]))).toEqual(['stored']);
    // Review lists the call (flag refused_events; the attempted pitch still flags pitch_without_consent).
    const admin = await s.login('admin');
    const listed = await s.request('GET', '/v1/calls', { token: admin, query: { flag: 'refused_events' } });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((c: { id: string }) => c.id)).toEqual([call.id]);
    expect(listed.json.items[0].flags).toEqual(expect.arrayContaining(['refused_events', 'pitch_without_consent']));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a pitch after "no time" is refused CG-TIME; after a consent "no", KR-MKT', async () => {
    const { token, call } = await openCall(s);
    const noTime = makeEvent(call, 1, { stepId: 'cg-time', answer: 'no' });
    expect(statuses(await s.ingest(token, [makeEvent(call, 0), noTime, pitch(call, 2)]))).toEqual(['stored', 'stored', 'refused']);
    expect((await s.ctx.store.db.get('SELECT rule_id FROM refused_events WHERE call_id = ?', [call.id]))?.['rule_id']).toBe('CG-TIME');

    const other = await openCall(s, 'lead-kr-night');
    const c2 = other.call;
    const r = await s.ingest(other.token, [makeEvent(c2, 0), makeEvent(c2, 1), makeEvent(c2, 2), makeEvent(c2, 3, { answer: 'no' }), pitch(c2, 4)]);
    expect(statuses(r)).toEqual(['stored', 'stored', 'stored', 'stored', 'refused']);
    expect(r.json.results[4].refusal.ruleId).toBe('KR-MKT');
  });

  it('an event out of the script order (a step the run is not on, an unknown answer, anything after an opt-out) is refused', async () => {
    const { token, call } = await openCall(s);
    const r = await s.ingest(token, [
      makeEvent(call, 0, { stepId: 'kr-source' }),
      makeEvent(call, 1, { stepId: 'kr-id', kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-ID'] }),
      makeEvent(call, 2, { stepId: 'cg-time', kind: 'answer', answer: 'maybe' }),
      makeEvent(call, 3, { kind: 'opt_out', answer: 'opt_out', stepId: 'cg-time' }),
      makeEvent(call, 4, { stepId: 'cg-time', kind: 'answer', answer: 'yes' }),
    ]);
    expect(statuses(r)).toEqual(['refused', 'stored', 'refused', 'stored', 'refused']);
    expect(r.json.results.map((x: { refusal?: { ruleId: string } }) => x.refusal?.ruleId ?? null)).toEqual(['CG-SCRIPT', null, 'CG-SCRIPT', null, 'KR-OPTOUT']);
  });

  it('outcomes the run does not allow are 422 outcome-refused: a sale after an opt-out, a sale without a pitch', async () => {
    const { token, call } = await openCall(s);
    await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1), makeEvent(call, 2, { kind: 'opt_out', answer: 'opt_out', stepId: 'kr-source' })]);
    const endedAt = new Date(s.clock().getTime() + 60_000).toISOString();
    const sale = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt, outcome: 'sale' } });
    expect(sale.status).toBe(422);
    expect(sale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(sale.json).toMatchObject({ type: 'https://callgate.dev/problems/outcome-refused', ruleId: 'KR-OPTOUT' });
    expect((await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt, outcome: 'callback', callbackAt: endedAt } })).status).toBe(422);
    const optOut = await s.request('PATCH', `/v1/calls/${call.id}`, { token, body: { endedAt, outcome: 'opt_out' } });
    expect(optOut.status).toBe(200);

    const other = await openCall(s, 'lead-kr-night');
    await s.ingest(other.token, [makeEvent(other.call, 0), makeEvent(other.call, 1), makeEvent(other.call, 2), makeEvent(other.call, 3)]);
    const noPitch = await s.request('PATCH', `/v1/calls/${other.call.id}`, { token: other.token, body: { endedAt, outcome: 'sale' } });
    expect(noPitch.status).toBe(422);
    expect(noPitch.json.ruleId).toBe('CG-PITCH-LOCK');
    // A pitch without the third-party provision consent (the campaign hands the data on): KR-3P.
    await s.ingest(other.token, [makeEvent(other.call, 4)]);
    expect((await s.request('PATCH', `/v1/calls/${other.call.id}`, { token: other.token, body: { endedAt, outcome: 'sale' } })).json.ruleId).toBe('KR-3P');
    expect((await s.request('PATCH', `/v1/calls/${other.call.id}`, { token: other.token, body: { endedAt, outcome: 'not_interested' } })).status).toBe(200);
  });

  it('the run is cached per call and rebuilt from the database on a miss (same verdicts)', async () => {
    const { token, call } = await openCall(s);
    await s.ingest(token, [makeEvent(call, 0), makeEvent(call, 1)]);
    const misses = s.ctx.replays.misses;
    await s.ingest(token, [makeEvent(call, 2)]);
    expect(s.ctx.replays.misses).toBe(misses);
    s.ctx.replays.forget(call.id);
    expect(statuses(await s.ingest(token, [pitch(call, 3)]))).toEqual(['refused']);
    expect(s.ctx.replays.misses).toBe(misses + 1);
    expect(statuses(await s.ingest(token, [makeEvent(call, 4, { stepId: 'kr-mkt', kind: 'answer', answer: 'yes', consentKind: 'marketing_call' }), pitch(call, 5)]))).toEqual(['stored', 'stored']);
  });
});
