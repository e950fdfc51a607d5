import { z } from 'zod';
import { ConsentGrantSchema } from '../domain/consent-grant';
import { BusinessRelationshipSchema, LeadSourceSchema } from '../domain/lead';
import { TimeZoneSchema } from '../domain/time-zone';
import { IsoInstantSchema, VerdictSchema } from './common';
import { ProblemFieldErrorSchema } from './problem';

/** A consent grant inside an import row (the lead id is assigned by the server). */
export const ImportGrantSchema = ConsentGrantSchema.omit({ id: true, leadId: true });
export type ImportGrant = z.infer<typeof ImportGrantSchema>;

/**
 * One lead to import. `phone` may be in any common format; it is normalised to E.164 with the
 * campaign's country as the default for national formats. `timeZone` may be left out: the number
 * decides it (libphonenumber metadata); a zone that does not fit the number rejects the row.
 */
export const LeadImportRowSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    phone: z.string().min(3).max(40),
    timeZone: TimeZoneSchema.optional(),
    source: LeadSourceSchema,
    businessRelationship: BusinessRelationshipSchema.optional(),
    grants: z.array(ImportGrantSchema).max(20).default([]),
  })
  .meta({ id: 'LeadImportRow' });
export type LeadImportRow = z.infer<typeof LeadImportRowSchema>;

/** Most rows one import may carry. */
export const MAX_IMPORT_ROWS = 10_000;

/**
 * `POST /v1/leads` (JSON). Rows are validated one by one against `LeadImportRow` so the report can name
 * each bad row; with `allowPartial: false` (default) one bad row rejects the whole import.
 * CSV: send `text/csv` with `?campaignId=...&allowPartial=true|false`; columns are listed in server/README.md.
 */
export const LeadImportRequestSchema = z.strictObject({
  campaignId: z.string().min(1).max(100),
  allowPartial: z.boolean().default(false),
  rows: z.array(z.record(z.string().max(100), z.unknown())).min(1).max(MAX_IMPORT_ROWS),
});
export type LeadImportRequest = z.input<typeof LeadImportRequestSchema>;

export const LeadImportQuerySchema = z.strictObject({
  campaignId: z.string().min(1).max(100).optional(),
  allowPartial: z.enum(['true', 'false']).optional(),
});

export const LeadImportRowReportSchema = z.strictObject({
  /** 0-based index of the row (for CSV: data rows, header excluded). */
  row: z.number().int(),
  status: z.enum(['imported', 'rejected']),
  leadId: z.string().optional(),
  errors: z.array(ProblemFieldErrorSchema).optional(),
});

export const LeadImportResponseSchema = z.strictObject({
  imported: z.number().int(),
  rejected: z.number().int(),
  report: z.array(LeadImportRowReportSchema),
});
export type LeadImportResponse = z.infer<typeof LeadImportResponseSchema>;

/**
 * `POST /v1/leads/{id}/dial-authorizations` answer: the gate said yes, dial `dialUri` before `expiresAt`.
 * The desk never gets the number (DESIGN.md "Trust boundary"): `dialUri` is `sip:d-<token>@<edgeDomain>`
 * with a single-use token the SIP edge redeems at the API (shared/api/edge.ts), `label` the masked number.
 */
export const DialAuthorizationSchema = z
  .strictObject({
    attemptId: z.string(),
    leadId: z.string(),
    /** `sip:d-<token>@<edgeDomain>`: opaque, single use, bound to this attempt, lead, agent and session. */
    dialUri: z.string(),
    /** The number as the desk may show it (`010-****-1234`). */
    label: z.string(),
    expiresAt: IsoInstantSchema,
    verdict: VerdictSchema,
  })
  .meta({ id: 'DialAuthorization' });
export type DialAuthorization = z.infer<typeof DialAuthorizationSchema>;

/** Who asked for the opt-out and through which channel (KR-OPTOUT, US-IDNC). */
export const OptOutRequestSchema = z.strictObject({
  channel: z.enum(['call', 'phone', 'written', 'web']).default('call'),
  callId: z.string().min(1).max(100).optional(),
  note: z.string().max(500).optional(),
});
export type OptOutRequest = z.input<typeof OptOutRequestSchema>;

export const OptOutResponseSchema = z.strictObject({
  leadId: z.string(),
  /** False when the number was already on the internal list (the call is idempotent). */
  newlyListed: z.boolean(),
  listedAt: IsoInstantSchema,
  withdrawnGrantIds: z.array(z.string()),
  /** KR-WITHDRAW: the person must be told the result by this date. */
  noticeDueBy: IsoInstantSchema,
});
export type OptOutResponse = z.infer<typeof OptOutResponseSchema>;
