import { z } from 'zod';
import { ProfileIdSchema, type ProfileId } from '../domain/campaign';
import { ConsentKindSchema } from '../domain/consent-grant';
import { LocalizedTextSchema } from '../domain/locale';
import { DurationSchema } from './duration';
import { deepFreeze } from '../util/deep-freeze';

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM on a 24-hour clock');

/**
 * A jurisdiction profile: the gate rules that apply, as data (../shared/COMPLIANCE.md). The gate is one
 * generic function over this data; a section that is absent is a rule the jurisdiction does not have.
 * Every section names the rule id it reports, so a verdict reason always carries a COMPLIANCE.md id.
 */
export const JurisdictionProfileSchema = z.strictObject({
  id: ProfileIdSchema,
  name: LocalizedTextSchema,
  /**
   * The countries (ISO 3166-1 alpha-2, as libphonenumber names them) whose numbers the profile covers;
   * a lead whose number belongs to another country is refused (CG-INPUT `country-not-covered`).
   */
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code')).min(1),
  /**
   * Calls only in [from, until) of the callee's local wall-clock time (KR-NIGHT, US-HOURS), in every
   * zone the number may be in. Absent where the law sets no hours.
   */
  callingWindow: z
    .strictObject({
      ruleId: z.enum(['KR-NIGHT', 'US-HOURS']),
      from: TimeOfDaySchema,
      until: TimeOfDaySchema,
      /** A consent kind that lifts the window (KR: the separate night-call consent). */
      exemptingConsent: ConsentKindSchema.optional(),
    })
    .refine((w) => w.from < w.until, { message: '`from` must be before `until` (a window within one day)' })
    .optional(),
  /** Prior consent to advertising calls from the calling company (KR-CONSENT, DE-CONSENT). */
  consent: z
    .strictObject({
      ruleId: z.enum(['KR-CONSENT', 'DE-CONSENT']),
      kind: ConsentKindSchema,
      /** Own customer, same kind of goods, within this period of the last transaction: no consent needed. */
      ownCustomerException: z.strictObject({ within: DurationSchema }).optional(),
    })
    .optional(),
  /** Consent older than `maxAge` since grant or last re-confirmation counts as not confirmed (KR-RECONF). */
  reconfirmation: z
    .strictObject({ ruleId: z.literal('KR-RECONF'), maxAge: DurationSchema, kinds: z.array(ConsentKindSchema).min(1) })
    .optional(),
  /**
   * A lead from another company needs a provision consent naming the calling company, under the terms
   * in force: purpose, items and retention as well as the version (KR-3P). With `saleRecipients`, a
   * campaign whose calling company is not the seller must say who receives the data on a sale.
   */
  thirdPartyProvision: z.strictObject({ ruleId: z.literal('KR-3P'), kind: ConsentKindSchema, saleRecipients: z.boolean() }).optional(),
  /** The national do-not-call registry (KR-DNC, US-NDNC, UK-TPS); absent where none is binding (DE). */
  nationalDnc: z.strictObject({
    ruleId: z.enum(['KR-DNC', 'US-NDNC', 'UK-TPS']),
    /** A snapshot older than this (or none) stops dialing for the whole campaign. */
    maxSnapshotAge: DurationSchema,
    /** Established business relationship exception (US: 18 months after purchase, 3 after inquiry). */
    businessRelationship: z.strictObject({ afterPurchase: DurationSchema, afterInquiry: DurationSchema }).optional(),
    /**
     * A consent kind naming the calling company that lets a listed number be called (US: signed written
     * consent; UK: the person told this caller they do not object to its calls).
     */
    writtenConsent: ConsentKindSchema.optional(),
  })
    .optional(),
  /** The company's own do-not-call list (KR-DNC, US-IDNC, UK-TPS, DE-CONSENT). */
  internalDnc: z.strictObject({
    ruleId: z.enum(['KR-DNC', 'US-IDNC', 'UK-TPS', 'DE-CONSENT']),
    /** A do-not-call request recorded on the lead (`businessRelationship.endedAt`) refuses like a listing. */
    recordedRequestRefuses: z.boolean(),
  }),
  /** Attempts per lead per (callee-local) day and per campaign (CG-ATTEMPTS; campaigns may override). */
  attempts: z.strictObject({
    ruleId: z.literal('CG-ATTEMPTS'),
    perLeadPerDay: z.number().int().positive(),
    perLeadPerCampaign: z.number().int().positive(),
  }),
});
/** A jurisdiction profile (see {@link JurisdictionProfileSchema}). */
export type JurisdictionProfile = z.infer<typeof JurisdictionProfileSchema>;

/**
 * South Korea, the default profile. Art. 50 of the Information and Communications Network Act (consent,
 * night hours, 2-year re-confirmation), PIPA art. 17(2) (third-party provision), monthly DNC scrub.
 * CG-ATTEMPTS limits are house policy, not statute.
 */
export const KR_PROFILE: JurisdictionProfile = deepFreeze(
  JurisdictionProfileSchema.parse({
    id: 'KR',
    name: { ko: '대한민국', en: 'South Korea' },
    countries: ['KR'],
    callingWindow: { ruleId: 'KR-NIGHT', from: '08:00', until: '21:00', exemptingConsent: 'night_call' },
    consent: { ruleId: 'KR-CONSENT', kind: 'marketing_call', ownCustomerException: { within: { months: 6 } } },
    reconfirmation: { ruleId: 'KR-RECONF', maxAge: { months: 24 }, kinds: ['marketing_call', 'night_call'] },
    thirdPartyProvision: { ruleId: 'KR-3P', kind: 'third_party_provision', saleRecipients: true },
    nationalDnc: { ruleId: 'KR-DNC', maxSnapshotAge: { days: 31 } },
    internalDnc: { ruleId: 'KR-DNC', recordedRequestRefuses: true },
    attempts: { ruleId: 'CG-ATTEMPTS', perLeadPerDay: 3, perLeadPerCampaign: 10 },
  }),
);

/**
 * United States: TSR 16 CFR 310.4(c) calling hours, National DNC registry with the EBR and written-consent
 * exceptions (snapshot at most 31 days old), company-specific DNC list. CG-ATTEMPTS is house policy.
 */
export const US_PROFILE: JurisdictionProfile = deepFreeze(
  JurisdictionProfileSchema.parse({
    id: 'US',
    name: { ko: '미국', en: 'United States' },
    countries: ['US'],
    callingWindow: { ruleId: 'US-HOURS', from: '08:00', until: '21:00' },
    nationalDnc: {
      ruleId: 'US-NDNC',
      maxSnapshotAge: { days: 31 },
      businessRelationship: { afterPurchase: { months: 18 }, afterInquiry: { months: 3 } },
      writtenConsent: 'written_call',
    },
    internalDnc: { ruleId: 'US-IDNC', recordedRequestRefuses: true },
    attempts: { ruleId: 'CG-ATTEMPTS', perLeadPerDay: 3, perLeadPerCampaign: 10 },
  }),
);

/**
 * United Kingdom: PECR reg. 21 - screen against the TPS/CTPS at most 28 days before the call, unless the
 * person told this caller they do not object (a marketing_call grant naming the calling company); the
 * company's own list. No statutory calling hours. CG-ATTEMPTS is house policy.
 */
export const UK_PROFILE: JurisdictionProfile = deepFreeze(
  JurisdictionProfileSchema.parse({
    id: 'UK',
    name: { ko: '영국', en: 'United Kingdom' },
    countries: ['GB'],
    nationalDnc: { ruleId: 'UK-TPS', maxSnapshotAge: { days: 28 }, writtenConsent: 'marketing_call' },
    internalDnc: { ruleId: 'UK-TPS', recordedRequestRefuses: true },
    attempts: { ruleId: 'CG-ATTEMPTS', perLeadPerDay: 2, perLeadPerCampaign: 8 },
  }),
);

/**
 * Germany: UWG 7(2) Nr. 1 - an advertising call to a consumer needs the person's prior express consent
 * (no own-customer exception); a withdrawal or a request on the company's own list ends it. The Robinson
 * list is voluntary, so there is no registry snapshot to require: the company's own list is the scrub.
 * Proof of consent (UWG 7a, DE-7A) and its retention are record-keeping (server), not a gate rule.
 */
export const DE_PROFILE: JurisdictionProfile = deepFreeze(
  JurisdictionProfileSchema.parse({
    id: 'DE',
    name: { ko: '독일', en: 'Germany', de: 'Deutschland' },
    countries: ['DE'],
    consent: { ruleId: 'DE-CONSENT', kind: 'marketing_call' },
    internalDnc: { ruleId: 'DE-CONSENT', recordedRequestRefuses: true },
    attempts: { ruleId: 'CG-ATTEMPTS', perLeadPerDay: 2, perLeadPerCampaign: 8 },
  }),
);

/** Every built-in profile by id. KR is the default (DESIGN.md). */
export const PROFILES: Readonly<Record<ProfileId, JurisdictionProfile>> = Object.freeze({ KR: KR_PROFILE, US: US_PROFILE, UK: UK_PROFILE, DE: DE_PROFILE });

/** The default profile id. */
export const DEFAULT_PROFILE_ID: ProfileId = 'KR';

/** The built-in profile for an id (a campaign's `profile`). */
export function profileFor(id: ProfileId): JurisdictionProfile {
  return PROFILES[id];
}
