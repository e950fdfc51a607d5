import { z } from 'zod';
import { CallFlagSchema } from './calls';
import { IsoInstantSchema } from './common';
import { CallOutcomeSchema } from '../domain/consent-event';
import { isKnownTimeZone } from '../domain/time-zone';

/** The longest period the review aggregates accept (a year and a day, so a leap year fits). */
export const REVIEW_MAX_PERIOD_DAYS = 366;

const Ref = z.string().min(1).max(100);

/** An IANA zone for day buckets and local times (`Asia/Seoul`); the lead's own zone in the workspace. */
export const ReviewTimeZoneSchema = z.string().min(1).max(64).refine(isKnownTimeZone, { message: 'unknown IANA time zone' });

/**
 * Who and when a review question is about. A team lead is always held to their own team (another
 * `team` is 403); an admin sees every team unless `team` narrows it. `from` is inclusive, `to`
 * exclusive; without them the last 30 days up to now.
 */
export const ReviewScopeFields = {
  team: Ref.optional(),
  agent: Ref.optional(),
  campaign: Ref.optional(),
  from: IsoInstantSchema.optional(),
  to: IsoInstantSchema.optional(),
};

/** `from` before `to`, and not further apart than REVIEW_MAX_PERIOD_DAYS. */
export function checkPeriod(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.from === undefined || v.to === undefined) return;
  const span = Date.parse(v.to) - Date.parse(v.from);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (span > REVIEW_MAX_PERIOD_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may span at most ${REVIEW_MAX_PERIOD_DAYS} days` });
}

/** The call filters of the review table and its CSV export (the `GET /v1/calls` filters, `lead` by prefix). */
export const ReviewCallFilterFields = {
  ...ReviewScopeFields,
  outcome: CallOutcomeSchema.optional(),
  flag: CallFlagSchema.optional(),
  /** A lead id or its beginning (at least 3 characters). */
  lead: z.string().min(3).max(100).optional(),
};

/**
 * Sort orders of the review table: a field, `-` for descending. Ties are broken by call id; `agent`
 * orders agents by name and each agent's calls newest first.
 */
export const REVIEW_SORTS = ['-startedAt', 'startedAt', '-durationSec', 'durationSec', 'agent', '-agent', 'outcome', '-outcome'] as const;
export const ReviewSortSchema = z.enum(REVIEW_SORTS);
export type ReviewSort = z.infer<typeof ReviewSortSchema>;

export const ReviewCallFilterSchema = z.strictObject(ReviewCallFilterFields).superRefine(checkPeriod);
export type ReviewCallFilter = z.infer<typeof ReviewCallFilterSchema>;
