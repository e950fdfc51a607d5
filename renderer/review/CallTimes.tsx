import { useTranslation } from 'react-i18next';
import { hasDeadAir, type EdgeCallFacts } from '../../shared/api/calls';
import type { ReviewCallRow } from '../../shared/api/review-calls';
import type { Locale } from '../../shared/domain/locale';
import { fullDateTime } from './format';

export type CallMoment = 'started' | 'answered' | 'ended';

/** The desk's and the SIP edge's time of each moment of a call (null: not reported). */
export function callTimesRows(call: Pick<ReviewCallRow, 'startedAt' | 'answeredAt' | 'endedAt'>, edge: EdgeCallFacts | null): { moment: CallMoment; desk: string | null; edge: string | null }[] {
  return [
    { moment: 'started', desk: call.startedAt, edge: edge?.startedAt ?? null },
    { moment: 'answered', desk: call.answeredAt, edge: edge?.answeredAt ?? null },
    { moment: 'ended', desk: call.endedAt, edge: edge?.endedAt ?? null },
  ];
}

/**
 * The call's times as the desk reported them beside what the SIP edge saw (issue 10): the edge's are
 * the ones an agent cannot forge. A mismatch (shared/domain/edge-facts) is the `edge_mismatch` flag,
 * named here with what disagrees. Dead air the desk reported (the `dead_air` flag) is shown as the
 * desk's claim.
 */
export function CallTimes({ call, edge, locale, zone }: { call: ReviewCallRow; edge: EdgeCallFacts | null; locale: Locale; zone: string }) {
  const { t } = useTranslation();
  const at = (iso: string | null): string => (iso ? fullDateTime(iso, locale, zone) : '–');
  return (
    <section className="call-times" aria-labelledby="call-times-title" data-testid="call-times">
      <h3 id="call-times-title">{t('review.timeline.times.title')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('review.timeline.times.moment')}</th>
            <th scope="col">{t('review.timeline.times.desk')}</th>
            <th scope="col">{t('review.timeline.times.edge')}</th>
          </tr>
        </thead>
        <tbody>
          {callTimesRows(call, edge).map((r) => (
            <tr key={r.moment}>
              <th scope="row">{t(`review.timeline.times.${r.moment}`)}</th>
              <td>{at(r.desk)}</td>
              <td data-testid={`edge-${r.moment}`}>{at(r.edge)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!edge && <p className="muted">{t('review.timeline.times.noEdge')}</p>}
      {edge?.sipCode != null && <p className="muted">{t('review.timeline.times.sipCode', { code: edge.sipCode, reason: edge.reason ?? '' })}</p>}
      {hasDeadAir(call.deadAirMs) && (
        <p role="note" className="flag dead-air" data-testid="dead-air">
          {t('review.timeline.times.deadAir', { seconds: Math.round((call.deadAirMs ?? 0) / 1000) })}
        </p>
      )}
      {edge && edge.mismatches.length > 0 && (
        <p role="note" className="flag edge-mismatch" data-testid="edge-mismatch">
          <strong>{t('review.flags.edge_mismatch')}</strong>: {edge.mismatches.map((m) => t(`review.timeline.times.mismatch.${m}`)).join(' · ')}
        </p>
      )}
    </section>
  );
}
