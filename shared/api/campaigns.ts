import { z } from 'zod';
import { CampaignSchema } from '../domain/campaign';
import { CompanySchema } from '../domain/company';
import { ConsentGrantSchema } from '../domain/consent-grant';
import { ConsentRefusalSchema } from '../domain/consent-refusal';
import { LeadViewSchema } from '../domain/lead';
import { VerdictSchema } from './common';

export const CampaignListResponseSchema = z.strictObject({
  campaigns: z.array(CampaignSchema),
  /** The seller and calling companies the campaigns name (for script rendering). */
  companies: z.array(CompanySchema),
});
export type CampaignListResponse = z.infer<typeof CampaignListResponseSchema>;

/** What the desk shows for one lead: masked lead, its grants and refusals (decision 0054), the verdict now, internal DNC state. */
export const LeadCardSchema = z
  .strictObject({
    lead: LeadViewSchema,
    grants: z.array(ConsentGrantSchema),
    /** Each "no" the person said to a consent question in a call: never a consent. */
    refusals: z.array(ConsentRefusalSchema),
    verdict: VerdictSchema,
    onInternalDnc: z.boolean(),
  })
  .meta({ id: 'LeadCard' });
export type LeadCard = z.infer<typeof LeadCardSchema>;

/** `POST /v1/campaigns/{id}/next-lead`: optionally ask for one lead (a scheduled callback). */
export const NextLeadRequestSchema = z.strictObject({ leadId: z.string().min(1).max(100).optional() });
export type NextLeadRequest = z.infer<typeof NextLeadRequestSchema>;

/**
 * `next` is a lead the gate allows now, or null when none was found. Leads the gate blocks now were
 * passed over (and rotate to the back): `skipped` says how many, and why, by rule id.
 */
export const NextLeadResponseSchema = z.strictObject({
  next: LeadCardSchema.nullable(),
  skipped: z.strictObject({
    count: z.number().int().nonnegative(),
    reasons: z.array(z.strictObject({ code: z.string(), count: z.number().int().positive() })),
  }),
});
export type NextLeadResponse = z.infer<typeof NextLeadResponseSchema>;
