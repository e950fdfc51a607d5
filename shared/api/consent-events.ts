import { z } from 'zod';
import { aheadOfClock, OBSERVED_SKEW } from '../domain/bounds';
import { ConsentEventSchema } from '../domain/consent-event';

/** Most events one batch may carry; a larger batch is a 400 (send several). */
export const MAX_EVENT_BATCH = 500;

/**
 * An event as evidence arrives: besides its schema, a non-practice event's `occurredAt` may be at most
 * `MAX_FUTURE_SKEW_SEC` ahead of the server's clock (practice runs on the page's clock and is no evidence).
 */
const IngestedEventSchema = ConsentEventSchema.superRefine((e, ctx) => {
  const ahead = e.practice ? undefined : aheadOfClock(e.occurredAt, ...OBSERVED_SKEW);
  if (ahead) ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: ahead });
});

/** `POST /v1/consent-events`: a batch from the desk outbox, in order per call. */
export const ConsentEventBatchSchema = z.strictObject({
  events: z.array(IngestedEventSchema).min(1).max(MAX_EVENT_BATCH),
});
export type ConsentEventBatch = z.input<typeof ConsentEventBatchSchema>;

/**
 * Why the server refused one event: RFC 9457 problem fields (`type` is a problem type URI such as
 * `https://callgate.dev/problems/event-refused`) plus `ruleId`, the rule of COMPLIANCE.md the event
 * would break (`CG-PITCH-LOCK`, `CG-TIME`, `KR-MKT`, `KR-OPTOUT`...; `CG-SCRIPT` when the script could
 * not have produced the event at all).
 */
export const EventRefusalSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    detail: z.string(),
    ruleId: z.string(),
  })
  .meta({ id: 'EventRefusal' });
export type EventRefusal = z.infer<typeof EventRefusalSchema>;

/** What happened to one event of a batch. */
export const CONSENT_EVENT_ACK_STATUSES = ['stored', 'duplicate', 'refused'] as const;

/**
 * Per event, in the order of the request:
 * - `stored`: new, now evidence (`ledgerSeq` is its ledger entry; null for practice events, which never
 *   enter the ledger);
 * - `duplicate`: the same eventId with the same body was stored before (the outbox may forget it);
 * - `refused`: the server replayed the call's script run and the script could not have produced this
 *   event at this point (or it fails a check of its own). It is kept apart from evidence for review,
 *   occupies its `seq` (later events of the call are judged without it), and sending it again gives the
 *   same answer: do not retry it. `refusal` says why.
 */
export const ConsentEventAckSchema = z.strictObject({
  eventId: z.string(),
  status: z.enum(CONSENT_EVENT_ACK_STATUSES),
  practice: z.boolean(),
  ledgerSeq: z.number().int().nullable(),
  /** Present exactly when `status` is `refused`. */
  refusal: EventRefusalSchema.optional(),
});
export type ConsentEventAck = z.infer<typeof ConsentEventAckSchema>;

export const ConsentEventBatchResponseSchema = z.strictObject({ results: z.array(ConsentEventAckSchema) });
export type ConsentEventBatchResponse = z.infer<typeof ConsentEventBatchResponseSchema>;
