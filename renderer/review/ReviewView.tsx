import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';
import type { ExportFile } from '../../shared/api/review-exports';
import type { ReviewSort } from '../../shared/api/review-filter';
import { useDesk, useDeskStore } from '../desk/context';
import { viewHash } from '../desk/views';
import { AgentChart } from './AgentChart';
import { CallsTable } from './CallsTable';
import { ComplianceList } from './ComplianceList';
import { offerDownload } from './download';
import { ExportDialog } from './ExportDialog';
import { FiltersBar } from './FiltersBar';
import { count } from './format';
import { KpiCards } from './KpiCards';
import { LiveBoard } from './LiveBoard';
import { QaKpis } from './QaKpis';
import { apiFilter, parseReviewQuery, periodOf, reviewerZone, reviewQueryParams, type ReviewQuery } from './review-query';
import { TimelinePanel } from './TimelinePanel';
import { TrendChart } from './TrendChart';
import './review.css';

/** The parameters of `#/review?...`, following the address as it changes (back/forward, shared links). */
function useHashParams(): string {
  const read = (): string => {
    const m = /^#\/review\?(.*)$/.exec(window.location.hash);
    return m?.[1] ?? '';
  };
  const [params, setParams] = useState(read);
  useEffect(() => {
    const on = (): void => setParams(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return params;
}

type Dialog = { kind: 'calls' } | { kind: 'evidence'; leadId: string; format: 'json' | 'html' };

/**
 * The team lead's review workspace: filters (kept in the URL hash, so a view is a shareable link), KPI
 * cards and charts, the virtualized calls table, a call's timeline, the compliance flags, and exports
 * that ask for a reason. A lead sees their own team only; the server enforces it.
 */
export function ReviewView() {
  const { t } = useTranslation();
  const locale = useDesk((s) => s.settings.locale);
  const app = useDeskStore();
  const review = useCallback(() => app.getState().review, [app]);
  const s = {
    directory: useDesk((x) => x.review.directory),
    campaigns: useDesk((x) => x.review.campaigns),
    kpis: useDesk((x) => x.review.kpis),
    compliance: useDesk((x) => x.review.compliance),
    calls: useDesk((x) => x.review.calls),
    timeline: useDesk((x) => x.review.timeline),
    exporting: useDesk((x) => x.review.exporting),
  };
  const raw = useHashParams();
  const query = useMemo(() => parseReviewQuery(new URLSearchParams(raw)), [raw]);
  const period = periodOf(query, new Date());
  const filter = apiFilter(query, new Date());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [exported, setExported] = useState<ExportFile | 'cancelled' | null>(null);

  useEffect(() => void review().loadLookups(), [review]);
  useEffect(() => review().setQuery(query), [review, query]);

  const navigate = useCallback(
    (patch: Partial<Record<keyof ReviewQuery, string | undefined>>) => {
      const next = { ...query, ...patch } as ReviewQuery;
      window.location.hash = viewHash('review', reviewQueryParams(next));
    },
    [query],
  );
  const loadMore = useCallback(() => review().loadMore(), [review]);
  const openCall = useCallback((call: string) => navigate({ call }), [navigate]);
  const openEvidence = useCallback((leadId: string, format: 'json' | 'html') => setDialog({ kind: 'evidence', leadId, format }), []);
  const closeTimeline = useCallback(() => {
    const callId = query.call;
    navigate({ call: undefined });
    // Back to the row the timeline was opened from.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-call-id="${callId}"]`)?.focus());
  }, [navigate, query.call]);

  const done = (file: ExportFile): void => {
    offerDownload(file);
    setDialog(null);
    setExported(file);
  };

  const kpis = s.kpis.data;
  // Times read in the center's zone (review days are its days); the reviewer's until the directory says.
  const zone = s.directory?.timeZone ?? reviewerZone();
  const retry = (
    <button type="button" className="btn btn-small" onClick={() => review().reload()} data-testid="review-retry">
      {t('review.retry')}
    </button>
  );
  return (
    <main className="review" aria-labelledby="review-title" data-testid="review">
      <h1 id="review-title" className="visually-hidden">
        {t('review.title')}
      </h1>
      <FiltersBar
        query={query}
        fromDay={period.fromDay}
        toDay={period.toDay}
        directory={s.directory}
        campaigns={s.campaigns}
        locale={locale}
        onChange={navigate}
        onClear={() => (window.location.hash = viewHash('review'))}
      />
      {s.kpis.error && (
        <p role="alert" className="error" data-testid="kpis-error">
          {t('review.loadFailed', { message: errorText(s.kpis.error, t) })} {retry}
        </p>
      )}
      {!kpis && s.kpis.loading && (
        <p className="muted panel-state" aria-busy="true" data-testid="kpis-loading">
          {t('review.kpi.loading')}
        </p>
      )}
      {kpis && kpis.totals.calls === 0 && !s.kpis.error && (
        <p className="muted panel-state" data-testid="kpis-empty">
          {t('review.kpi.empty')}
        </p>
      )}
      {kpis && <KpiCards kpi={kpis.totals} locale={locale} />}
      {kpis && (
        <div className="review-charts">
          <TrendChart days={kpis.byDay} locale={locale} />
          <AgentChart agents={kpis.byAgent} locale={locale} />
        </div>
      )}
      <div className="review-body">
        <section className="review-calls" aria-labelledby="calls-title">
          <div className="calls-toolbar">
            <h2 id="calls-title">{t('review.table.title')}</h2>
            <span className="muted" role="status" data-testid="calls-count">
              {s.calls.total !== null && t('review.table.count', { shown: count(s.calls.items.length, locale), total: count(s.calls.total, locale) })}
            </span>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'calls' })} disabled={s.calls.total === 0} data-testid="export-csv">
              {t('review.export.csv')}
            </button>
          </div>
          {s.calls.error && (
            <p role="alert" className="error" data-testid="calls-error">
              {t('review.loadFailed', { message: errorText(s.calls.error, t) })} {retry}
            </p>
          )}
          <CallsTable
            rows={s.calls.items}
            total={s.calls.total}
            hasMore={s.calls.nextCursor !== null}
            loading={s.calls.loading}
            sort={query.sort}
            locale={locale}
            zone={zone}
            openCallId={query.call}
            onSort={(sort: ReviewSort) => navigate({ sort })}
            onOpen={openCall}
            onNeedMore={loadMore}
          />
          {exported && (
            <p role="status" className="notice" data-testid="export-notice" data-state={exported === 'cancelled' ? 'cancelled' : 'done'}>
              {exported === 'cancelled'
                ? t('review.export.cancelled')
                : exported.truncated
                  ? t('review.export.truncated', { rows: exported.rows })
                  : t('review.export.done', { file: exported.fileName, rows: count(exported.rows, locale) })}
            </p>
          )}
        </section>
        <aside className="review-side">
          {query.call ? (
            <TimelinePanel timeline={s.timeline} locale={locale} zone={zone} onClose={closeTimeline} onExport={openEvidence} />
          ) : (
            s.compliance.data && <ComplianceList c={s.compliance.data} locale={locale} zone={zone} onOpenCall={openCall} />
          )}
          {!query.call && !s.compliance.data && s.compliance.loading && (
            <p className="muted panel-state" aria-busy="true" data-testid="compliance-loading">
              {t('review.compliance.loading')}
            </p>
          )}
          {!query.call && <LiveBoard locale={locale} />}
          {!query.call && <QaKpis scope={{ team: filter.team, agent: filter.agent, from: filter.from, to: filter.to }} locale={locale} />}
          {!query.call && s.compliance.error && (
            <p role="alert" className="error" data-testid="compliance-error">
              {t('review.loadFailed', { message: errorText(s.compliance.error, t) })} {retry}
            </p>
          )}
        </aside>
      </div>
      <p className="muted share-hint">{t('review.filters.shareHint')}</p>
      {dialog && (
        <ExportDialog
          title={dialog.kind === 'calls' ? t('review.export.callsTitle') : t('review.export.evidenceTitle')}
          run={(reason) =>
            dialog.kind === 'calls' ? review().exportCalls(reason) : review().exportEvidence(dialog.leadId, dialog.format, reason, locale)
          }
          onDone={done}
          onClose={() => setDialog(null)}
          progress={s.exporting}
          onCancelExport={() => review().cancelExport()}
          onCancelled={() => {
            setDialog(null);
            setExported('cancelled');
          }}
          locale={locale}
        />
      )}
    </main>
  );
}
