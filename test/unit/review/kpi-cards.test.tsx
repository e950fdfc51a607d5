// The KPI cards write every number in the screen's locale, the cards' small print included: it read
// "average of 58334" beside "58,334 of 87,500" (issue 12 item 8).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../../shared/api/review-kpis';
import { KpiCards } from '../../../renderer/review/KpiCards';
import { createI18n } from '../../../renderer/i18n';

const kpi: Kpi = {
  calls: 100_000, contacts: 87_500, timeAsked: 87_500, timeYes: 70_000, timeYesRate: 0.8, consentAsked: 87_500, consentYes: 58_334, consentRate: 0.667,
  pitchReached: 12_500, sales: 12_500, optOuts: 12_500, refusals: 12_500, avgSecondsToConsent: 20.2, lateEvents: 3_225, lateCalls: 3_225,
};

const render = (locale: 'ko' | 'en'): string => renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(KpiCards, { kpi, locale })));

describe('KPI cards', () => {
  it.each([
    ['en', ['average of 58,334', 'calls affected: 3,225']],
    ['ko', ['58,334건 평균', '통화 3,225건']],
  ] as const)('every figure grouped for %s, the details too', (locale, details) => {
    const html = render(locale);
    for (const d of details) expect(html).toContain(d);
    // No number of four or more digits without its separator.
    expect(html.replace(/<[^>]+>/g, ' ')).not.toMatch(/\b\d{4,}\b/);
  });
});
