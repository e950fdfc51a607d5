import { z } from 'zod';
import { IsoInstantSchema } from './common';
import { checkPeriod, ReviewScopeFields, ReviewTimeZoneSchema } from './review-filter';

/**
 * `GET /v1/review/kpis`: the scope fields, and the zone whose local days the trend is cut into (the
 * center's zone when absent; another zone is answered exactly but without the rollups, so slower).
 */
export const ReviewKpisQuerySchema = z
  .strictObject({ ...ReviewScopeFields, tz: ReviewTimeZoneSchema.optional() })
  .superRefine(checkPeriod);
export type ReviewKpisQuery = z.infer<typeof ReviewKpisQuerySchema>;

const Count = z.number().int().nonnegative();
/** A share in 0..1, or null when nothing was asked (no division by zero shown as 0 %). */
const Rate = z.number().min(0).max(1).nullable();

/**
 * The figures a team lead reads per agent, team, day and in total. Every count is of calls started in
 * the period, except `lateEvents` (events of those calls that arrived later than the server's limit).
 * - contacts: calls that were answered;
 * - timeAsked / timeYes: calls where the time question (CG-TIME) was answered / answered yes;
 * - consentAsked / consentYes: calls where the marketing consent (KR-MKT) was answered / given;
 * - pitchReached: calls where the pitch was delivered; sales: outcome `sale`;
 * - optOuts: calls with an opt-out; refusals: calls the customer refused to continue;
 * - avgSecondsToConsent: from the answer (or the dial when unanswered) to the consent, over consentYes.
 */
export const KpiSchema = z.strictObject({
  calls: Count,
  contacts: Count,
  timeAsked: Count,
  timeYes: Count,
  timeYesRate: Rate,
  consentAsked: Count,
  consentYes: Count,
  consentRate: Rate,
  pitchReached: Count,
  sales: Count,
  optOuts: Count,
  refusals: Count,
  avgSecondsToConsent: z.number().nonnegative().nullable(),
  lateEvents: Count,
  lateCalls: Count,
});
export type Kpi = z.infer<typeof KpiSchema>;

export const AgentKpiSchema = KpiSchema.extend({ agentId: z.string(), agentName: z.string(), teamId: z.string().nullable() });
export type AgentKpi = z.infer<typeof AgentKpiSchema>;
export const TeamKpiSchema = KpiSchema.extend({ teamId: z.string().nullable(), teamName: z.string().nullable() });
export type TeamKpi = z.infer<typeof TeamKpiSchema>;
/** One local day (`YYYY-MM-DD` in `tz`); every day of the period is listed, quiet days with zeros. */
export const DayKpiSchema = KpiSchema.extend({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export type DayKpi = z.infer<typeof DayKpiSchema>;

export const ReviewPeriodSchema = z.strictObject({ from: IsoInstantSchema, to: IsoInstantSchema, tz: z.string() });
export type ReviewPeriod = z.infer<typeof ReviewPeriodSchema>;

export const ReviewKpisResponseSchema = z
  .strictObject({
    period: ReviewPeriodSchema,
    /** Seconds after which an event counts as delivered late (server setting). */
    lateEventSec: z.number().int(),
    totals: KpiSchema,
    byTeam: z.array(TeamKpiSchema),
    byAgent: z.array(AgentKpiSchema),
    byDay: z.array(DayKpiSchema),
  })
  .meta({ id: 'ReviewKpis' });
export type ReviewKpisResponse = z.infer<typeof ReviewKpisResponseSchema>;
