import { z } from 'zod';
import { LocalizedTextSchema } from './locale';

export const PROFILE_IDS = ['KR', 'US'] as const;
export const ProfileIdSchema = z.enum(PROFILE_IDS);
export type ProfileId = z.infer<typeof ProfileIdSchema>;

/** The third-party provision terms currently in force; a grant with another `version` is void (KR-3P). */
export const ProvisionTermsSchema = z.strictObject({
  version: z.string().min(1),
  purpose: z.string().min(1),
  items: z.array(z.string().min(1)).min(1),
  retention: z.string().min(1),
});
export type ProvisionTerms = z.infer<typeof ProvisionTermsSchema>;

/**
 * What is sold, for which seller, called by which company, with which script and profile.
 * The calling company is the seller itself or an agency calling on its behalf; a third-party lead must
 * name the calling company among its recipients (KR-3P).
 */
export const CampaignSchema = z.strictObject({
  id: z.string().min(1),
  name: LocalizedTextSchema,
  sellerCompanyId: z.string().min(1),
  callingCompanyId: z.string().min(1),
  /** What the goods are (KR-ID, US-DISC). */
  product: LocalizedTextSchema,
  /** Why we call (rendered into the script). */
  purpose: LocalizedTextSchema,
  scriptId: z.string().min(1),
  scriptVersion: z.number().int().positive(),
  profile: ProfileIdSchema,
  provisionTerms: ProvisionTermsSchema.optional(),
  /** Overrides the profile's CG-ATTEMPTS limits when set. */
  maxAttemptsPerLeadPerDay: z.number().int().positive().optional(),
  maxAttemptsPerLeadTotal: z.number().int().positive().optional(),
});
export type Campaign = z.infer<typeof CampaignSchema>;
