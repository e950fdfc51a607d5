import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';
import { stepTitle } from '../components/step-title';
import type { ReviewTimeline } from '../../shared/api/review-timeline';
import type { Locale } from '../../shared/domain/locale';
import { fullDateTime } from './format';
import type { Loadable } from '../state/review-slice';
import { clock, momentOf, type Moment } from './recording-moments';
import { CallTimes } from './CallTimes';
import { QaScoring } from './QaScoring';
import { RecordingPanel, useCallRecording, type SeekRequest } from './RecordingPanel';
import type { WaveformMarker } from './Waveform';

export interface TimelinePanelProps {
  readonly timeline: Loadable<ReviewTimeline>;
  readonly locale: Locale;
  /** The center's zone: times read in it (the customer's local time beside, where it differs). */
  readonly zone: string;
  readonly onClose: () => void;
  readonly onExport: (leadId: string, format: 'json' | 'html') => void;
}

/**
 * One call as evidence: every event in order with the exact text the agent saw, the answer, UTC and the
 * callee's local time, script version, delivery delay, and whether its ledger entry still checks out.
 */
function TimelinePanelInner({ timeline, locale, zone, onClose, onExport }: TimelinePanelProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const data = timeline.data;
  useEffect(() => heading.current?.focus(), [data?.call.id]);
  const recording = useCallRecording(data?.call.id);
  const [seek, setSeek] = useState<SeekRequest | null>(null);
  const rec = recording.data?.state === 'stored' ? recording.data : null;
  /** Each event's moment in the recording (none without a stored recording). */
  const moments = useMemo(() => {
    const out = new Map<string, Moment>();
    if (!rec || !data) return out;
    for (const e of data.entries) {
      const m = momentOf(e.event.occurredAt, rec);
      if (m) out.set(e.event.eventId, m);
    }
    return out;
  }, [rec, data]);
  const markers = useMemo<WaveformMarker[]>(
    () =>
      (data?.entries ?? []).flatMap((e) => {
        const m = moments.get(e.event.eventId);
        return m && m.where === 'inside' && m.ms !== null ? [{ id: e.event.eventId, ms: m.ms, kind: e.event.kind, label: t(`review.timeline.kinds.${e.event.kind}`) }] : [];
      }),
    [data, moments, t],
  );
  return (
    <section
      className="timeline-panel"
      aria-labelledby="timeline-title"
      data-testid="timeline"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header>
        <h2 id="timeline-title" ref={heading} tabIndex={-1}>
          {t('review.timeline.title')}
        </h2>
        <button type="button" className="btn" onClick={onClose} data-testid="timeline-close">
          {t('review.timeline.close')}
        </button>
      </header>
      {timeline.loading && <p aria-busy="true">{t('review.timeline.loading')}</p>}
      {timeline.error && (
        <p role="alert" className="error">
          {t('review.loadFailed', { message: errorText(timeline.error, t) })}
        </p>
      )}
      {data && (
        <>
          <p className="timeline-call">
            {t('review.timeline.call', {
              agent: data.call.agentName,
              number: data.call.maskedNumber ?? '–',
              outcome: data.call.outcome ? t(`outcome.names.${data.call.outcome}`) : data.call.state,
            })}
            <br />
            <span className="mono">{data.call.leadId}</span>
          </p>
          <CallTimes call={data.call} edge={data.edge} locale={locale} zone={zone} />
          <div className="timeline-actions" role="group" aria-label={t('review.export.evidenceTitle')}>
            <button type="button" className="btn" onClick={() => onExport(data.call.leadId, 'json')} data-testid="export-evidence-json">
              {t('review.timeline.exportJson')}
            </button>
            <button type="button" className="btn" onClick={() => onExport(data.call.leadId, 'html')} data-testid="export-evidence-html">
              {t('review.timeline.exportHtml')}
            </button>
          </div>
          <RecordingPanel recording={recording} markers={markers} seek={seek} locale={locale} />
          <QaScoring callId={data.call.id} locale={locale} />
          {data.entries.length === 0 && <p className="muted">{t('review.timeline.empty')}</p>}
          {/* It scrolls on its own: focusable so the keyboard can scroll it (WCAG 2.1.1). */}
          <ol className="timeline-entries" tabIndex={0} aria-label={t('review.timeline.entries')}>
            {data.entries.map((e) => (
              <li key={e.event.eventId} className={`timeline-entry kind-${e.event.kind}`} data-testid="timeline-entry" data-ledger-state={e.ledger.state}>
                <div className="entry-head">
                  <strong>{t(`review.timeline.kinds.${e.event.kind}`)}</strong>
                  <span className="answer">{e.event.answer}</span>
                  {(e.consent === 'granted' || e.consent === 'refused') && e.event.consentKind !== undefined && (
                    <span className={`consent-result consent-${e.consent}`} data-testid="entry-consent" data-consent={e.consent}>
                      {e.consent === 'granted'
                        ? t('review.timeline.consentGranted', { kind: t(`consentKind.${e.event.consentKind}`) })
                        : t('review.timeline.consentRefused', { kind: t(`consentKind.${e.event.consentKind}`) })}
                    </span>
                  )}
                  {e.event.ruleIds.map((r) => (
                    <span key={r} className="rule-id">
                      {r}
                    </span>
                  ))}
                </div>
                {(() => {
                  const m = moments.get(e.event.eventId);
                  if (!m) return null;
                  if (m.ms === null)
                    return (
                      <p className="muted entry-moment" data-testid="moment-after">
                        {t('review.recording.afterRecording')}
                      </p>
                    );
                  const at = m.ms;
                  return (
                    <button
                      type="button"
                      className="btn btn-small entry-moment"
                      onClick={() => setSeek((prev) => ({ ms: at, n: (prev?.n ?? 0) + 1 }))}
                      data-testid="jump-to-moment"
                      data-ms={at}
                    >
                      {m.where === 'before' ? t('review.recording.jumpStart') : t('review.recording.jump', { at: clock(at) })}
                    </button>
                  );
                })()}
                <blockquote className="entry-text" lang={e.event.locale}>
                  {e.event.promptText}
                </blockquote>
                <dl className="entry-meta">
                  <dt>{t('review.timeline.utc')}</dt>
                  <dd>{fullDateTime(e.event.occurredAt, locale, 'UTC')}</dd>
                  {e.event.calleeTimeZone !== zone && (
                    <>
                      <dt>{t('review.timeline.center', { zone })}</dt>
                      <dd>{fullDateTime(e.event.occurredAt, locale, zone)}</dd>
                    </>
                  )}
                  <dt>{t('review.timeline.local')}</dt>
                  <dd>
                    {fullDateTime(e.event.occurredAt, locale, e.event.calleeTimeZone)} ({e.event.calleeTimeZone})
                  </dd>
                  <dt>{stepTitle(e.event, t)}</dt>
                  <dd>
                    {t('review.timeline.script', { id: e.event.scriptId, version: e.event.scriptVersion })}
                    {' · '}
                    {t('review.timeline.delay', { n: Math.round(e.delaySec) })}
                    {e.late && <span className="flag flag-late_events">{t('review.timeline.late')}</span>}
                  </dd>
                  <dt>{t('review.timeline.ledger', { seq: e.ledger.seq })}</dt>
                  <dd className={e.ledger.state === 'verified' ? 'ok' : 'error'}>
                    {e.ledger.state === 'verified' ? t('review.timeline.verified') : t('review.timeline.broken', { problem: e.ledger.problem ?? '' })}
                  </dd>
                </dl>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** Re-renders only when its own data changes (not on every page of the calls table). */
export const TimelinePanel = memo(TimelinePanelInner);
