import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentKpi } from '../../shared/api/review-kpis';
import type { Locale } from '../../shared/domain/locale';
import { count, percent } from './format';

/** Agents side by side: the consent rate as a bar (0-100 %), with calls and sales written out. */
function AgentChartInner({ agents, locale }: { agents: readonly AgentKpi[]; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <figure className="chart agent-chart" data-testid="agent-chart">
      <figcaption id="agents-title">{t('review.charts.agentsTitle')}</figcaption>
      {agents.length === 0 ? (
        <p className="muted">{t('review.charts.noData')}</p>
      ) : (
        <ul aria-labelledby="agents-title">
          {agents.map((a) => (
            <li key={a.agentId}>
              <span className="agent-name">{a.agentName}</span>
              <span className="agent-bar" aria-hidden="true">
                <span style={{ width: `${Math.round((a.consentRate ?? 0) * 100)}%` }} />
              </span>
              <span className="agent-figures">
                {t('review.charts.agentRow', {
                  rate: percent(a.consentRate, locale),
                  yes: count(a.consentYes, locale),
                  asked: count(a.consentAsked, locale),
                  calls: count(a.calls, locale),
                  sales: count(a.sales, locale),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** Re-renders only when its own data changes (not on every page of the calls table). */
export const AgentChart = memo(AgentChartInner);
