import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayKpi } from '../../shared/api/review-kpis';
import type { Locale } from '../../shared/domain/locale';
import { count, dayShort, dayText, percent } from './format';

const W = 640;
const H = 220;
const PAD = { left: 36, right: 40, top: 14, bottom: 28 };

/** A rounded-up axis maximum (1, 2, 5 × 10^n) so ticks read cleanly. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].map((m) => m * p).find((m) => m >= v) ?? 10 * p);
}

/**
 * Calls per local day as bars, the consent rate as a line (right axis, 0-100 %). Plain SVG: a title and
 * a description give screen readers the same message; every bar carries its own numbers as a tooltip.
 */
function TrendChartInner({ days, locale }: { days: readonly DayKpi[]; locale: Locale }) {
  const { t } = useTranslation();
  const max = niceMax(Math.max(0, ...days.map((d) => d.calls)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = days.length > 0 ? plotW / days.length : plotW;
  const barW = Math.max(2, Math.min(40, step * 0.6));
  const x = (i: number): number => PAD.left + step * i + step / 2;
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  const yRate = (r: number): number => PAD.top + plotH - r * plotH;
  const calls = days.reduce((a, d) => a + d.calls, 0);
  const asked = days.reduce((a, d) => a + d.consentAsked, 0);
  const yes = days.reduce((a, d) => a + d.consentYes, 0);
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  // The rate line breaks on days where nobody was asked (no rate, not 0 %).
  const segments: { x: number; y: number }[][] = [[]];
  days.forEach((d, i) => {
    if (d.consentRate === null) segments.push([]);
    else segments[segments.length - 1]?.push({ x: x(i), y: yRate(d.consentRate) });
  });
  const first = days[0];
  const last = days[days.length - 1];
  return (
    <figure className="chart" data-testid="trend-chart">
      <figcaption id="trend-title">{t('review.charts.trendTitle')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title trend-desc" preserveAspectRatio="xMidYMid meet">
        <desc id="trend-desc">
          {first && last
            ? t('review.charts.trendDesc', { days: days.length, from: dayText(first.day, locale), to: dayText(last.day, locale), calls: count(calls, locale), rate: percent(asked > 0 ? yes / asked : null, locale) })
            : t('review.charts.noData')}
        </desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f} className="grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} />
            {Number.isInteger(max * f) && (
              <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end">
                {count(max * f, locale)}
              </text>
            )}
            <text x={W - PAD.right + 6} y={yRate(f) + 4}>
              {percent(f, locale)}
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <g key={d.day}>
            <rect className="bar" x={x(i) - barW / 2} y={y(d.calls)} width={barW} height={Math.max(0, PAD.top + plotH - y(d.calls))}>
              <title>{`${dayText(d.day, locale)}: ${t('review.charts.calls')} ${d.calls}, ${t('review.charts.consentRate')} ${percent(d.consentRate, locale)}`}</title>
            </rect>
            {i % labelEvery === 0 && (
              <text className="axis" x={x(i)} y={H - 8} textAnchor="middle" data-day-label={d.day}>
                {dayShort(d.day, locale)}
              </text>
            )}
          </g>
        ))}
        {segments
          .filter((seg) => seg.length > 0)
          .map((seg, i) =>
            seg.length === 1 && seg[0] ? (
              <circle key={i} className="rate-dot" cx={seg[0].x} cy={seg[0].y} r={3} />
            ) : (
              <polyline key={i} className="rate-line" points={seg.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} />
            ),
          )}
      </svg>
      <p className="chart-legend" aria-hidden="true">
        <span className="legend-bar" /> {t('review.charts.calls')} <span className="legend-line" /> {t('review.charts.consentRate')}
      </p>
    </figure>
  );
}

/** Re-renders only when its own data changes (not on every page of the calls table). */
export const TrendChart = memo(TrendChartInner);
