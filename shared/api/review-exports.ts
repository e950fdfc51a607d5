import { z } from 'zod';
import { IdSchema, IsoInstantSchema } from './common';
import { ReviewCallFilterSchema, ReviewSortSchema } from './review-filter';
import { LocaleSchema } from '../domain/locale';

/** Why the lead opens personal data: typed by the lead, written to the access log (KR-ACCESS). */
export const AccessReasonSchema = z.string().trim().min(3, 'say why (at least 3 characters)').max(500);

/** The most rows one CSV export holds; a larger selection is cut there and marked `truncated`. */
export const CSV_EXPORT_MAX_ROWS = 100_000;

/** `POST /v1/review/exports/calls`: CSV of the filtered calls, numbers masked. */
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
 * An export as text, for the desk to offer as a download (the bridge never writes files itself).
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
