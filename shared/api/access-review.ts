import { z } from 'zod';

/** `GET /v1/review/access-review?month=2026-03`: the month (UTC calendar) to review. */
export const AccessReviewQuerySchema = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month like 2026-03'),
});
export type AccessReviewQuery = z.infer<typeof AccessReviewQuerySchema>;

/**
 * KR-ACCESS monthly access review for the privacy officer: who read how much personal data (unmasked
 * numbers for dialing, evidence bundles, exports, recordings), how many distinct persons, and who stands
 * out. A user is an outlier when their unmasked-number reads are more than three times the median of
 * the users who read any, and at least `minOutlierReads`.
 */
export const AccessReviewSchema = z
  .strictObject({
    month: z.string(),
    from: z.string(),
    to: z.string(),
    /** The access-log retention in force (days): 365, or 730 at 50,000+ persons. */
    retentionDays: z.number().int(),
    persons: z.number().int(),
    totalAccesses: z.number().int(),
    medianNumberReads: z.number(),
    minOutlierReads: z.number().int(),
    users: z.array(
      z.strictObject({
        userId: z.string(),
        userName: z.string().nullable(),
        accesses: z.number().int(),
        numberReads: z.number().int(),
        distinctPersons: z.number().int(),
        byAction: z.record(z.string(), z.number().int()),
        outlier: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'AccessReview' });
export type AccessReview = z.infer<typeof AccessReviewSchema>;
