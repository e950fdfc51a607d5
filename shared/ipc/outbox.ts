import { z } from 'zod';

/**
 * Why an event was refused for good. `type` is an RFC 9457 problem type URI: the server's own refusal
 * of the event (`.../event-refused`, with the `ruleId` the event would break), or the problem of a
 * request the API refused as a whole (403, 413, a proxy's 400...) narrowed down to this one event.
 * The desk shows a localized text per `type`; `title` and `detail` are the server's words, kept for
 * an administrator.
 */
export const OutboxRefusalSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  detail: z.string(),
  ruleId: z.string().nullable(),
  /** The HTTP status of a refused request; null for a refusal inside a 200 batch answer. */
  status: z.number().int().nullable(),
});
export type OutboxRefusal = z.infer<typeof OutboxRefusalSchema>;

/** An event the API refused: kept in the outbox (never dropped, never retried), shown to the agent. */
export const RefusedEventSchema = z.strictObject({
  eventId: z.string(),
  callId: z.string(),
  seq: z.number().int(),
  scriptId: z.string(),
  scriptVersion: z.number().int(),
  stepId: z.string(),
  kind: z.string(),
  refusedAt: z.string(),
  refusal: OutboxRefusalSchema,
});
export type RefusedEvent = z.infer<typeof RefusedEventSchema>;

/** What opening the outbox journal had to repair (shown in the desk; 0 after a clean shutdown). */
export const JournalRecoverySchema = z.strictObject({
  /** A last line cut short by a crash (never acknowledged), cut away. */
  tornTailBytes: z.number().int().nonnegative(),
  /** Damaged complete lines, moved to the quarantine file (never deleted). */
  quarantinedBytes: z.number().int().nonnegative(),
  quarantineFile: z.string().nullable(),
});
export type JournalRecovery = z.infer<typeof JournalRecoverySchema>;

/** What the desk shows about undelivered evidence: how many events wait, and since when. */
export const OutboxStatusSchema = z.strictObject({
  pending: z.number().int().nonnegative(),
  /** When the oldest waiting event was made durable (ISO), or null when nothing waits. */
  oldestPendingSince: z.string().nullable(),
  /** Events the API refused for good (kept on disk, listed by `outbox:list`; they block nothing). */
  refused: z.number().int().nonnegative(),
  /** The most recent of them (the status bar shows its reason). */
  lastRefused: RefusedEventSchema.nullable(),
  /** Journal records this version of the desk cannot read (written by another version, or damaged): kept, listed. */
  unreadable: z.number().int().nonnegative(),
  recovery: JournalRecoverySchema,
  /** Why the outbox cannot make answers durable right now (disk full, I/O error), or null. */
  journalFault: z.string().nullable(),
  lastDeliveredAt: z.string().nullable(),
  /** Why the last delivery attempt failed (API down...), or null. */
  lastError: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

/** The outbox view: every refused event and every record the desk could not read. */
export const OutboxListSchema = z.strictObject({
  refused: z.array(RefusedEventSchema),
  unreadable: z.array(z.strictObject({ eventId: z.string().nullable(), reason: z.string(), recordedAt: z.string().nullable() })),
  recovery: JournalRecoverySchema,
});
export type OutboxList = z.infer<typeof OutboxListSchema>;

export const EMPTY_OUTBOX_STATUS: OutboxStatus = {
  pending: 0,
  oldestPendingSince: null,
  refused: 0,
  lastRefused: null,
  unreadable: 0,
  recovery: { tornTailBytes: 0, quarantinedBytes: 0, quarantineFile: null },
  journalFault: null,
  lastDeliveredAt: null,
  lastError: null,
};
