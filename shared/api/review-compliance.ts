import { z } from 'zod';
import { IsoInstantSchema } from './common';
import { checkPeriod, ReviewScopeFields } from './review-filter';
import { ReviewPeriodSchema } from './review-kpis';
import { ConsentKindSchema } from '../domain/consent-grant';

/** `GET /v1/review/compliance`: the scope fields (period, team, agent, campaign). */
export const ReviewComplianceQuerySchema = z.strictObject(ReviewScopeFields).superRefine(checkPeriod);
export type ReviewComplianceQuery = z.infer<typeof ReviewComplianceQuerySchema>;

const Count = z.number().int().nonnegative();
/** Who a row is about, as a lead may see it: the name and the masked number (never the number). */
const Person = { leadId: z.string(), leadName: z.string().nullable(), maskedNumber: z.string().nullable() };
const CallRef = z.strictObject({ callId: z.string(), agentId: z.string(), agentName: z.string(), ...Person, startedAt: IsoInstantSchema });

/**
 * KR-WITHDRAW: where the notice owed to a person who withdrew stands: `sent` (the server sent it and
 * recorded it in the ledger, at `sentAt`), `due` (not sent; the 14 days run until `dueBy`) or `overdue`
 * (not sent and the deadline passed: a review flag). A status of the opt-out, never a second item.
 */
export const WITHDRAWAL_NOTICE_STATES = ['sent', 'due', 'overdue'] as const;
export const WithdrawalNoticeStateSchema = z.enum(WITHDRAWAL_NOTICE_STATES);

/** How many items a list of the compliance report shows at most (the counts are always complete). */
export const COMPLIANCE_LIST_LIMIT = 100;

/**
 * The compliance flags of a period, computed by the server. Lists are the first COMPLIANCE_LIST_LIMIT
 * items, most urgent first; every `count` is complete.
 */
export const ReviewComplianceSchema = z
  .strictObject({
    period: ReviewPeriodSchema,
    generatedAt: IsoInstantSchema,
    /** Events that reached the server later than `lateEventSec` after they happened (outbox backlog). */
    lateEvents: z.strictObject({
      lateEventSec: z.number().int(),
      calls: Count,
      events: Count,
      items: z.array(CallRef.extend({ lateEvents: Count, maxDelaySec: z.number() })),
    }),
    /** Calls where a pitch came before a marketing consent (CG-PITCH-LOCK): zero by construction. */
    pitchWithoutConsent: z.strictObject({ calls: Count, items: z.array(CallRef) }),
    /** Dial attempts the pre-dial gate refused, per reason code (one attempt may have several). */
    gateRefusals: z.strictObject({ attempts: Count, byReason: z.array(z.strictObject({ code: z.string(), count: Count })) }),
    /**
     * Opt-outs, each once, with its do-not-call listing and its withdrawal notice (KR-OPTOUT,
     * KR-WITHDRAW, US-IDNC). `count` and `unconfirmed` are of the opt-outs recorded in the period;
     * the items add earlier opt-outs whose notice deadline falls in the period (a notice still owed),
     * unconfirmed listings first, then overdue notices, then newest. `noticesOverdue` counts the listed
     * opt-outs whose notice deadline has passed.
     */
    optOuts: z.strictObject({
      count: Count,
      unconfirmed: Count,
      noticesOverdue: Count,
      items: z.array(
        z.strictObject({
          optOutId: z.string(),
          ...Person,
          at: IsoInstantSchema,
          channel: z.string(),
          callId: z.string().nullable(),
          withdrawnGrants: Count,
          dncListedAt: IsoInstantSchema.nullable(),
          /** Recorded before the period; listed for its notice. */
          earlier: z.boolean(),
          notice: z.strictObject({ dueBy: IsoInstantSchema, state: WithdrawalNoticeStateSchema, sentAt: IsoInstantSchema.nullable() }),
        }),
      ),
    }),
    /** KR-RECONF: consents of people this scope has called, due for re-confirmation within 30 days or overdue. */
    reconfirmationDue: z.strictObject({
      dueBefore: IsoInstantSchema,
      count: Count,
      overdue: Count,
      items: z.array(
        z.strictObject({ grantId: z.string(), ...Person, campaignId: z.string(), kind: ConsentKindSchema, dueAt: IsoInstantSchema, overdue: z.boolean() }),
      ),
    }),
  })
  .meta({ id: 'ReviewCompliance' });
export type ReviewCompliance = z.infer<typeof ReviewComplianceSchema>;
