import { z } from 'zod';

/** What the desk shows about undelivered evidence: how many events wait, and since when. */
export const OutboxStatusSchema = z.strictObject({
  pending: z.number().int().nonnegative(),
  /** When the oldest waiting event was made durable (ISO), or null when nothing waits. */
  oldestPendingSince: z.string().nullable(),
  /** Events the API refused for good (kept on disk for an administrator; never dropped). */
  rejected: z.number().int().nonnegative(),
  lastDeliveredAt: z.string().nullable(),
  /** Why the last delivery attempt failed (API down...), or null. */
  lastError: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;
