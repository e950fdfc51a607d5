import { z } from 'zod';
import { LocalizedTextSchema } from './locale';

/** Jurisdiction profiles: Korea (default), United States, United Kingdom, Germany (../shared/COMPLIANCE.md). */
export const PROFILE_IDS = ['KR', 'US', 'UK', 'DE'] as const;
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
 * One company that receives the person's data when they buy or apply during the call (the seller, when
 * an agency calls on its behalf; a delivery or credit company...), with what the person is told: the
 * purpose, the items and how long it keeps them. Read aloud per recipient by the third-party-provision
 * consent step ({{recipients}}), and stored as given in the grant (KR-3P).
 */
export const ProvisionRecipientSchema = z.strictObject({
  companyId: z.string().min(1),
  /** The recipient's name as read aloud. */
  name: LocalizedTextSchema,
  purpose: LocalizedTextSchema,
  items: z.array(LocalizedTextSchema).min(1),
  retention: LocalizedTextSchema,
});
export type ProvisionRecipient = z.infer<typeof ProvisionRecipientSchema>;

/** The provision a sale or application makes, under a version the grants record (KR-3P). */
export const SaleProvisionSchema = z.strictObject({
  version: z.string().min(1),
  recipients: z.array(ProvisionRecipientSchema).min(1),
});
export type SaleProvision = z.infer<typeof SaleProvisionSchema>;

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
  /**
   * Who receives the person's data on a sale or application. Required (KR-3P) when the calling company
   * is not the seller: the seller then receives data the agency collected.
   */
  saleProvision: SaleProvisionSchema.optional(),
  /** Overrides the profile's CG-ATTEMPTS limits when set. */
  maxAttemptsPerLeadPerDay: z.number().int().positive().optional(),
  maxAttemptsPerLeadTotal: z.number().int().positive().optional(),
});
export type Campaign = z.infer<typeof CampaignSchema>;
