import { z } from 'zod';
import { CallOutcomeSchema, ConsentEventSchema, UUID_V7 } from '../domain/consent-event';
import { EDGE_MISMATCHES } from '../domain/edge-facts';
import { CursorSchema, IsoInstantSchema, LimitSchema, ObservedInstantSchema, PlannedInstantSchema } from './common';

/**
 * The life of one call record (server side).
 *
 * ```
 *   POST /v1/calls           PATCH answeredAt        PATCH endedAt + outcome
 *  ─────────────▶ dialing ───────────────▶ connected ───────────────────────▶ ended
 *                    │                                                        ▲
 *                    └────────────── PATCH endedAt + outcome (no answer) ─────┘
 * ```
 * `ended` is final: its outcome and end time never change (409 invalid-state).
 */
export const CALL_STATES = ['dialing', 'connected', 'ended'] as const;
export const CallStateSchema = z.enum(CALL_STATES);
export type CallState = z.infer<typeof CallStateSchema>;

/**
 * Flags computed by the server while events arrive (review filters).
 * `edge_mismatch`: the desk's answer/end times disagree with the SIP edge's (shared/domain/edge-facts.ts).
 * `dead_air`: the desk reported dead air on the call (`deadAirMs` > 0, see DEAD_AIR_MAX_MS): the desk's
 * claim, stored as reported (decision 0041).
 */
export const CALL_FLAGS = ['opt_out', 'late_events', 'pitch_without_consent', 'consent_refused', 'refused_events', 'edge_mismatch', 'dead_air'] as const;
export const CallFlagSchema = z.enum(CALL_FLAGS);
export type CallFlag = z.infer<typeof CallFlagSchema>;

export const CallSchema = z
  .strictObject({
    id: z.string(),
    attemptId: z.string(),
    leadId: z.string(),
    campaignId: z.string(),
    agentId: z.string(),
    teamId: z.string().nullable(),
    sipCallId: z.string().nullable(),
    /** The caller ID presented to the callee: the calling company's number (US-RETAIN); null before it was recorded. */
    callerId: z.string().nullable(),
    state: CallStateSchema,
    startedAt: IsoInstantSchema,
    answeredAt: IsoInstantSchema.nullable(),
    endedAt: IsoInstantSchema.nullable(),
    durationSec: z.number().nullable(),
    outcome: CallOutcomeSchema.nullable(),
    callbackAt: IsoInstantSchema.nullable(),
    eventCount: z.number().int(),
    flags: z.array(CallFlagSchema),
    /**
     * Dead air the desk reported (ms the customer's audio was expected and did not arrive, from the
     * desk's WebRTC statistics): the desk's claim, not checked by the server; null: none reported.
     */
    deadAirMs: z.number().int().nullable(),
  })
  .meta({ id: 'Call' });
export type CallDto = z.infer<typeof CallSchema>;

/** `POST /v1/calls`: open the call record of an authorized dial. `callId` may be made by the desk (UUIDv7). */
export const CreateCallRequestSchema = z.strictObject({
  attemptId: z.string().min(1).max(100),
  callId: z.string().regex(UUID_V7, 'expected a UUIDv7').optional(),
  sipCallId: z.string().min(1).max(200).optional(),
  startedAt: ObservedInstantSchema.optional(),
});
export type CreateCallRequest = z.infer<typeof CreateCallRequestSchema>;

/** The most dead air a desk may report on one call (a day): anything longer is not a measurement. */
export const DEAD_AIR_MAX_MS = 86_400_000;

/** The one rule of the `dead_air` flag: the desk reported any dead air on the answered call. */
export function hasDeadAir(deadAirMs: number | null): boolean {
  return deadAirMs !== null && deadAirMs > 0;
}

/**
 * `PATCH /v1/calls/{id}`: answer, end, outcome, callback time, and the desk's media report.
 * `callbackAt` goes with outcome `callback`. `deadAirMs` only for an answered call (the desk sends it
 * when the phone call ends; a later report replaces it until the record is final).
 */
export const UpdateCallRequestSchema = z
  .strictObject({
    sipCallId: z.string().min(1).max(200).optional(),
    answeredAt: ObservedInstantSchema.optional(),
    endedAt: ObservedInstantSchema.optional(),
    outcome: CallOutcomeSchema.optional(),
    callbackAt: PlannedInstantSchema.optional(),
    deadAirMs: z.number().int().min(0).max(DEAD_AIR_MAX_MS).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to update' })
  .refine((b) => (b.outcome === 'callback') === (b.callbackAt !== undefined), {
    message: "callbackAt is required with outcome 'callback' and only then",
    path: ['callbackAt'],
  })
  .refine((b) => (b.endedAt === undefined) === (b.outcome === undefined), {
    message: 'endedAt and outcome go together',
    path: ['outcome'],
  });
export type UpdateCallRequest = z.infer<typeof UpdateCallRequestSchema>;

export const CallListQuerySchema = z.strictObject({
  team: z.string().min(1).max(100).optional(),
  agent: z.string().min(1).max(100).optional(),
  campaign: z.string().min(1).max(100).optional(),
  lead: z.string().min(1).max(100).optional(),
  from: IsoInstantSchema.optional(),
  to: IsoInstantSchema.optional(),
  outcome: CallOutcomeSchema.optional(),
  flag: CallFlagSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type CallListQuery = z.infer<typeof CallListQuerySchema>;

export const CallListResponseSchema = z.strictObject({
  items: z.array(CallSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type CallListResponse = z.infer<typeof CallListResponseSchema>;

/** One event of a call timeline, with when it arrived and where it sits in the ledger. */
export const TimelineEntrySchema = z.strictObject({
  event: ConsentEventSchema,
  receivedAt: IsoInstantSchema,
  ledgerSeq: z.number().int(),
  entryHash: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/**
 * What the SIP edge saw of the call (POST /v1/edge/call-events), beside the desk's times; null when no
 * edge reported on it. `mismatches` is shared/domain/edge-facts `edgeMismatches` (non-empty: the call
 * carries the `edge_mismatch` flag).
 */
export const EdgeCallFactsSchema = z
  .strictObject({
    sipCallId: z.string(),
    startedAt: IsoInstantSchema.nullable(),
    answeredAt: IsoInstantSchema.nullable(),
    endedAt: IsoInstantSchema.nullable(),
    /** The final SIP status of a failed call (e.g. 486), when the edge sent one. */
    sipCode: z.number().int().nullable(),
    reason: z.string().nullable(),
    mismatches: z.array(z.enum(EDGE_MISMATCHES)),
  })
  .meta({ id: 'EdgeCallFacts' });
export type EdgeCallFacts = z.infer<typeof EdgeCallFactsSchema>;

export const CallDetailResponseSchema = z.strictObject({ call: CallSchema, timeline: z.array(TimelineEntrySchema), edge: EdgeCallFactsSchema.nullable() });
export type CallDetailResponse = z.infer<typeof CallDetailResponseSchema>;
