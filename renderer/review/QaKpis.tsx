import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaKpisResponse } from '../../shared/api/qa';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { errorText, toUiError, type UiError } from '../errors';
import { percent } from './format';

export interface QaKpisProps {
  readonly scope: { readonly team?: string | undefined; readonly agent?: string | undefined; readonly from: string; readonly to: string };
  readonly locale: Locale;
}

/** QA KPIs of the review's scope and period (issue 15): totals, per team and per agent, and the auto-fail items that failed most. */
function QaKpisInner({ scope, locale }: QaKpisProps) {
  const { t } = useTranslation();
  const [data, setData] = useState<QaKpisResponse | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const { team, agent, from, to } = scope;
  useEffect(() => {
    let live = true;
    unwrap(getBridge().qa.kpis({ ...(team ? { team } : {}), ...(agent ? { agent } : {}), from, to })).then(
      (r) => live && (setData(r), setError(null)),
      (err: unknown) => live && setError(toUiError(err)),
    );
    return () => {
      live = false;
    };
  }, [team, agent, from, to]);
  const avg = (n: number | null): string => (n === null ? '–' : t('review.qa.percent', { n: Math.round(n * 10) / 10 }));
  return (
    <section className="qa-kpis" aria-labelledby="qa-kpis-title" data-testid="qa-kpis">
      <h2 id="qa-kpis-title">{t('review.qaKpis.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {t('review.loadFailed', { message: errorText(error, t) })}
        </p>
      )}
      {data && (
        <table className="qa-kpi-table">
          <thead>
            <tr>
              <th scope="col">{t('review.qaKpis.who')}</th>
              <th scope="col">{t('review.qaKpis.evaluations')}</th>
              <th scope="col">{t('review.qaKpis.avg')}</th>
              <th scope="col">{t('review.qaKpis.passRate')}</th>
              <th scope="col">{t('review.qaKpis.autoFailed')}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="qa-kpi-total" data-testid="qa-kpi-total">
              <th scope="row">{t('review.qaKpis.total')}</th>
              <td>{data.totals.evaluations}</td>
              <td>{avg(data.totals.avgPercent)}</td>
              <td>{percent(data.totals.passRate, locale)}</td>
              <td>{data.totals.autoFailed}</td>
            </tr>
            {data.byTeam.map((r) => (
              <tr key={`team-${r.teamId ?? 'none'}`} data-testid="qa-kpi-team">
                <th scope="row">{r.teamName ?? t('review.qaKpis.noTeam')}</th>
                <td>{r.evaluations}</td>
                <td>{avg(r.avgPercent)}</td>
                <td>{percent(r.passRate, locale)}</td>
                <td>{r.autoFailed}</td>
              </tr>
            ))}
            {data.byAgent.map((r) => (
              <tr key={`agent-${r.agentId}`} data-testid="qa-kpi-agent" data-agent-id={r.agentId}>
                <th scope="row" className="qa-kpi-agent">{r.agentName}</th>
                <td>{r.evaluations}</td>
                <td>{avg(r.avgPercent)}</td>
                <td>{percent(r.passRate, locale)}</td>
                <td>{r.autoFailed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const QaKpis = memo(QaKpisInner);
