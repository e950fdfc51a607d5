import { z } from 'zod';
import { CallSchema } from './calls';
import { CursorSchema, LimitSchema } from './common';
import { checkPeriod, ReviewCallFilterFields, ReviewSortSchema } from './review-filter';

/** `GET /v1/review/calls`: the review table, filtered, sorted and keyset-paged. */
export const ReviewCallsQuerySchema = z
  .strictObject({ ...ReviewCallFilterFields, sort: ReviewSortSchema.default('-startedAt'), cursor: CursorSchema.optional(), limit: LimitSchema })
  .superRefine(checkPeriod);
export type ReviewCallsQuery = z.infer<typeof ReviewCallsQuerySchema>;

/**
 * A call as the review table shows it: with the agent's name, and the person by name and masked number
 * (so two people are told apart without their ids), and the callee's zone.
 */
export const ReviewCallRowSchema = z.strictObject({
  ...CallSchema.shape,
  agentName: z.string(),
  /** The lead's name as imported (null when the lead is gone). */
  leadName: z.string().nullable(),
  /** `010-****-5678`: the only form of a number the desk receives. */
  maskedNumber: z.string().nullable(),
  calleeTimeZone: z.string().nullable(),
});
export type ReviewCallRow = z.infer<typeof ReviewCallRowSchema>;

export const ReviewCallsResponseSchema = z.strictObject({
  items: z.array(ReviewCallRowSchema),
  nextCursor: z.string().nullable(),
  /** How many calls match, on the first page (no cursor) only; null on later pages. */
  total: z.number().int().nullable(),
});
export type ReviewCallsResponse = z.infer<typeof ReviewCallsResponseSchema>;

/**
 * `GET /v1/review/directory`: the teams and agents the caller may filter by, and the center's time zone
 * (review days are its calendar days; the desk shows review times in it).
 */
export const ReviewDirectorySchema = z.strictObject({
  timeZone: z.string(),
  teams: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  agents: z.array(z.strictObject({ id: z.string(), displayName: z.string(), teamId: z.string().nullable() })),
});
export type ReviewDirectory = z.infer<typeof ReviewDirectorySchema>;
