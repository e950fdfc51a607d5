import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewCallRow } from '../../shared/api/review-calls';
import type { ReviewSort } from '../../shared/api/review-filter';
import type { Locale } from '../../shared/domain/locale';
import { customerLocalTime, duration, shortDateTime } from './format';

/** Row height in px (CSS `.calls-row` uses the same). */
export const ROW_HEIGHT = 38;
/** Fetch the next page when the last rendered row is this close to the end of what is loaded. */
const PREFETCH_ROWS = 60;

type SortField = 'startedAt' | 'agent' | 'durationSec' | 'outcome';
/** The first direction of each column: newest and longest first, names A-Z. */
const FIRST_DESC: Record<SortField, boolean> = { startedAt: true, durationSec: true, agent: false, outcome: false };

/** The sort after clicking a column: its first direction, then the other one. */
export function nextSort(current: ReviewSort, field: SortField): ReviewSort {
  const desc = current.startsWith('-');
  const same = current.replace('-', '') === field;
  const wantDesc = same ? !desc : FIRST_DESC[field];
  return (wantDesc ? `-${field}` : field) as ReviewSort;
}

export interface CallsTableProps {
  readonly rows: readonly ReviewCallRow[];
  readonly total: number | null;
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly sort: ReviewSort;
  readonly locale: Locale;
  /** The center's zone: start times read in it; the customer's local time is added where it differs. */
  readonly zone: string;
  readonly openCallId: string | undefined;
  readonly onSort: (sort: ReviewSort) => void;
  readonly onOpen: (callId: string) => void;
  readonly onNeedMore: () => void;
}

/**
 * The calls table, virtualized (@tanstack/react-virtual): only the rows in view are in the DOM, so 100k
 * rows scroll as smoothly as 100. Pages load as the end comes near. A grid for assistive technology:
 * arrow keys, Page Up/Down, Home/End move between rows, Enter opens a call's timeline.
 */
export function CallsTable(p: CallsTableProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  const count = p.rows.length + (p.hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? -1) : -1;
  const { hasMore, loading, onNeedMore } = p;

  useEffect(() => {
    if (hasMore && !loading && lastIndex >= p.rows.length - PREFETCH_ROWS) onNeedMore();
  }, [lastIndex, p.rows.length, hasMore, loading, onNeedMore]);

  useEffect(() => {
    if (active > 0 && active >= p.rows.length) setActive(Math.max(0, p.rows.length - 1));
  }, [active, p.rows.length]);

  // After a keyboard move the target row may render only once the virtualizer has scrolled to it.
  useEffect(() => {
    if (!focusWanted.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (row) {
      focusWanted.current = false;
      row.focus();
    }
  });

  const move = (to: number): void => {
    const i = Math.max(0, Math.min(p.rows.length - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
    focusWanted.current = true;
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>, index: number, row: ReviewCallRow): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: p.rows.length - 1 };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      move(target);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      p.onOpen(row.id);
    }
  };

  const columns: { key: string; label: string; sort?: SortField }[] = [
    { key: 'started', label: t('review.table.started'), sort: 'startedAt' },
    { key: 'agent', label: t('review.table.agent'), sort: 'agent' },
    { key: 'lead', label: t('review.table.lead') },
    { key: 'number', label: t('review.table.number') },
    { key: 'outcome', label: t('review.table.outcome'), sort: 'outcome' },
    { key: 'duration', label: t('review.table.duration'), sort: 'durationSec' },
    { key: 'events', label: t('review.table.events') },
    { key: 'flags', label: t('review.table.flags') },
  ];
  const sortField = p.sort.replace('-', '');
  const ariaSort = (f?: SortField): 'ascending' | 'descending' | undefined => (f && f === sortField ? (p.sort.startsWith('-') ? 'descending' : 'ascending') : undefined);

  return (
    <div className="calls-table" role="grid" aria-readonly="true" aria-label={t('review.table.title')} aria-rowcount={p.total === null ? -1 : p.total + 1} aria-describedby="calls-keys">
      <p id="calls-keys" className="visually-hidden">
        {t('review.table.keys')}
      </p>
      <div className="calls-row calls-head" role="row" aria-rowindex={1}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" className={`col-${c.key}`} aria-sort={ariaSort(c.sort)}>
            {c.sort ? (
              <button type="button" className="sort-button" onClick={() => c.sort && p.onSort(nextSort(p.sort, c.sort))} aria-label={t('review.table.sortBy', { column: c.label })} data-testid={`sort-${c.sort}`}>
                {c.label}
                <span aria-hidden="true" className="sort-mark">
                  {ariaSort(c.sort) === 'ascending' ? '▲' : ariaSort(c.sort) === 'descending' ? '▼' : ''}
                </span>
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
      </div>
      <div ref={scrollRef} className="calls-scroll" data-testid="calls-scroll">
        {p.rows.length === 0 && !p.loading && <p className="calls-empty">{t('review.table.empty')}</p>}
        {p.rows.length === 0 && p.loading && <p className="calls-empty" aria-busy="true">{t('review.table.loading')}</p>}
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = p.rows[item.index];
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` };
            if (!row) {
              return (
                <div key="more" className="calls-row calls-more" role="row" style={style} aria-busy="true">
                  <div role="gridcell">{t('review.table.loadingMore')}</div>
                </div>
              );
            }
            const open = row.id === p.openCallId;
            return (
              <div
                key={row.id}
                className={`calls-row${open ? ' open' : ''}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={open}
                tabIndex={item.index === active ? 0 : -1}
                data-index={item.index}
                data-call-id={row.id}
                data-testid="call-row"
                style={style}
                onClick={() => {
                  setActive(item.index);
                  p.onOpen(row.id);
                }}
                onFocus={() => setActive(item.index)}
                onKeyDown={(e) => onKey(e, item.index, row)}
              >
                <div role="gridcell" className="col-started">
                  {shortDateTime(row.startedAt, p.locale, p.zone)}
                  {(() => {
                    const theirs = customerLocalTime(row.startedAt, p.locale, row.calleeTimeZone, p.zone);
                    return theirs && <span className="customer-time muted">{t('review.table.customerTime', { time: theirs })}</span>;
                  })()}
                </div>
                <div role="gridcell" className="col-agent">
                  {row.agentName}
                </div>
                <div role="gridcell" className="col-lead" data-lead-id={row.leadId}>
                  {row.leadName ?? '–'}
                </div>
                <div role="gridcell" className="col-number mono">
                  {row.maskedNumber ?? '–'}
                </div>
                <div role="gridcell" className="col-outcome">
                  {row.outcome ? t(`outcome.names.${row.outcome}`) : '–'}
                </div>
                <div role="gridcell" className="col-duration">
                  {duration(row.durationSec)}
                </div>
                <div role="gridcell" className="col-events">
                  {row.eventCount}
                </div>
                <div role="gridcell" className="col-flags">
                  {row.flags.map((f) => (
                    <span key={f} className={`flag flag-${f}`}>
                      {t(`review.flags.${f}`)}
                    </span>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
