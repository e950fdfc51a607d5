import { z } from 'zod';
import { E164Schema } from './phone-number';
import { TimeZoneSchema } from './time-zone';

const isoInstant = z.iso.datetime({ offset: true });

/**
 * Where the number came from (KR-SOURCE must be said aloud; KR-3P decides if it may be called).
 * - own_customer: the company's own customer; `lastTransactionAt` + `sameKindOfGoods` enable the
 *   6-month exception of KR-CONSENT.
 * - third_party: obtained from a provider company under a third-party-provision consent.
 */
export const LeadSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('own_customer'),
    /** How the relationship started, read aloud: "our online store, March 2025". */
    description: z.string().min(1),
    lastTransactionAt: isoInstant.optional(),
    sameKindOfGoods: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('third_party'),
    providerCompanyId: z.string().min(1),
    providerName: z.string().min(1),
    /** When the person consented to the provision, and the provider's reference for it. */
    consentDate: isoInstant,
    reference: z.string().min(1),
    description: z.string().min(1),
  }),
]);
export type LeadSource = z.infer<typeof LeadSourceSchema>;

/** US established business relationship (US-NDNC exception): 18 months after purchase, 3 after inquiry. */
export const BusinessRelationshipSchema = z.strictObject({
  lastPurchaseAt: isoInstant.optional(),
  lastInquiryAt: isoInstant.optional(),
  /** Set when the person asked this company not to call: ends any EBR (US-IDNC). */
  endedAt: isoInstant.optional(),
});
export type BusinessRelationship = z.infer<typeof BusinessRelationshipSchema>;

/** A person to call, as the server holds it (with the E.164 number). */
export const LeadSchema = z.strictObject({
  id: z.string().min(1),
  campaignId: z.string().min(1),
  name: z.string().min(1),
  phoneE164: E164Schema,
  timeZone: TimeZoneSchema,
  /**
   * Every zone the number may be in, when the number does not settle it (a ported mobile, an area code
   * that crosses zones); the gate then applies the calling window in each of them (the most restrictive).
   */
  candidateTimeZones: z.array(TimeZoneSchema).max(12).optional(),
  /** The subdivision the number belongs to, ISO 3166-2 (`US-CA`), when the number tells it (per-state rules). */
  region: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'expected an ISO 3166-2 code like US-CA').optional(),
  source: LeadSourceSchema,
  businessRelationship: BusinessRelationshipSchema.optional(),
});
export type Lead = z.infer<typeof LeadSchema>;

/** What the desktop receives: the number masked, never in clear (DEVELOPERS.md "Personal data"). */
export const LeadViewSchema = LeadSchema.omit({ phoneE164: true }).extend({ maskedNumber: z.string().min(1) });
export type LeadView = z.infer<typeof LeadViewSchema>;
