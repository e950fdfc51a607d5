import { z } from 'zod';
import { IsoInstantSchema } from './common';
import { checkPeriod, ReviewScopeFields } from './review-filter';
import { ReviewPeriodSchema } from './review-kpis';
import { ConsentKindSchema } from '../domain/consent-grant';

/** `GET /v1/review/compliance`: the scope fields (period, team, agent, campaign). */
export const ReviewComplianceQuerySchema = z.strictObject(ReviewScopeFields).superRefine(checkPeriod);
export type ReviewComplianceQuery = z.infer<typeof ReviewComplianceQuerySchema>;

const Count = z.number().int().nonnegative();
const CallRef = z.strictObject({ callId: z.string(), agentId: z.string(), agentName: z.string(), leadId: z.string(), startedAt: IsoInstantSchema });

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
    /** Opt-outs recorded in the period and whether the number is on the internal do-not-call list. */
    optOuts: z.strictObject({
      count: Count,
      unconfirmed: Count,
      items: z.array(
        z.strictObject({
          optOutId: z.string(),
          leadId: z.string(),
          at: IsoInstantSchema,
          channel: z.string(),
          callId: z.string().nullable(),
          withdrawnGrants: Count,
          dncListedAt: IsoInstantSchema.nullable(),
        }),
      ),
    }),
    /** KR-RECONF: consents of people this scope has called, due for re-confirmation within 30 days or overdue. */
    reconfirmationDue: z.strictObject({
      dueBefore: IsoInstantSchema,
      count: Count,
      overdue: Count,
      items: z.array(
        z.strictObject({ grantId: z.string(), leadId: z.string(), campaignId: z.string(), kind: ConsentKindSchema, dueAt: IsoInstantSchema, overdue: z.boolean() }),
      ),
    }),
    /**
     * KR-WITHDRAW: notices of the result owed to people who withdrew (14 days), with deadlines from the
     * period's start on. Callgate does not record the sending of a notice: `overdue` means the deadline
     * has passed and the notice must be confirmed sent.
     */
    withdrawalNoticesDue: z.strictObject({
      count: Count,
      overdue: Count,
      items: z.array(z.strictObject({ optOutId: z.string(), leadId: z.string(), at: IsoInstantSchema, noticeDueBy: IsoInstantSchema, overdue: z.boolean() })),
    }),
  })
  .meta({ id: 'ReviewCompliance' });
export type ReviewCompliance = z.infer<typeof ReviewComplianceSchema>;
