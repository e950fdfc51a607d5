import { z } from 'zod';
import { ConsentEventSchema } from '../domain/consent-event';

/** Most events one batch may carry; a larger batch is a 400 (send several). */
export const MAX_EVENT_BATCH = 500;

/** `POST /v1/consent-events`: a batch from the desk outbox, in order per call. */
export const ConsentEventBatchSchema = z.strictObject({
  events: z.array(ConsentEventSchema).min(1).max(MAX_EVENT_BATCH),
});
export type ConsentEventBatch = z.input<typeof ConsentEventBatchSchema>;

/**
 * Per event: `stored` (new), `duplicate` (the same eventId with the same body was stored before: the
 * outbox may forget it). `ledgerSeq` is null for practice events, which never enter the ledger.
 */
export const ConsentEventAckSchema = z.strictObject({
  eventId: z.string(),
  status: z.enum(['stored', 'duplicate']),
  practice: z.boolean(),
  ledgerSeq: z.number().int().nullable(),
});

export const ConsentEventBatchResponseSchema = z.strictObject({ results: z.array(ConsentEventAckSchema) });
export type ConsentEventBatchResponse = z.infer<typeof ConsentEventBatchResponseSchema>;
