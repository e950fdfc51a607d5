import type { CampaignListResponse } from '../../shared/api/campaigns';
import type { ReviewCallRow, ReviewDirectory } from '../../shared/api/review-calls';
import type { ReviewCompliance } from '../../shared/api/review-compliance';
import type { ExportFile, ExportProgress } from '../../shared/api/review-exports';
import type { ReviewKpisResponse } from '../../shared/api/review-kpis';
import type { ReviewTimeline } from '../../shared/api/review-timeline';
import type { Locale } from '../../shared/domain/locale';
import type { CallgateBridge } from '../../shared/ipc/channels';
import { unwrap } from '../bridge';
import { toUiError, type UiError } from '../errors';
import { apiFilter, reviewerZone, type ReviewQuery } from '../review/review-query';
import type { GetPart, SetPart } from './nested';

/** One thing loaded from the API: what it is now, and why it failed. */
export interface Loadable<T> {
  readonly data: T | null;
  readonly loading: boolean;
  readonly error: UiError | null;
}

const idle = <T>(): Loadable<T> => ({ data: null, loading: false, error: null });

/** The review table: the rows loaded so far (cursor pages), how many match, and whether more follow. */
export interface CallRows {
  readonly items: readonly ReviewCallRow[];
  readonly nextCursor: string | null;
  readonly total: number | null;
  readonly loading: boolean;
  readonly error: UiError | null;
}

export interface ReviewState {
  readonly query: ReviewQuery | null;
  readonly directory: ReviewDirectory | null;
  readonly campaigns: CampaignListResponse | null;
  readonly kpis: Loadable<ReviewKpisResponse>;
  readonly compliance: Loadable<ReviewCompliance>;
  readonly calls: CallRows;
  readonly timeline: Loadable<ReviewTimeline>;
  /** The export running now (one at a time), with its progress; null when none runs. */
  readonly exporting: ExportProgress | null;
  /** Loads what the query asks for; only the parts whose inputs changed are fetched again. */
  setQuery(q: ReviewQuery): void;
  /** Asks every part of the current query again (the Retry of an error state). */
  reload(): void;
  /** Fetches the next page of the table (no-op while one is loading or on the last page). */
  loadMore(): void;
  loadLookups(): Promise<void>;
  exportCalls(reason: string): Promise<ExportFile>;
  exportEvidence(leadId: string, format: 'json' | 'html', reason: string, locale: Locale): Promise<ExportFile>;
  /** Stops the running export: its promise rejects with a BridgeError of code 'cancelled'. */
  cancelExport(): void;
  /** Back to nothing loaded (sign-out): answers to requests made before are dropped. */
  reset(): void;
}

export interface ReviewDeps {
  readonly bridge: CallgateBridge;
  readonly now: () => Date;
  readonly pageSize?: number;
}

/** Errors are kept structured; the view words them in the reviewer's language (renderer/errors.ts). */
const message = (err: unknown): UiError => toUiError(err);

/** The parts of the review slice that load on their own; each has its own request generation. */
export const REVIEW_PARTS = ['kpis', 'compliance', 'calls', 'timeline', 'lookups', 'export'] as const;
export type ReviewPart = (typeof REVIEW_PARTS)[number];

/**
 * One request generation per part: `begin(part)` starts a request and returns its ticket, `current`
 * says whether its answer still belongs on screen. A new request of one part never invalidates
 * another part's (the old single counter dropped the KPI answer on a sort-only change, and the cards
 * stayed 'loading'); `resetAll` invalidates every part (sign-out).
 */
export function requestGenerations() {
  const gen: Record<ReviewPart, number> = { kpis: 0, compliance: 0, calls: 0, timeline: 0, lookups: 0, export: 0 };
  return {
    begin: (part: ReviewPart): number => ++gen[part],
    peek: (part: ReviewPart): number => gen[part],
    current: (part: ReviewPart, ticket: number): boolean => gen[part] === ticket,
    resetAll: (): void => {
      for (const p of REVIEW_PARTS) gen[p] += 1;
    },
  };
}

/**
 * The review workspace's data (the `review` slice of the app store), loaded through the bridge. Each
 * part (KPIs, compliance, the table, the timeline, the lookups) has its own request generation: an
 * answer lands only if no newer request of the same part was made since (a lead clicking through
 * filters never sees a stale table), and a part that is not asked again keeps its request (a
 * sort-only change reloads the table and leaves the KPI request in flight to land). A `reset` moves
 * every generation (a sign-out never lets the last user's data land in the next one's screen).
 * State machine per part:
 *
 * ```
 *   idle ──setQuery──▶ loading ──ok──▶ ready (data)
 *                        │   ▲
 *                        │   └── setQuery (new inputs of this part) from any state
 *                        └──fail──▶ error (message, data kept from before)
 * ```
 */
export function createReviewSlice(deps: ReviewDeps): (set: SetPart<ReviewState>, get: GetPart<ReviewState>) => ReviewState {
  const { bridge } = deps;
  const pageSize = deps.pageSize ?? 200;
  // Inputs of the last request of each part; a part reloads only when its inputs change.
  let filterKey = '';
  let listKey = '';
  let timelineKey = '';
  const gens = requestGenerations();

  return (set, get) => {
    const filterOf = (q: ReviewQuery) => apiFilter(q, deps.now());

    function scopeOf(q: ReviewQuery) {
      const f = filterOf(q);
      return { ...(f.team ? { team: f.team } : {}), ...(f.agent ? { agent: f.agent } : {}), ...(f.campaign ? { campaign: f.campaign } : {}), from: f.from, to: f.to };
    }

    async function loadKpis(q: ReviewQuery): Promise<void> {
      const ticket = gens.begin('kpis');
      set((s) => ({ kpis: { ...s.kpis, loading: true, error: null } }));
      try {
        const data = await unwrap(bridge.review.kpis({ ...scopeOf(q), tz: reviewerZone() }));
        if (gens.current('kpis', ticket)) set({ kpis: { data, loading: false, error: null } });
      } catch (err) {
        if (gens.current('kpis', ticket)) set((s) => ({ kpis: { ...s.kpis, loading: false, error: message(err) } }));
      }
    }

    async function loadCompliance(q: ReviewQuery): Promise<void> {
      const ticket = gens.begin('compliance');
      set((s) => ({ compliance: { ...s.compliance, loading: true, error: null } }));
      try {
        const data = await unwrap(bridge.review.compliance(scopeOf(q)));
        if (gens.current('compliance', ticket)) set({ compliance: { data, loading: false, error: null } });
      } catch (err) {
        if (gens.current('compliance', ticket)) set((s) => ({ compliance: { ...s.compliance, loading: false, error: message(err) } }));
      }
    }

    async function loadPage(q: ReviewQuery, cursor: string | null, ticket: number): Promise<void> {
      set((s) => ({ calls: { ...s.calls, loading: true, error: null } }));
      try {
        const page = await unwrap(bridge.review.calls({ ...filterOf(q), sort: q.sort, limit: pageSize, ...(cursor ? { cursor } : {}) }));
        if (!gens.current('calls', ticket)) return;
        set((s) => ({
          calls: {
            items: cursor ? [...s.calls.items, ...page.items] : page.items,
            nextCursor: page.nextCursor,
            total: cursor ? s.calls.total : page.total,
            loading: false,
            error: null,
          },
        }));
      } catch (err) {
        if (gens.current('calls', ticket)) set((s) => ({ calls: { ...s.calls, loading: false, error: message(err) } }));
      }
    }

    async function loadTimeline(callId: string): Promise<void> {
      const ticket = gens.begin('timeline');
      set({ timeline: { data: null, loading: true, error: null } });
      try {
        const data = await unwrap(bridge.review.timeline({ callId }));
        if (gens.current('timeline', ticket)) set({ timeline: { data, loading: false, error: null } });
      } catch (err) {
        if (gens.current('timeline', ticket)) set({ timeline: { data: null, loading: false, error: message(err) } });
      }
    }

    const initial = {
      query: null,
      directory: null,
      campaigns: null,
      kpis: idle<ReviewKpisResponse>(),
      compliance: idle<ReviewCompliance>(),
      calls: { items: [], nextCursor: null, total: null, loading: false, error: null },
      timeline: idle<ReviewTimeline>(),
      exporting: null,
    } satisfies Partial<ReviewState>;

    /**
     * Runs one export through the bridge under a fresh id: progress events of that id update
     * `exporting` (the 'export' part's generation drops any after the export ended or was replaced).
     */
    async function runExport(start: (exportId: string) => Promise<ExportFile>): Promise<ExportFile> {
      const ticket = gens.begin('export');
      const exportId = `export-${crypto.randomUUID()}`;
      set({ exporting: { exportId, bytes: 0, rows: 0, expectedRows: null } });
      const off = bridge.review.onExportProgress((p) => {
        if (p.exportId === exportId && gens.current('export', ticket)) set({ exporting: p });
      });
      try {
        return await start(exportId);
      } finally {
        off();
        if (gens.current('export', ticket)) {
          gens.begin('export');
          set({ exporting: null });
        }
      }
    }

    return {
      ...initial,

      setQuery(q) {
        set({ query: q });
        const filter = filterOf(q);
        // KPIs and flags depend on the scope and period only; the table on every filter and the sort.
        const f = JSON.stringify([filter.team, filter.agent, filter.campaign, filter.from, filter.to]);
        const l = JSON.stringify([filter, q.sort]);
        if (f !== filterKey) {
          filterKey = f;
          void loadKpis(q);
          void loadCompliance(q);
        }
        if (l !== listKey) {
          listKey = l;
          set({ calls: { items: [], nextCursor: null, total: null, loading: true, error: null } });
          void loadPage(q, null, gens.begin('calls'));
        }
        const t = q.call ?? '';
        if (t !== timelineKey) {
          timelineKey = t;
          if (t) void loadTimeline(t);
          else {
            gens.begin('timeline');
            set({ timeline: idle() });
          }
        }
      },

      reload() {
        const q = get().query;
        if (!q) return;
        filterKey = '';
        listKey = '';
        timelineKey = '';
        get().setQuery(q);
      },

      loadMore() {
        const { calls, query } = get();
        if (!query || calls.loading || !calls.nextCursor) return;
        void loadPage(query, calls.nextCursor, gens.peek('calls'));
      },

      async loadLookups() {
        const ticket = gens.begin('lookups');
        const [directory, campaigns] = await Promise.allSettled([unwrap(bridge.review.directory(undefined)), unwrap(bridge.campaigns.list(undefined))]);
        if (!gens.current('lookups', ticket)) return;
        set({
          directory: directory.status === 'fulfilled' ? directory.value : null,
          campaigns: campaigns.status === 'fulfilled' ? campaigns.value : null,
        });
      },

      async exportCalls(reason) {
        const q = get().query;
        if (!q) throw new Error('no query');
        return runExport((exportId) => unwrap(bridge.review.exportCalls({ filter: filterOf(q), sort: q.sort, reason, exportId })));
      },

      async exportEvidence(leadId, format, reason, locale) {
        return runExport((exportId) => unwrap(bridge.review.exportEvidence({ leadId, format, reason, locale, exportId })));
      },

      cancelExport() {
        const running = get().exporting;
        if (running) void bridge.review.cancelExport({ exportId: running.exportId });
      },

      reset() {
        get().cancelExport();
        gens.resetAll();
        filterKey = '';
        listKey = '';
        timelineKey = '';
        set(initial);
      },
    };
  };
}
