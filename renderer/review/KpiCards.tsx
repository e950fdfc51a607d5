import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kpi } from '../../shared/api/review-kpis';
import type { Locale } from '../../shared/domain/locale';
import { count, percent } from './format';

interface Card {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly detail?: string;
  readonly tone?: 'warn';
}

/** The period's figures at a glance: one card per KPI, with what a rate is a share of. */
function KpiCardsInner({ kpi, locale }: { kpi: Kpi; locale: Locale }) {
  const { t } = useTranslation();
  const n = (x: number): string => count(x, locale);
  const cards: Card[] = [
    { key: 'calls', label: t('review.kpi.calls'), value: n(kpi.calls) },
    { key: 'contacts', label: t('review.kpi.contacts'), value: n(kpi.contacts), detail: percent(kpi.calls > 0 ? kpi.contacts / kpi.calls : null, locale) },
    { key: 'timeYesRate', label: t('review.kpi.timeYesRate'), value: percent(kpi.timeYesRate, locale), detail: t('review.kpi.ofAsked', { yes: n(kpi.timeYes), asked: n(kpi.timeAsked) }) },
    { key: 'consentRate', label: t('review.kpi.consentRate'), value: percent(kpi.consentRate, locale), detail: t('review.kpi.ofAsked', { yes: n(kpi.consentYes), asked: n(kpi.consentAsked) }) },
    { key: 'pitchReached', label: t('review.kpi.pitchReached'), value: n(kpi.pitchReached) },
    { key: 'sales', label: t('review.kpi.sales'), value: n(kpi.sales) },
    { key: 'optOuts', label: t('review.kpi.optOuts'), value: n(kpi.optOuts) },
    { key: 'refusals', label: t('review.kpi.refusals'), value: n(kpi.refusals) },
    {
      key: 'avgToConsent',
      label: t('review.kpi.avgToConsent'),
      value: kpi.avgSecondsToConsent === null ? '–' : t('review.kpi.seconds', { n: Math.round(kpi.avgSecondsToConsent) }),
      ...(kpi.avgSecondsToConsent === null ? {} : { detail: t('review.kpi.average', { n: n(kpi.consentYes) }) }),
    },
    {
      key: 'lateEvents',
      label: t('review.kpi.lateEvents'),
      value: n(kpi.lateEvents),
      detail: t('review.kpi.inCalls', { n: n(kpi.lateCalls) }),
      ...(kpi.lateEvents > 0 ? { tone: 'warn' as const } : {}),
    },
  ];
  return (
    <section className="kpi-cards" aria-labelledby="kpi-title">
      <h2 id="kpi-title" className="visually-hidden">
        {t('review.kpi.title')}
      </h2>
      <dl>
        {cards.map((c) => (
          <div key={c.key} className={`kpi-card${c.tone ? ` kpi-${c.tone}` : ''}`} data-testid={`kpi-${c.key}`}>
            <dt>{c.label}</dt>
            <dd>
              <span className="kpi-value">{c.value}</span>
              {c.detail && <span className="kpi-detail">{c.detail}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Re-renders only when its own data changes (not on every page of the calls table). */
export const KpiCards = memo(KpiCardsInner);
