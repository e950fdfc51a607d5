import { z } from 'zod';
import { CampaignSchema } from '../domain/campaign';
import { ConsentGrantSchema } from '../domain/consent-grant';
import { ConsentRefusalSchema } from '../domain/consent-refusal';
import { LeadSchema } from '../domain/lead';
import { countryOfNumber, tryE164 } from '../domain/phone-number';
import { reason } from './messages';
import { JurisdictionProfileSchema, profileFor, type JurisdictionProfile } from './profiles';
import type { DncLookup, VerdictReason } from './verdict';

const IsoInstantSchema = z.iso.datetime({ offset: true });

/** A DNC lookup: anything with `has(e164)`; a registry snapshot date, when present, must be an ISO instant. */
export const DncLookupSchema = z
  .custom<DncLookup>((v) => typeof v === 'object' && v !== null && typeof (v as { has?: unknown }).has === 'function', {
    message: 'expected a DNC lookup with has(e164)',
  })
  .superRefine((v, ctx) => {
    if (v.snapshotTakenAt !== undefined && !IsoInstantSchema.safeParse(v.snapshotTakenAt).success) {
      ctx.addIssue({ code: 'custom', path: ['snapshotTakenAt'], message: 'expected an ISO instant' });
    }
  });

/** One earlier attempt; extra fields (outcome, ids) of the caller's records are ignored. */
export const AttemptRecordSchema = z.object({
  leadId: z.string().min(1),
  campaignId: z.string().min(1),
  at: IsoInstantSchema,
});

/** The gate's input as a zod schema, built from the domain schemas (lead, grants, campaign). */
export const GateInputSchema = z.object({
  lead: LeadSchema,
  grants: z.array(ConsentGrantSchema),
  /** The person's "no" answers to consent questions (never a consent; each withdraws earlier grants). */
  refusals: z.array(ConsentRefusalSchema).default([]),
  campaign: CampaignSchema,
  nationalDnc: DncLookupSchema.optional(),
  internalDnc: DncLookupSchema,
  attempts: z.array(AttemptRecordSchema),
  now: z.date({ message: 'expected a valid Date' }),
});
/** The gate input after validation (defaults of the domain schemas filled in). */
export type ParsedGateInput = z.infer<typeof GateInputSchema>;

/** Thrown when a profile passed to the gate is not a valid profile: configuration, not input data. */
export class GateProfileError extends Error {
  override readonly name = 'GateProfileError';
}

/** The outcome of {@link checkGateInput}: the parsed input and the profile to apply, or CG-INPUT reasons. */
export type CheckedGateInput =
  | { readonly ok: true; readonly input: ParsedGateInput; readonly profile: JurisdictionProfile }
  | { readonly ok: false; readonly reasons: readonly VerdictReason[] };

// Profiles are usually the frozen built-ins; each distinct custom object is validated once.
const validProfiles = new WeakSet<object>();

/**
 * Validates everything the gate reads, reporting every problem as a `CG-INPUT` reason naming its JSON
 * path: the zod schemas of shared/domain, then what a schema alone cannot see (a number libphonenumber
 * rejects, a number of a country the profile does not cover, a lead of another campaign, grants or attempts of another lead, a profile other than the
 * campaign's). Throws {@link GateProfileError} for a malformed profile object.
 */
export function checkGateInput(raw: unknown, profile?: JurisdictionProfile): CheckedGateInput {
  if (profile !== undefined) assertValidProfile(profile);
  const parsed = GateInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reasons: distinct(parsed.error.issues.map(issueReason)) };

  const input = parsed.data;
  const reasons: VerdictReason[] = [];
  const applied = profile ?? profileFor(input.campaign.profile);
  // The campaign's profile decides which numbers it may call (a mismatched profile is reported below).
  const own = applied.id === input.campaign.profile ? applied : profileFor(input.campaign.profile);
  if (tryE164(input.lead.phoneE164) !== input.lead.phoneE164) {
    reasons.push(reason('CG-INPUT', 'invalid-number', { path: 'lead.phoneE164' }));
  } else {
    const country = countryOfNumber(input.lead.phoneE164);
    if (country === undefined || !own.countries.includes(country)) {
      reasons.push(reason('CG-INPUT', 'country-not-covered', { path: 'lead.phoneE164', country: country ?? '?', profile: own.id, covered: own.countries }));
    }
  }
  if (input.lead.campaignId !== input.campaign.id) reasons.push(reason('CG-INPUT', 'lead-campaign-mismatch'));
  input.grants.forEach((g, i) => {
    if (g.leadId !== input.lead.id) reasons.push(reason('CG-INPUT', 'grant-lead-mismatch', { path: `grants[${i}].leadId` }));
  });
  input.refusals.forEach((r, i) => {
    if (r.leadId !== input.lead.id) reasons.push(reason('CG-INPUT', 'refusal-lead-mismatch', { path: `refusals[${i}].leadId` }));
  });
  input.attempts.forEach((a, i) => {
    if (a.leadId !== input.lead.id) reasons.push(reason('CG-INPUT', 'attempt-lead-mismatch', { path: `attempts[${i}].leadId` }));
  });
  if (profile !== undefined && profile.id !== input.campaign.profile) {
    reasons.push(reason('CG-INPUT', 'profile-mismatch', { campaignProfile: input.campaign.profile, profile: profile.id }));
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, input, profile: applied };
}

/** One reason per (detail, path): zod can report one field twice (an empty time zone is both too short and unknown). */
function distinct(reasons: readonly VerdictReason[]): VerdictReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.detail}|${r.path ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function assertValidProfile(profile: JurisdictionProfile): void {
  if (validProfiles.has(profile)) return;
  const r = JurisdictionProfileSchema.safeParse(profile);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${jsonPath(i.path) || '(profile)'}: ${i.message}`).join('; ');
    throw new GateProfileError(`invalid jurisdiction profile: ${problems}`);
  }
  validProfiles.add(profile);
}

function issueReason(issue: z.core.$ZodIssue): VerdictReason {
  const path = jsonPath(issue.path) || '(input)';
  if (path === 'lead.phoneE164') return reason('CG-INPUT', 'invalid-number', { path });
  if (path === 'lead.timeZone' && issue.code !== 'invalid_type') return reason('CG-INPUT', 'invalid-time-zone', { path });
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  return reason('CG-INPUT', 'invalid-input', { path, problem: `${issue.message}${keys}` });
}

/** `['grants', 0, 'kind']` -> `grants[0].kind`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
