import { z } from 'zod';
import { IsoInstantSchema } from './common';
import { EdgeCallFactsSchema } from './calls';
import { ReviewCallRowSchema } from './review-calls';
import { ConsentEventSchema } from '../domain/consent-event';

/**
 * Whether a timeline entry still checks out against the ledger:
 * - `verified`: the stored event is the ledger payload, the payload hashes to its payloadSha256, the
 *   entry's fields hash to its hash, and it links to the entry before it;
 * - `broken`: one of those fails (`problem` says which).
 */
export const LEDGER_ENTRY_STATES = ['verified', 'broken'] as const;
export const LedgerEntryStateSchema = z.enum(LEDGER_ENTRY_STATES);

export const ReviewTimelineEntrySchema = z.strictObject({
  /** The event as recorded: exact prompt text, answer, script id + version, step, rule ids. */
  event: ConsentEventSchema,
  receivedAt: IsoInstantSchema,
  /** receivedAt - occurredAt, in seconds (negative when the desk clock ran ahead). */
  delaySec: z.number(),
  late: z.boolean(),
  /** occurredAt as the callee's wall clock (`YYYY-MM-DD HH:mm:ss` in event.calleeTimeZone). */
  occurredLocal: z.string(),
  /** What a consent answer did: `granted`, `refused` (never a consent, decision 0054); null for other events. */
  consent: z.enum(['granted', 'refused']).nullable(),
  ledger: z.strictObject({
    seq: z.number().int(),
    hash: z.string(),
    prevHash: z.string(),
    state: LedgerEntryStateSchema,
    problem: z.string().nullable(),
  }),
});
export type ReviewTimelineEntry = z.infer<typeof ReviewTimelineEntrySchema>;

/** `GET /v1/review/calls/{id}/timeline`. */
export const ReviewTimelineSchema = z
  .strictObject({
    call: ReviewCallRowSchema,
    entries: z.array(ReviewTimelineEntrySchema),
    lateEventSec: z.number().int(),
    /** The ledger head now, to compare with a published anchor. */
    head: z.strictObject({ seq: z.number().int(), hash: z.string() }).nullable(),
    /**
     * What the SIP edge saw of the call (start, answer, end), shown beside the desk's times in `call`;
     * `mismatches` non-empty = the call's `edge_mismatch` flag. Null: no edge reported on this call.
     */
    edge: EdgeCallFactsSchema.nullable(),
  })
  .meta({ id: 'ReviewTimeline' });
export type ReviewTimeline = z.infer<typeof ReviewTimelineSchema>;
