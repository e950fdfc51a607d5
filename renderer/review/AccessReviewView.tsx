import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessReview } from '../../shared/api/access-review';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { useDesk } from '../desk/context';
import { viewHash } from '../desk/views';
import { count } from './format';
import './review.css';
import './access-review.css';
import { errorText, toUiError, type UiError } from '../errors';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of the current month as the server counts months (UTC calendar). */
function thisMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The month of `#/access?month=2026-03`, or the current one (a malformed month is dropped, not trusted). */
function useMonthParam(): string {
  const read = (): string => {
    const m = /^#\/access\?(.*)$/.exec(window.location.hash);
    const month = new URLSearchParams(m?.[1] ?? '').get('month');
    return month !== null && MONTH.test(month) ? month : thisMonth(new Date());
  };
  const [month, setMonth] = useState(read);
  useEffect(() => {
    const on = (): void => setMonth(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return month;
}

type Loaded = { month: string; data: AccessReview | null; error: UiError | null };

/**
 * KR-ACCESS: the privacy officer's monthly access review (admin). The month lives in the URL hash, the
 * figures come from `GET /v1/review/access-review` (the server counts and flags; this screen only shows).
 */
export function AccessReviewView() {
  const { t } = useTranslation();
  const locale = useDesk((s) => s.settings.locale);
  const month = useMonthParam();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(getBridge().review.accessReview({ month })).then(
      (data) => live && setLoaded({ month, data, error: null }),
      (err: unknown) => live && setLoaded({ month, data: null, error: toUiError(err) }),
    );
    return () => {
      live = false;
    };
  }, [month]);

  const current = loaded?.month === month ? loaded : null;
  return (
    <main className="review access-review" aria-labelledby="access-title" data-testid="access-review">
      <header className="access-head">
        <h1 id="access-title">{t('accessReview.title')}</h1>
        <label className="filter">
          {t('accessReview.month')}
          <input
            type="month"
            value={month}
            onChange={(e) => {
              if (MONTH.test(e.target.value)) window.location.hash = viewHash('access', new URLSearchParams({ month: e.target.value }));
            }}
            data-testid="access-month"
          />
        </label>
      </header>
      <p className="muted">{t('accessReview.intro')}</p>
      {current === null && (
        <p className="muted" role="status" aria-busy="true">
          {t('accessReview.loading')}
        </p>
      )}
      {current?.error && (
        <p role="alert" className="error">
          {t('accessReview.loadFailed', { message: errorText(current.error, t) })}
        </p>
      )}
      {current?.data && <AccessReviewReport review={current.data} locale={locale} />}
    </main>
  );
}

/** The review of one month: summary, the outlier alert, and the reads per user (outliers first). */
export function AccessReviewReport({ review, locale }: { review: AccessReview; locale: Locale }) {
  const { t } = useTranslation();
  const outliers = review.users.filter((u) => u.outlier).length;
  const n = (x: number): string => count(x, locale);
  return (
    <>
      <section aria-labelledby="access-summary-title" className="kpi-cards access-summary" data-testid="access-summary">
        <h2 id="access-summary-title" className="visually-hidden">
          {t('accessReview.summary.title')}
        </h2>
        <dl>
          <div className={`kpi-card${outliers > 0 ? ' kpi-warn' : ''}`} data-testid="access-outliers">
            <dt>{t('accessReview.summary.outliers')}</dt>
            <dd className="kpi-value">{n(outliers)}</dd>
          </div>
          <div className="kpi-card" data-testid="access-total">
            <dt>{t('accessReview.summary.accesses')}</dt>
            <dd className="kpi-value">{n(review.totalAccesses)}</dd>
          </div>
          <div className="kpi-card">
            <dt>{t('accessReview.summary.users')}</dt>
            <dd className="kpi-value">{n(review.users.length)}</dd>
          </div>
          <div className="kpi-card" data-testid="access-median">
            <dt>{t('accessReview.summary.median')}</dt>
            <dd className="kpi-value">{n(review.medianNumberReads)}</dd>
          </div>
          <div className="kpi-card" data-testid="access-retention">
            <dt>{t('accessReview.summary.retention')}</dt>
            <dd>{t('accessReview.summary.retentionValue', { days: n(review.retentionDays), persons: n(review.persons) })}</dd>
          </div>
        </dl>
      </section>
      {outliers > 0 && (
        <p role="alert" className="access-alert" data-testid="access-alert">
          {t('accessReview.outlierAlert', { count: outliers })}
        </p>
      )}
      <section aria-labelledby="access-table-title" className="access-users">
        <h2 id="access-table-title">{t('accessReview.table.title')}</h2>
        <p className="muted">{t('accessReview.outlierRule', { min: review.minOutlierReads })}</p>
        {review.users.length === 0 ? (
          <p className="muted" data-testid="access-empty">
            {t('accessReview.table.none')}
          </p>
        ) : (
          // Focusable so a keyboard user can scroll a long list (axe: scrollable-region-focusable).
          <div className="access-scroll" tabIndex={0} role="region" aria-label={t('accessReview.table.caption', { month: review.month })} data-testid="access-table">
            <table>
              <caption className="visually-hidden">{t('accessReview.table.caption', { month: review.month })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accessReview.table.user')}</th>
                  <th scope="col" className="num">
                    {t('accessReview.table.numberReads')}
                  </th>
                  <th scope="col" className="num">
                    {t('accessReview.table.persons')}
                  </th>
                  <th scope="col" className="num">
                    {t('accessReview.table.accesses')}
                  </th>
                  <th scope="col">{t('accessReview.table.byAction')}</th>
                  <th scope="col">{t('accessReview.table.status')}</th>
                </tr>
              </thead>
              <tbody>
                {review.users.map((u) => (
                  <tr key={u.userId} className={u.outlier ? 'outlier' : undefined} data-testid="access-user" data-user-id={u.userId} data-outlier={u.outlier}>
                    <th scope="row">
                      {u.userName ?? u.userId} <span className="muted mono">{u.userId}</span>
                    </th>
                    <td className="num" data-testid="access-number-reads">
                      {n(u.numberReads)}
                    </td>
                    <td className="num">{n(u.distinctPersons)}</td>
                    <td className="num">{n(u.accesses)}</td>
                    <td>
                      {Object.entries(u.byAction)
                        .map(([action, k]) => `${t(`accessReview.actions.${action}`, { defaultValue: action })} ${n(k)}`)
                        .join(' · ')}
                    </td>
                    <td>{u.outlier ? <span className="flag flag-opt_out">{t('accessReview.table.outlier')}</span> : <span className="muted">{t('accessReview.table.normal')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
