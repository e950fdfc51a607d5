import { CSV_EXPORT_MAX_ROWS, type ExportCallsRequest, type ExportEvidenceRequest, type ExportFile } from '../../../shared/api/review-exports';
import type { ReviewCallRow } from '../../../shared/api/review-calls';
import type { AppContext } from '../../context';
import type { UserRecord } from '../../identity/users';
import { cursorAfter, reviewCallPage, type ReviewCursor } from '../../store/review-calls';
import { logReviewAccess } from '../../store/review-access';
import { evidenceBundle } from '../evidence';
import { callsCsv } from './calls-csv';
import { storeFilter, toReviewRow } from './calls';
import { evidenceHtml, maskBundle } from './evidence-html';
import { reviewScope } from './scope';

const PAGE = 2_000;

/** `20260310-013000` of an instant, for file names. */
function stamp(iso: string): string {
  return iso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** What a call-list export was about, for the access log (filter fields in a fixed order, no personal data). */
export function describeFilter(req: ExportCallsRequest): string {
  const f = req.filter;
  const parts = (['team', 'agent', 'campaign', 'from', 'to', 'outcome', 'flag', 'lead'] as const).filter((k) => f[k] !== undefined).map((k) => `${k}=${String(f[k])}`);
  return [...parts, `sort=${req.sort}`].join(';');
}

/**
 * CSV of the filtered calls (numbers masked), read in keyset pages up to CSV_EXPORT_MAX_ROWS. The
 * export is written to the access log with the lead's reason before the file is returned (KR-ACCESS).
 */
export async function exportCallsCsv(ctx: AppContext, user: UserRecord, req: ExportCallsRequest, address: string | null): Promise<ExportFile> {
  const scope = reviewScope(user, req.filter, 'body');
  const filter = storeFilter(req.filter);
  const rows: ReviewCallRow[] = [];
  let after: ReviewCursor | undefined;
  let more = true;
  while (more && rows.length < CSV_EXPORT_MAX_ROWS) {
    const limit = Math.min(PAGE, CSV_EXPORT_MAX_ROWS - rows.length);
    const page = await reviewCallPage(ctx.store.db, filter, scope, { sort: req.sort, after, limit });
    const kept = page.slice(0, limit);
    rows.push(...kept.map(toReviewRow));
    more = page.length > limit;
    const last = kept[kept.length - 1];
    after = last ? cursorAfter(req.sort, last) : undefined;
  }
  const generatedAt = ctx.clock().toISOString();
  await logReviewAccess(ctx.store.db, {
    at: generatedAt,
    userId: user.id,
    action: 'export',
    subjectType: 'calls',
    subjectId: `${describeFilter(req)};rows=${rows.length}`,
    reason: req.reason,
    address,
  });
  return {
    fileName: `callgate-calls-${stamp(generatedAt)}.csv`,
    mediaType: 'text/csv',
    content: callsCsv(rows),
    rows: rows.length,
    truncated: more,
    generatedAt,
  };
}

/**
 * The evidence bundle of one person as a file: JSON (the bundle with the number masked) or a printable
 * HTML summary. Reading it is logged with the reason by the bundle itself, in the same transaction.
 */
export async function exportEvidence(ctx: AppContext, user: UserRecord, req: ExportEvidenceRequest, address: string): Promise<ExportFile> {
  const bundle = maskBundle(await evidenceBundle(ctx, user, req.leadId, req.reason, address));
  const base = `callgate-evidence-${req.leadId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp(bundle.generatedAt)}`;
  const common = { rows: bundle.events.length, truncated: false, generatedAt: bundle.generatedAt };
  return req.format === 'html'
    ? { fileName: `${base}.html`, mediaType: 'text/html', content: evidenceHtml(bundle, req.locale), ...common }
    : { fileName: `${base}.json`, mediaType: 'application/json', content: `${JSON.stringify(bundle, null, 2)}\n`, ...common };
}
