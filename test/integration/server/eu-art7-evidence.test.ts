// EU-ART7 on real SQLite and PostgreSQL: the evidence bundle proves each consent on its own: who
// consented (and which agent asked), the exact text read with the script id + version and its hash,
// when (UTC and the callee's zone), how (orally in call X with SIP Call-ID Y, or imported with its proof
// reference), and whether the withdrawal was explained (in the consent text, or earlier in the same call)
// and used. The printable export shows the same section.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/ledger/hash';
import { DB_KINDS, DEFAULT_NOW, makeEvent, openCall, startTestServer, type TestServer } from '../../support/server-harness';

/** The KR default script v2's marketing consent question, as read (placeholders filled). */
const MKT_TEXT =
  '상품을 안내해 드리기 전에 마케팅 활용 동의 여부를 여쭙겠습니다. 동의하시면 한빛생명에서 고객님의 성함과 연락처를 보험 상품 안내 목적으로 이용하여 전화로 상품을 안내해 드리며, 이 정보는 동의일로부터 2년간 또는 동의를 철회하실 때까지 보유합니다. 이 동의는 선택 사항으로, 동의하지 않으셔도 현재 이용 중인 서비스에는 아무런 불이익이 없습니다. 동의하신 후에도 통화 중 말씀하시거나 080-000-0200번으로 연락 주시면 언제든지 무료로 철회하실 수 있습니다. 전화를 통한 상품 안내에 동의하십니까?';
const REC_TEXT = '정확한 안내와 고객님 보호를 위해 지금부터 상품 안내와 계약 부분의 통화를 녹음하고자 합니다. 녹음에 동의하십니까? 동의하지 않으셔도 녹음 없이 안내를 계속해 드립니다.';
const at = (sec: number): string => new Date(DEFAULT_NOW.getTime() + sec * 1000).toISOString();

describe.each(DB_KINDS)('EU-ART7 consent proofs in the evidence bundle on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  async function ingest(token: string, events: unknown[]): Promise<void> {
    const r = await s.request('POST', '/v1/consent-events', { token, body: { events } });
    expect(r.status, r.body).toBeLessThan(300);
  }
  const v2 = { scriptId: 'kr-default', scriptVersion: 2 } as const;

  it('EU-ART7: each consent answer shows who, the exact text with script version, when, how, and whether withdrawal was explained', async () => {
    // Call 1: marketing consent granted (its text explains the withdrawal), then recording granted.
    const one = await openCall(s, 'lead-kr-valid');
    const mkt = makeEvent(one.call, 1, { ...v2, stepId: 'kr-mkt', kind: 'answer', answer: 'yes', consentKind: 'marketing_call', ruleIds: ['KR-MKT', 'KR-OPTOUT'], promptText: MKT_TEXT, promptSha256: sha256Hex(MKT_TEXT), occurredAt: at(20) });
    const rec = makeEvent(one.call, 2, { ...v2, stepId: 'kr-rec', kind: 'answer', answer: 'yes', consentKind: 'recording', ruleIds: ['KR-REC'], promptText: REC_TEXT, promptSha256: sha256Hex(REC_TEXT), occurredAt: at(30) });
    await ingest(one.token, [makeEvent(one.call, 0, { ...v2, stepId: 'kr-id', occurredAt: at(5) }), mkt, rec]);
    // Call 2 (another day): only the recording question, refused; nothing in this call explained withdrawal.
    s.clock.advance(86_400_000);
    const two = await openCall(s, 'lead-kr-valid');
    const later = new Date(s.clock().getTime() + 10_000).toISOString();
    const refused = makeEvent(two.call, 1, { ...v2, stepId: 'kr-rec', kind: 'answer', answer: 'no', consentKind: 'recording', ruleIds: ['KR-REC'], promptText: REC_TEXT, promptSha256: sha256Hex(REC_TEXT), occurredAt: later, sipCallId: 'sip-call-2@callgate.test' });
    await ingest(two.token, [makeEvent(two.call, 0, { ...v2, stepId: 'kr-id', occurredAt: later, sipCallId: 'sip-call-2@callgate.test' }), refused]);

    const admin = await s.login('admin');
    const bundle = await s.request('GET', '/v1/leads/lead-kr-valid/evidence?reason=EU-ART7%20proof%20check', { token: admin });
    expect(bundle.status, bundle.body).toBe(200);
    const proofs = bundle.json.consentProofs as { how: { channel: string; eventId: string | null } }[];
    const ofEvent = (id: string) => proofs.find((p) => p.how.eventId === id);
    expect(ofEvent(mkt.eventId)).toEqual({
      consentKind: 'marketing_call',
      result: 'granted',
      who: { leadId: 'lead-kr-valid', name: '김민준', agentId: one.call.agentId },
      what: { text: MKT_TEXT, sha256: sha256Hex(MKT_TEXT), scriptId: 'kr-default', scriptVersion: 2, stepId: 'kr-mkt', locale: 'ko' },
      when: { at: at(20), calleeTimeZone: 'Asia/Seoul' },
      how: { channel: 'oral_in_call', callId: one.call.id, sipCallId: 'sip-call-1@callgate.test', eventId: mkt.eventId, ledgerSeq: expect.any(Number), evidenceRef: null },
      withdrawal: { explained: true, where: 'consent_text', explainedInEventId: mkt.eventId, withdrawnAt: null },
    });
    // The recording consent's own text says nothing of withdrawal; the marketing question before it did.
    expect(ofEvent(rec.eventId)).toMatchObject({ consentKind: 'recording', result: 'granted', withdrawal: { explained: true, where: 'earlier_in_call', explainedInEventId: mkt.eventId } });
    // A refusal is proven too, and a call that never explained withdrawal says so.
    expect(ofEvent(refused.eventId)).toMatchObject({ result: 'refused', how: { callId: two.call.id, sipCallId: 'sip-call-2@callgate.test' }, withdrawal: { explained: false, where: null } });
    // The consent imported with the lead: how = imported with its proof reference; the text is not held here.
    const imported = proofs.filter((p) => p.how.channel === 'imported');
    expect(imported.length).toBe(bundle.json.grants.length);
    expect(imported[0]).toMatchObject({ what: null, who: { leadId: 'lead-kr-valid', agentId: null }, how: { evidenceRef: bundle.json.grants[0].evidenceRef }, withdrawal: { explained: null } });

    // The person opts out: every proof answered before it shows when the consent was withdrawn.
    s.clock.advance(60_000);
    const optOut = await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: await s.login('agent1'), body: { channel: 'phone' } });
    expect(optOut.status, optOut.body).toBeLessThan(300);
    const after = await s.request('GET', '/v1/leads/lead-kr-valid/evidence?reason=EU-ART7%20proof%20check', { token: admin });
    const withdrawn = (after.json.consentProofs as { how: { eventId: string | null }; withdrawal: { withdrawnAt: string | null } }[]).find((p) => p.how.eventId === mkt.eventId);
    expect(withdrawn?.withdrawal.withdrawnAt).not.toBeNull();

    // The printable summary carries the same proof: the exact text, script version, channel, withdrawal.
    const html = await s.request('POST', '/v1/review/exports/evidence', { token: admin, body: { leadId: 'lead-kr-valid', format: 'html', reason: 'EU-ART7 proof check', locale: 'en' } });
    expect(html.status).toBe(200);
    expect(html.body).toContain('<h2 id="consent-proofs">Consent proofs (who, what text, when, how, withdrawal explained)</h2>');
    expect(html.body).toContain(MKT_TEXT);
    expect(html.body).toContain('kr-default v2 · kr-mkt · ko');
    expect(html.body).toContain('in the consent text');
    expect(html.body).toContain('no record that it was explained');
    const json = JSON.parse((await s.request('POST', '/v1/review/exports/evidence', { token: admin, body: { leadId: 'lead-kr-valid', format: 'json', reason: 'EU-ART7 proof check', locale: 'en' } })).body);
    expect(json.consentProofs).toEqual(after.json.consentProofs);
  });
});
