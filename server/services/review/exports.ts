import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExportCallsRequest, ExportEvidenceRequest } from '../../../shared/api/review-exports';
import type { AppContext } from '../../context';
import { logAccess } from '../../identity/access-log';
import type { UserRecord } from '../../identity/users';
import { rollupCallCount, type ReviewCursor } from '../../store/review-calls';
import { reviewAccess } from '../access-scope';
import { openEvidence } from '../evidence';
import { CALLS_CSV_COLUMNS, csvLine } from './calls-csv';
import { reviewPage, storeFilter, toReviewRow } from './calls';
import { LEDGER_ALGORITHM } from '../../ledger/hash';
import { evidenceHtmlParts, maskHeader } from './evidence-html';
import { periodParts } from './period';

/** Rows of the first page (small, so the first bytes leave at once) and of every later page. */
const FIRST_PAGE = 200;
const PAGE = 500;

/** An export as it leaves the server: a name, a type, and its text in chunks, read as the client takes them. */
export interface ExportStream {
  readonly fileName: string;
  readonly mediaType: 'text/csv' | 'application/json' | 'text/html';
  /** Data rows the export will hold, when known before it starts (for the desk's progress). */
  readonly expectedRows: number | null;
  readonly chunks: AsyncGenerator<string>;
}

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
 * CSV of the filtered calls (numbers masked), streamed: keyset pages of the review table, each written
 * when the client has taken the one before (constant memory, no cap on rows), with a turn of the event
 * loop between pages (other requests and a cancel go first); a client that goes away stops the reading.
 * The export is in the access log with the lead's reason before the first byte (KR-ACCESS); the expected
 * row count comes from the rollups when they count the filter (else none).
 */
export async function exportCallsCsv(ctx: AppContext, user: UserRecord, req: ExportCallsRequest, address: string | null): Promise<ExportStream> {
  const scope = reviewAccess(user, req.filter, 'body');
  const filter = storeFilter(req.filter);
  const db = ctx.store.db;
  const zone = ctx.config.centerTimeZone;
  // Counted from the rollups only (a few rows): an export never counts calls before its first byte.
  const expectedRows =
    filter.from !== undefined && filter.to !== undefined ? await rollupCallCount(db, filter, scope, periodParts({ from: filter.from, to: filter.to, tz: zone }, zone)) : null;
  const generatedAt = ctx.clock().toISOString();
  await logAccess(db, {
    at: generatedAt,
    userId: user.id,
    action: 'export',
    subjectType: 'calls',
    subjectId: `${describeFilter(req)}${expectedRows === null ? '' : `;rows=${expectedRows}`}`,
    reason: req.reason,
    address,
  });
  async function* chunks(): AsyncGenerator<string> {
    // A UTF-8 BOM (so spreadsheet programs read Korean names right), a header, CRLF line ends.
    yield `\uFEFF${CALLS_CSV_COLUMNS.join(',')}\r\n`;
    let after: ReviewCursor | undefined;
    let limit = FIRST_PAGE;
    for (;;) {
      const { rows, next } = await reviewPage(ctx, db, scope, filter, req.sort, after, limit);
      if (rows.length > 0) yield `${rows.map((r) => csvLine(toReviewRow(r))).join('\r\n')}\r\n`;
      if (!next) return;
      after = next;
      limit = PAGE;
      // A turn of the event loop before the next page. On SQLite a page is synchronous work, and a local
      // socket drains at once, so without it the pages chain in microtasks: the export took the process
      // until its end or until the kernel's socket buffers filled (~35 pages at 10M events), holding
      // every other request and the client's cancel (which is only seen when the loop polls).
      await nextTurn();
    }
  }
  return { fileName: `callgate-calls-${stamp(generatedAt)}.csv`, mediaType: 'text/csv', expectedRows, chunks: chunks() };
}

/**
 * The evidence bundle of one person as a file, streamed: JSON (the bundle with the number masked, one
 * event or ledger link a line) or a printable HTML summary. Opening it is access-logged with the reason.
 */
export async function exportEvidence(ctx: AppContext, user: UserRecord, req: ExportEvidenceRequest, address: string): Promise<ExportStream> {
  reviewAccess(user);
  const src = await openEvidence(ctx, user, req.leadId, req.reason, address);
  const header = maskHeader(src.header);
  const base = `callgate-evidence-${req.leadId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp(header.generatedAt)}`;
  if (req.format === 'html') {
    const p = evidenceHtmlParts(header, req.locale);
    async function* html(): AsyncGenerator<string> {
      yield p.head;
      let any = false;
      for await (const page of src.events()) {
        if (!any && page.length > 0) yield p.eventsOpen;
        any ||= page.length > 0;
        yield p.eventRows(page);
      }
      yield any ? p.eventsClose : p.noEvents;
      let entries = 0;
      let verified = true;
      for await (const page of src.links()) {
        entries += page.links.length;
        verified &&= page.ok;
      }
      yield p.tail({ verified, entries });
    }
    return { fileName: `${base}.html`, mediaType: 'text/html', expectedRows: null, chunks: html() };
  }
  async function* json(): AsyncGenerator<string> {
    const { head, ...rest } = header;
    const open = JSON.stringify(rest, null, 2);
    // The header object without its closing brace, then the streamed arrays.
    yield `${open.slice(0, open.lastIndexOf('}')).trimEnd()},\n  "events": [`;
    let first = true;
    for await (const page of src.events()) {
      for (const e of page) {
        yield `${first ? '' : ','}\n    ${JSON.stringify(e)}`;
        first = false;
      }
    }
    yield `\n  ],\n  "chainProof": {\n    "entries": [`;
    first = true;
    let verified = true;
    for await (const page of src.links()) {
      for (const link of page.links) {
        yield `${first ? '' : ','}\n      ${JSON.stringify(link)}`;
        first = false;
      }
      verified &&= page.ok;
    }
    yield `\n    ],\n    "head": ${JSON.stringify(head)},\n    "entriesVerified": ${String(verified)},\n    "algorithm": ${JSON.stringify(LEDGER_ALGORITHM)}\n  }\n}\n`;
  }
  return { fileName: `${base}.json`, mediaType: 'application/json', expectedRows: null, chunks: json() };
}
