import { z } from 'zod';
import { ConsentKindSchema } from '../domain/consent-grant';
import { CursorSchema, IsoInstantSchema, LimitSchema } from './common';

/** `GET /v1/consents/reconfirmation-due` (KR-RECONF): grants whose 2 years run out before `before`. */
export const ReconfirmationDueQuerySchema = z.strictObject({
  campaign: z.string().min(1).max(100).optional(),
  /** Default: 30 days from now. */
  before: IsoInstantSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type ReconfirmationDueQuery = z.infer<typeof ReconfirmationDueQuerySchema>;

export const ReconfirmationDueItemSchema = z.strictObject({
  grantId: z.string(),
  leadId: z.string(),
  campaignId: z.string(),
  kind: ConsentKindSchema,
  grantedAt: IsoInstantSchema,
  reconfirmedAt: IsoInstantSchema.nullable(),
  /** (reconfirmedAt ?? grantedAt) + 2 years. */
  dueAt: IsoInstantSchema,
  overdue: z.boolean(),
});

export const ReconfirmationDueResponseSchema = z.strictObject({
  items: z.array(ReconfirmationDueItemSchema),
  nextCursor: z.string().nullable(),
});
export type ReconfirmationDueResponse = z.infer<typeof ReconfirmationDueResponseSchema>;
