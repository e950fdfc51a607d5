import { z } from 'zod';
import { CampaignSchema } from '../domain/campaign';
import { CompanySchema } from '../domain/company';
import { ConsentGrantSchema } from '../domain/consent-grant';
import { LeadViewSchema } from '../domain/lead';
import { VerdictSchema } from './common';

export const CampaignListResponseSchema = z.strictObject({
  campaigns: z.array(CampaignSchema),
  /** The seller and calling companies the campaigns name (for script rendering). */
  companies: z.array(CompanySchema),
});
export type CampaignListResponse = z.infer<typeof CampaignListResponseSchema>;

/** What the desk shows for one lead: masked lead, its grants, the verdict now, internal DNC state. */
export const LeadCardSchema = z
  .strictObject({
    lead: LeadViewSchema,
    grants: z.array(ConsentGrantSchema),
    verdict: VerdictSchema,
    onInternalDnc: z.boolean(),
  })
  .meta({ id: 'LeadCard' });
export type LeadCard = z.infer<typeof LeadCardSchema>;

/** `POST /v1/campaigns/{id}/next-lead`: optionally ask for one lead (a scheduled callback). */
export const NextLeadRequestSchema = z.strictObject({ leadId: z.string().min(1).max(100).optional() });
export type NextLeadRequest = z.infer<typeof NextLeadRequestSchema>;

/** `next` is null when the campaign has no lead left to offer. */
export const NextLeadResponseSchema = z.strictObject({ next: LeadCardSchema.nullable() });
export type NextLeadResponse = z.infer<typeof NextLeadResponseSchema>;
