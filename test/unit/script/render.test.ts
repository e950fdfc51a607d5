// Template rendering over lead data: every placeholder, dates per locale on the callee's calendar,
// source-specific texts (KR-SOURCE), and clear errors for missing values.
import { describe, expect, it } from 'vitest';
import {
  formatConsentDate,
  PLACEHOLDERS,
  placeholderValues,
  RenderError,
  renderContextFor,
  renderTemplate,
  renderText,
  scanTemplate,
} from '../../../shared/script/render';
import { context, OWN_SOURCE, RECIPIENTS, THIRD_PARTY_SOURCE } from './fixtures';

const ctx = { ...context(), calleeTimeZone: 'Asia/Seoul' };

describe('render', () => {
  it('fills every placeholder in ko and en', () => {
    const template = PLACEHOLDERS.map((p) => `${p}=[{{${p}}}]`).join(' ');
    const withRecipients = { ...ctx, recipients: RECIPIENTS.slice(0, 1) };
    expect(renderTemplate(template, placeholderValues(withRecipients, 'ko'), 't')).toBe(
      'companyName=[한국텔레서비스] sellerName=[새봄손해보험] agentName=[김민지] purpose=[보험 상품 안내] product=[새봄 운전자보험] ' +
        'sourceDescription=[경품 이벤트 응모] providerName=[한빛리서치] consentDate=[2025년 3월 14일] callbackNumber=[080-123-4567] ' +
        'recipients=[(1) 제공받는 자: 새봄손해보험 / 이용 목적: 보험 계약의 체결 및 이행 / 제공 항목: 이름, 휴대전화번호, 생년월일 / 보유 및 이용 기간: 계약 종료 후 5년]',
    );
    expect(renderTemplate('{{ companyName }} / {{product}} / {{consentDate}}', placeholderValues(ctx, 'en'), 't')).toBe(
      'Korea Teleservice / Saebom Driver Insurance / March 14, 2025',
    );
  });

  it('KR-SOURCE: the consent date is the date on the callee\'s calendar, formatted per locale', () => {
    // 2025-03-13T15:30Z is 14 March in Seoul but still 13 March in New York.
    expect(formatConsentDate(THIRD_PARTY_SOURCE.kind === 'third_party' ? THIRD_PARTY_SOURCE.consentDate : '', 'ko', 'Asia/Seoul')).toBe('2025년 3월 14일');
    expect(formatConsentDate('2025-03-13T15:30:00Z', 'en', 'America/New_York')).toBe('March 13, 2025');
    expect(() => formatConsentDate('yesterday', 'ko', 'Asia/Seoul')).toThrow(RangeError);
  });

  it('KR-SOURCE: a bySource text picks the variant for the lead\'s source', () => {
    const text = {
      bySource: {
        own_customer: { ko: '{{sourceDescription}} 당시 직접 제공', en: 'you gave it to us ({{sourceDescription}})' },
        third_party: { ko: '{{providerName}} 측에서 {{consentDate}}에 제공', en: 'from {{providerName}} on {{consentDate}}' },
      },
    };
    expect(renderText(text, 'ko', ctx, 'steps[2].text')).toBe('한빛리서치 측에서 2025년 3월 14일에 제공');
    expect(renderText(text, 'en', { ...ctx, source: OWN_SOURCE }, 'steps[2].text')).toBe('you gave it to us (2025년 3월 당사 온라인몰 회원 가입)');
  });

  it('a missing value is a RenderError naming the placeholder and the text', () => {
    const err = (() => {
      try {
        renderText({ ko: '{{providerName}}에서 받았습니다', en: 'x' }, 'ko', { ...ctx, source: OWN_SOURCE }, 'steps[2].text');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RenderError);
    expect(err).toMatchObject({ where: 'steps[2].text.ko', placeholder: 'providerName', message: 'steps[2].text.ko: no value for {{providerName}}' });
  });

  it('a blank value counts as missing', () => {
    expect(() => renderText({ ko: '상담원 {{agentName}}입니다', en: 'x' }, 'ko', { ...ctx, agentName: '  ' }, 'steps[0].text')).toThrow(
      'steps[0].text.ko: no value for {{agentName}}',
    );
  });

  it('an unknown placeholder at render time is an error too (definitions that bypassed loadScript)', () => {
    expect(() => renderTemplate('{{customerName}} 고객님', placeholderValues(ctx, 'ko'), 'x.ko')).toThrow('x.ko: no value for {{customerName}}');
  });

  it('stray braces are malformed', () => {
    expect(scanTemplate('a {b} c')).toEqual([{ kind: 'malformed', near: 'a {b} c' }]);
    expect(() => renderTemplate('{{agentName}', placeholderValues(ctx, 'ko'), 'x')).toThrow(/malformed placeholder/);
  });

  it('text too long to be a ConsentEvent prompt is refused', () => {
    expect(() => renderTemplate('가'.repeat(20_001), {}, 'x')).toThrow(/longer than 20000/);
  });

  it('renderContextFor takes the calling company, the seller, the campaign, the lead and the agent', () => {
    const built = renderContextFor({
      campaign: { purpose: { ko: '목적', en: 'purpose' }, product: { ko: '상품', en: 'product' } },
      callingCompany: { name: { ko: '대행사', en: 'Agency' }, contactNumber: '080-000-0000' },
      sellerCompany: { name: { ko: '판매사', en: 'Seller' } },
      lead: { source: OWN_SOURCE, timeZone: 'Asia/Seoul' },
      agentName: '이서준',
    });
    expect(built).toEqual({
      companyName: { ko: '대행사', en: 'Agency' },
      sellerName: { ko: '판매사', en: 'Seller' },
      agentName: '이서준',
      purpose: { ko: '목적', en: 'purpose' },
      product: { ko: '상품', en: 'product' },
      callbackNumber: '080-000-0000',
      source: OWN_SOURCE,
      calleeTimeZone: 'Asia/Seoul',
      recipients: [],
      recordingNotice: true,
    });
  });
});
