import { z } from 'zod';
import { IdSchema, IsoInstantSchema } from './common';
import { ReviewCallFilterSchema, ReviewSortSchema } from './review-filter';
import { LocaleSchema } from '../domain/locale';

/** Why the lead opens personal data: typed by the lead, written to the access log (KR-ACCESS). */
export const AccessReasonSchema = z.string().trim().min(3, 'say why (at least 3 characters)').max(500);

/**
 * `POST /v1/review/exports/calls`: CSV of the filtered calls, numbers masked, streamed as it is read
 * (no row limit; the server holds one page at a time). `X-Callgate-Rows-Expected` says how many rows
 * follow when the server can tell cheaply.
 */
export const ExportCallsRequestSchema = z.strictObject({
  filter: ReviewCallFilterSchema.default({}),
  sort: ReviewSortSchema.default('-startedAt'),
  reason: AccessReasonSchema,
});
export type ExportCallsRequest = z.infer<typeof ExportCallsRequestSchema>;

export const EVIDENCE_FORMATS = ['json', 'html'] as const;

/** `POST /v1/review/exports/evidence`: the evidence bundle of one person, as JSON or a printable HTML summary. */
export const ExportEvidenceRequestSchema = z.strictObject({
  leadId: IdSchema,
  format: z.enum(EVIDENCE_FORMATS).default('json'),
  /** Language of the HTML summary's labels (the evidence texts stay as recorded). */
  locale: LocaleSchema.default('ko'),
  reason: AccessReasonSchema,
});
export type ExportEvidenceRequest = z.infer<typeof ExportEvidenceRequestSchema>;

/**
 * The body of a streamed export (`text/csv`, `application/json` or `text/html`, UTF-8), with
 * `Content-Disposition: attachment; filename=...`.
 */
export const ExportTextSchema = z.string();

/** How many data rows a streamed export holds, when the server knows before it starts (response header). */
export const EXPORT_ROWS_HEADER = 'x-callgate-rows-expected';

/**
 * An export as the desk's bridge hands it to the renderer (IPC), to offer as a download.
 * Numbers in it are masked: what the desktop can save never holds a number in clear.
 */
export const ExportFileSchema = z
  .strictObject({
    fileName: z.string(),
    mediaType: z.enum(['text/csv', 'application/json', 'text/html']),
    content: z.string(),
    /** Data rows (CSV) or events (evidence). */
    rows: z.number().int(),
    truncated: z.boolean(),
    generatedAt: IsoInstantSchema,
  })
  .meta({ id: 'ExportFile' });
export type ExportFile = z.infer<typeof ExportFileSchema>;

/**
 * How far a streamed export has come (main -> renderer event, at most every 100 ms and once at the
 * end): bytes received, data rows (CSV lines after the header; events are not counted) and the rows the
 * server said would follow (`X-Callgate-Rows-Expected`), when it knew.
 */
export const ExportProgressSchema = z.strictObject({
  exportId: IdSchema,
  bytes: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  expectedRows: z.number().int().nonnegative().nullable(),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

/** The bridge's export request: the API request, and the id progress events and a cancel refer to. */
export const BridgeExportIdSchema = z.strictObject({ exportId: IdSchema.optional() });
