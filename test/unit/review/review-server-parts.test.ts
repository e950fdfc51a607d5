// Pure parts of the review server: period and local-day buckets, CSV fields, HTML escaping.
import { describe, expect, it } from 'vitest';
import { csvField, callsCsv } from '../../../server/services/review/calls-csv';
import { esc, evidenceHtml, maskBundle } from '../../../server/services/review/evidence-html';
import { dayBuckets, resolvePeriod } from '../../../server/services/review/period';
import type { EvidenceBundle } from '../../../shared/api/evidence';

describe('review period and local days', () => {
  it('without from/to the period is the last 30 days up to and including now', () => {
    expect(resolvePeriod({}, new Date('2026-03-10T02:00:00Z'))).toEqual({ from: '2026-02-08T02:00:00.001Z', to: '2026-03-10T02:00:00.001Z', tz: 'UTC' });
  });

  it('an empty or over-long period is a 400 naming the field', () => {
    expect(() => resolvePeriod({ from: '2026-03-10T00:00:00Z', to: '2026-03-10T00:00:00Z' }, new Date())).toThrow(/empty/);
    expect(() => resolvePeriod({ to: '2026-03-10T00:00:00Z', from: '2025-01-01T00:00:00Z' }, new Date())).toThrow(/366 days/);
  });

  it('KST days start at 15:00 UTC the day before, clipped to the period', () => {
    expect(dayBuckets({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z', tz: 'Asia/Seoul' })).toEqual([
      { day: '2026-03-09', start: '2026-03-09T00:00:00.000Z', end: '2026-03-09T15:00:00.000Z' },
      { day: '2026-03-10', start: '2026-03-09T15:00:00.000Z', end: '2026-03-10T00:00:00.000Z' },
    ]);
  });

  it('a DST change gives a 23-hour local day (New York, 8 March 2026)', () => {
    const days = dayBuckets({ from: '2026-03-07T05:00:00.000Z', to: '2026-03-10T04:00:00.000Z', tz: 'America/New_York' });
    expect(days.map((d) => [d.day, (Date.parse(d.end) - Date.parse(d.start)) / 3_600_000])).toEqual([
      ['2026-03-07', 24],
      ['2026-03-08', 23],
      ['2026-03-09', 24],
    ]);
  });
});

describe('exports', () => {
  it('CSV fields are quoted when needed and never start a spreadsheet formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+82')).toBe("'+82");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
    expect(callsCsv([]).startsWith('\uFEFFcallId,')).toBe(true);
  });

  it('the HTML summary escapes every recorded text and shows the number masked only', () => {
    expect(esc(`<script>"x" & 'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
    const bundle: EvidenceBundle = {
      generatedAt: '2026-03-10T02:00:00.000Z',
      generatedBy: 'user-lead1',
      reason: '<b>민원</b>',
      lead: { id: 'l1', campaignId: 'c', name: '홍길동<img>', phoneE164: '+821012345678', timeZone: 'Asia/Seoul', source: { kind: 'own_customer', description: 'web', sameKindOfGoods: false } },
      grants: [],
      refusals: [
        { id: 'r1', leadId: 'l1', kind: 'marketing_call', recipients: ['co-a'], refusedAt: '2026-03-09T02:00:00.000Z', callId: 'call-<1>', eventId: 'e1', withdrawnGrantIds: ['g1'], form: 'refusal' },
        { id: 'g0', leadId: 'l1', kind: 'marketing_call', recipients: ['co-a'], refusedAt: '2026-03-08T02:00:00.000Z', callId: 'call-0', eventId: 'e0', withdrawnGrantIds: [], form: 'legacy_grant', legacyGrantId: 'g0' },
      ],
      dialAttempts: [],
      calls: [],
      events: [],
      optOuts: [],
      consentProofs: [
        {
          consentKind: 'marketing_call',
          result: 'granted',
          who: { leadId: 'l1', name: '홍길동<img>', agentId: 'user-agent1' },
          what: { text: '동의하십니까? <script>x</script> 언제든지 철회하실 수 있습니다.', sha256: 'a'.repeat(64), scriptId: 'kr-default', scriptVersion: 2, stepId: 'kr-mkt', locale: 'ko' },
          when: { at: '2026-03-10T01:00:00.000Z', calleeTimeZone: 'Asia/Seoul' },
          how: { channel: 'oral_in_call', callId: 'call-1', sipCallId: 'sip-1', eventId: 'e1', ledgerSeq: 3, evidenceRef: null },
          withdrawal: { explained: true, where: 'consent_text', explainedInEventId: 'e1', withdrawnAt: null },
        },
      ],
      chainProof: { entries: [], head: null, entriesVerified: true, algorithm: 'sha256' },
    };
    const html = evidenceHtml(maskBundle(bundle), 'ko');
    // EU-ART7 proof section: the exact text (escaped), script version, how, withdrawal explained.
    expect(html).toContain('동의하십니까? &lt;script&gt;x&lt;/script&gt; 언제든지 철회하실 수 있습니다.');
    expect(html).toContain('kr-default v2 · kr-mkt · ko');
    expect(html).toContain('동의 문구에서 안내함');
    expect(html).not.toContain('<script>x');
    expect(html).toContain('홍길동&lt;img&gt;');
    expect(html).toContain('&lt;b&gt;민원&lt;/b&gt;');
    expect(html).toContain('010-****-5678');
    expect(html).not.toContain('12345678');
    expect(html).toContain('<html lang="ko">');
    // Refusals (decision 0054): their own section, never a consent; the old form says so.
    expect(html).toContain('동의 거부 (통화 중 &quot;아니요&quot; 응답)');
    expect(html).toContain('call call-&lt;1&gt;');
    expect(html).toContain('거부로 기록됨');
    expect(html).toContain('거부 (이전 방식으로 기록됨: 동의 후 즉시 철회된 동의 내역)');
    const en = evidenceHtml(maskBundle(bundle), 'en');
    expect(en).toContain('refused (recorded in the old form: a consent withdrawn the moment it was given)');
    expect(en).toContain('<td>a refusal</td>');
  });
});
