// EU-ART7 on real SQLite and PostgreSQL: the evidence bundle proves each consent on its own: who
// consented (and which agent asked), the exact text read with the script id + version and its hash,
// when (UTC and the callee's zone), how (orally in call X with SIP Call-ID Y, or imported with its proof
// reference), and whether the withdrawal was explained (in the consent text, or earlier in the same call)
// and used. Events are made by a real ScriptRun over the call's script (the server refuses anything else,
// CG-SCRIPT). The printable export shows the same section.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { renderContextFor } from '../../../shared/script/render';
import { ScriptRun } from '../../../shared/script/script-run';
import { sha256Hex } from '../../../server/ledger/hash';
import { demoRun, shippedScript, step } from '../../support/script-events';
import { DB_KINDS, openCall, startTestServer, type TestServer } from '../../support/server-harness';

const KR_V2 = shippedScript('kr-default-v2');
const US = shippedScript('us-default');
type Proof = { consentKind: string; result: string; what: { text: string } | null; how: { channel: string; eventId: string | null }; withdrawal: { explained: boolean | null; where: string | null; explainedInEventId: string | null; withdrawnAt: string | null } };

describe.each(DB_KINDS)('EU-ART7 consent proofs in the evidence bundle on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  async function ingest(token: string, events: ConsentEvent[]): Promise<void> {
    const r = await s.ingest(token, events);
    expect(r.status, r.body).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status), r.body).not.toContain('refused');
  }
  /** Events as the desk makes them: a real ScriptRun over the call's script, on the server's clock. */
  const krRun = (call: { id: string; leadId: string; campaignId: string; agentId: string; sipCallId?: string }) => demoRun(KR_V2, call, () => s.clock());

  it('EU-ART7: each consent answer shows who, the exact text with script version, when, how, and whether withdrawal was explained', async () => {
    // The demo KR campaign runs the KR default script with its recording-consent step (version 2).
    const row = await s.ctx.store.db.get("SELECT body FROM campaigns WHERE id = 'cmp-kr-insurance'");
    await s.ctx.store.db.run("UPDATE campaigns SET body = ? WHERE id = 'cmp-kr-insurance'", [JSON.stringify({ ...(JSON.parse(String(row?.['body'])) as object), scriptVersion: 2 })]);

    // A US call (Los Angeles, 18:30): the sales-call consent is refused; its text never says "withdraw".
    const us = await openCall(s, 'lead-us-la');
    const usRun = new ScriptRun({
      script: US,
      call: { callId: us.call.id, sipCallId: 'sip-call-1@callgate.test', leadId: 'lead-us-la', campaignId: us.call.campaignId, agentId: us.call.agentId, locale: 'en', practice: false, calleeTimeZone: 'America/Los_Angeles' },
      context: renderContextFor({
        campaign: { profile: 'US', purpose: { ko: '태양광 안내', en: 'solar panels' }, product: { ko: '태양광 패널', en: 'solar panels' } },
        callingCompany: { name: { ko: '누리콜센터', en: 'Nuri Call Center' }, contactNumber: '(800) 555-0199' },
        sellerCompany: { name: { ko: '선파워', en: 'SunPower Homes' } },
        lead: { source: { kind: 'own_customer', description: 'web inquiry', sameKindOfGoods: false }, timeZone: 'America/Los_Angeles', region: 'US-CA' },
        agentName: 'Alex Kim',
      }),
      now: () => s.clock(),
      newId,
    });
    const usEvents = [await step(usRun, { type: 'confirm' }), await step(usRun, { type: 'confirm' }), await step(usRun, { type: 'answer', answerId: 'yes' }), await step(usRun, { type: 'answer', answerId: 'no' })];
    const usNo = usEvents[3];
    expect(usNo).toMatchObject({ stepId: 'us-consent', consentKind: 'marketing_call', answer: 'no' });
    await ingest(us.token, usEvents);

    // Call 1: marketing consent granted (its text explains the withdrawal), then recording granted.
    const one = await openCall(s, 'lead-kr-valid');
    const run1 = krRun(one.call);
    const call1 = [await step(run1, { type: 'confirm' }), await step(run1, { type: 'answer', answerId: 'yes' }), await step(run1, { type: 'confirm' })];
    s.clock.advance(20_000);
    const mkt = await step(run1, { type: 'answer', answerId: 'yes' });
    const rec = await step(run1, { type: 'answer', answerId: 'yes' });
    expect([mkt.stepId, rec.stepId]).toEqual(['kr-mkt', 'kr-rec']);
    await ingest(one.token, [...call1, mkt, rec]);
    // Call 2, the next day: the person says no to marketing calls.
    s.clock.advance(86_400_000);
    const two = await openCall(s, 'lead-kr-valid');
    const run2 = krRun(two.call);
    const call2 = [await step(run2, { type: 'confirm' }), await step(run2, { type: 'answer', answerId: 'yes' }), await step(run2, { type: 'confirm' })];
    const refused = await step(run2, { type: 'answer', answerId: 'no' });
    await ingest(two.token, [...call2, refused]);

    const admin = await s.login('admin');
    const bundle = await s.request('GET', '/v1/leads/lead-kr-valid/evidence?reason=EU-ART7%20proof%20check', { token: admin });
    expect(bundle.status, bundle.body).toBe(200);
    const proofs = bundle.json.consentProofs as Proof[];
    const ofEvent = (id: string) => proofs.find((p) => p.how.eventId === id);
    expect(ofEvent(mkt.eventId)).toEqual({
      consentKind: 'marketing_call',
      result: 'granted',
      who: { leadId: 'lead-kr-valid', name: '김민준', agentId: one.call.agentId },
      what: { text: mkt.promptText, sha256: sha256Hex(mkt.promptText), scriptId: 'kr-default', scriptVersion: 2, stepId: 'kr-mkt', locale: 'ko' },
      when: { at: mkt.occurredAt, calleeTimeZone: 'Asia/Seoul' },
      how: { channel: 'oral_in_call', callId: one.call.id, sipCallId: 'sip-call-1@callgate.test', eventId: mkt.eventId, ledgerSeq: expect.any(Number), evidenceRef: null },
      // Withdrawn by the "no" of the next day's call.
      withdrawal: { explained: true, where: 'consent_text', explainedInEventId: mkt.eventId, withdrawnAt: refused.occurredAt },
    });
    expect(mkt.promptText).toMatch(/철회/);
    // The recording consent's own text says nothing of withdrawal; the marketing question before it did.
    expect(rec.promptText).not.toMatch(/철회|수신\s*거부/);
    expect(ofEvent(rec.eventId)).toMatchObject({ consentKind: 'recording', result: 'granted', withdrawal: { explained: true, where: 'earlier_in_call', explainedInEventId: mkt.eventId } });
    // A refusal is proven too (and recorded once: not again as an "imported" grant).
    expect(ofEvent(refused.eventId)).toMatchObject({ consentKind: 'marketing_call', result: 'refused', how: { callId: two.call.id }, withdrawal: { explained: true, where: 'consent_text' } });
    // The consent imported with the lead: how = imported with its proof reference; the text is not held here.
    const imported = proofs.filter((p) => p.how.channel === 'imported');
    const importedGrants = (bundle.json.grants as { evidenceRef: string }[]).filter((g) => !g.evidenceRef.startsWith('consent-event:'));
    expect(imported.length).toBe(importedGrants.length);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported[0]).toMatchObject({ what: null, who: { leadId: 'lead-kr-valid', agentId: null }, how: { evidenceRef: importedGrants[0]?.evidenceRef }, withdrawal: { explained: null } });
    expect(proofs.filter((p) => p.how.channel === 'oral_in_call')).toHaveLength(3);

    // The US refusal: nothing read in that call said the consent can be withdrawn, and the proof says so.
    const usBundle = await s.request('GET', '/v1/leads/lead-us-la/evidence?reason=EU-ART7%20proof%20check', { token: admin });
    expect((usBundle.json.consentProofs as Proof[]).find((p) => p.how.eventId === usNo?.eventId)).toMatchObject({ result: 'refused', withdrawal: { explained: false, where: null, explainedInEventId: null } });

    // The person opts out: the recording consent answered before it shows when it was withdrawn.
    s.clock.advance(60_000);
    const optOut = await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: await s.login('agent1'), body: { channel: 'phone' } });
    expect(optOut.status, optOut.body).toBeLessThan(300);
    const after = await s.request('GET', '/v1/leads/lead-kr-valid/evidence?reason=EU-ART7%20proof%20check', { token: admin });
    expect((after.json.consentProofs as Proof[]).find((p) => p.how.eventId === rec.eventId)?.withdrawal.withdrawnAt).toBe(s.clock().toISOString());

    // The printable summary carries the same proof: the exact text, script version, channel, withdrawal.
    const html = await s.request('POST', '/v1/review/exports/evidence', { token: admin, body: { leadId: 'lead-kr-valid', format: 'html', reason: 'EU-ART7 proof check', locale: 'en' } });
    expect(html.status).toBe(200);
    expect(html.body).toContain('<h2 id="consent-proofs">Consent proofs (who, what text, when, how, withdrawal explained)</h2>');
    expect(html.body).toContain(mkt.promptText.slice(0, 40));
    expect(html.body).toContain('kr-default v2 · kr-mkt · ko');
    expect(html.body).toContain('in the consent text');
    expect(html.body).toContain('earlier in the same call');
    const json = JSON.parse((await s.request('POST', '/v1/review/exports/evidence', { token: admin, body: { leadId: 'lead-kr-valid', format: 'json', reason: 'EU-ART7 proof check', locale: 'en' } })).body);
    expect(json.consentProofs).toEqual(after.json.consentProofs);
  });
});
