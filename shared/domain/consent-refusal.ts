import { z } from 'zod';
import { ConsentKindSchema, type ConsentGrant } from './consent-grant';

const isoInstant = z.iso.datetime({ offset: true });

/**
 * How a refusal was recorded (decision 0054):
 * - `refusal`: as a refusal of its own (`consent_refusals`, ledger entry `consent_refused`);
 * - `legacy_grant`: before decision 0054, as a grant withdrawn the moment it was given (a `consent_grants`
 *   row, `legacyGrantId`); the row is kept as it was and read as the refusal it records.
 */
export const REFUSAL_FORMS = ['refusal', 'legacy_grant'] as const;

/**
 * A person's "no" to a consent question in a call (KR-MKT, KR-3P, KR-OPTOUT): never a consent. It names
 * the companies the "no" was said to and withdraws every earlier grant of its kind naming one of them
 * (shared/compliance consentStatus); a later grant counts again.
 */
export const ConsentRefusalSchema = z.strictObject({
  id: z.string().min(1),
  leadId: z.string().min(1),
  kind: ConsentKindSchema,
  /** The companies the person said no to: the calling company, or for provision every recipient read aloud. */
  recipients: z.array(z.string().min(1)).min(1),
  refusedAt: isoInstant,
  /** The call and its consent event (the "no" answer, in the ledger) the refusal was recorded from. */
  callId: z.string().min(1),
  eventId: z.string().min(1),
  /** The earlier grants this refusal withdrew (empty when none was active, and for the old form). */
  withdrawnGrantIds: z.array(z.string().min(1)),
  form: z.enum(REFUSAL_FORMS),
  /** The `consent_grants` row of a refusal recorded in the old form. */
  legacyGrantId: z.string().min(1).optional(),
});
export type ConsentRefusal = z.infer<typeof ConsentRefusalSchema>;

const LEGACY_EVIDENCE_PREFIX = 'consent-event:';
const LEGACY_PURPOSE = /^refused in call (.+)$/;

/**
 * The refusal an old-form row records, or undefined for a real grant. The old form (before decision
 * 0054) is recognised by all of its marks together: evidence `consent-event:<eventId>`, purpose
 * `refused in call <callId>`, and withdrawn at the instant it was granted.
 */
export function legacyRefusalOf(g: ConsentGrant): ConsentRefusal | undefined {
  if (!g.evidenceRef.startsWith(LEGACY_EVIDENCE_PREFIX) || g.withdrawnAt === undefined || Date.parse(g.withdrawnAt) !== Date.parse(g.grantedAt)) return undefined;
  const callId = LEGACY_PURPOSE.exec(g.purpose)?.[1];
  const eventId = g.evidenceRef.slice(LEGACY_EVIDENCE_PREFIX.length);
  if (callId === undefined || eventId === '') return undefined;
  return {
    id: g.id,
    leadId: g.leadId,
    kind: g.kind,
    recipients: [...g.recipients],
    refusedAt: g.grantedAt,
    callId,
    eventId,
    withdrawnGrantIds: [],
    form: 'legacy_grant',
    legacyGrantId: g.id,
  };
}

/** A person's consent records split: real grants, and refusals (old-form rows read as refusals, then `refusals`), oldest first. */
export function splitConsentRecords(
  rows: readonly ConsentGrant[],
  refusals: readonly ConsentRefusal[],
): { grants: ConsentGrant[]; refusals: ConsentRefusal[] } {
  const grants: ConsentGrant[] = [];
  const all: ConsentRefusal[] = [];
  for (const g of rows) {
    const legacy = legacyRefusalOf(g);
    if (legacy) all.push(legacy);
    else grants.push(g);
  }
  all.push(...refusals);
  return { grants, refusals: all.sort((a, b) => Date.parse(a.refusedAt) - Date.parse(b.refusedAt) || a.id.localeCompare(b.id)) };
}
