import { z } from 'zod';
import { CursorSchema, IsoInstantSchema, LimitSchema } from './common';

/** What an access-log entry records (KR-ACCESS): the kinds of personal-data access the server logs. */
export const ACCESS_ACTIONS = ['dial_target', 'evidence_bundle', 'export', 'recording_play', 'recording_export', 'live_listen', 'live_whisper'] as const;
export const AccessActionSchema = z.enum(ACCESS_ACTIONS);

/** `GET /v1/review/access-log`: newest first; a team lead sees the entries of their team's users. */
export const AccessLogQuerySchema = z.strictObject({
  user: z.string().min(1).max(100).optional(),
  action: AccessActionSchema.optional(),
  subject: z.string().min(1).max(200).optional(),
  from: IsoInstantSchema.optional(),
  to: IsoInstantSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type AccessLogQuery = z.infer<typeof AccessLogQuerySchema>;

export const AccessLogEntrySchema = z.strictObject({
  id: z.string(),
  at: IsoInstantSchema,
  userId: z.string(),
  userName: z.string().nullable(),
  action: z.string(),
  /** `lead` (one person), `calls` (a filtered call list; subjectId describes the filter) or `recording`. */
  subjectType: z.string(),
  subjectId: z.string(),
  reason: z.string(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

export const AccessLogResponseSchema = z.strictObject({ items: z.array(AccessLogEntrySchema), nextCursor: z.string().nullable() });
export type AccessLogResponse = z.infer<typeof AccessLogResponseSchema>;
