import { z } from 'zod';
import { ConsentGrantSchema, ConsentKindSchema } from '../domain/consent-grant';
import { ConsentRefusalSchema } from '../domain/consent-refusal';
import { SpokenLocaleSchema } from '../domain/locale';
import { LeadSchema } from '../domain/lead';
import { CallSchema, TimelineEntrySchema } from './calls';
import { IsoInstantSchema, VerdictReasonSchema } from './common';
import { LedgerLinkSchema } from './ledger';

/** `GET /v1/leads/{id}/evidence?reason=...`: the reason is written to the access log (KR-ACCESS). */
export const EvidenceQuerySchema = z.strictObject({ reason: z.string().min(3).max(500) });
export type EvidenceQuery = z.infer<typeof EvidenceQuerySchema>;

export const EvidenceDialAttemptSchema = z.strictObject({
  attemptId: z.string(),
  agentId: z.string(),
  at: IsoInstantSchema,
  allowed: z.boolean(),
  reasons: z.array(VerdictReasonSchema),
});

export const EvidenceOptOutSchema = z.strictObject({
  id: z.string(),
  at: IsoInstantSchema,
  channel: z.string(),
  callId: z.string().nullable(),
  eventId: z.string().nullable(),
  withdrawnGrantIds: z.array(z.string()),
  noticeDueBy: IsoInstantSchema,
});

/**
 * EU-ART7 proof of one consent answer: who consented (and who asked), what text (the exact text read,
 * its SHA-256, the script id + version and step), when (UTC and the callee's zone), how (the channel:
 * oral during a recorded call, or imported with the campaign's proof reference), and whether the
 * withdrawal was explained (in the consent text itself or earlier in the same call) and used.
 */
export const EvidenceConsentProofSchema = z.strictObject({
  consentKind: ConsentKindSchema,
  result: z.enum(['granted', 'refused']),
  who: z.strictObject({ leadId: z.string(), name: z.string(), agentId: z.string().nullable() }),
  /** The exact text read; null for a consent imported with the lead (its text is behind `how.evidenceRef`). */
  what: z
    .strictObject({ text: z.string(), sha256: z.string(), scriptId: z.string(), scriptVersion: z.number().int(), stepId: z.string(), locale: SpokenLocaleSchema })
    .nullable(),
  when: z.strictObject({ at: IsoInstantSchema, calleeTimeZone: z.string() }),
  how: z.strictObject({
    channel: z.enum(['oral_in_call', 'imported']),
    callId: z.string().nullable(),
    sipCallId: z.string().nullable(),
    eventId: z.string().nullable(),
    ledgerSeq: z.number().int().nullable(),
    evidenceRef: z.string().nullable(),
  }),
  withdrawal: z.strictObject({
    /** True when the text read explained the withdrawal; null when Callgate did not hold the text (imported). */
    explained: z.boolean().nullable(),
    /** Where: the consent question itself, or an earlier text of the same call (its event id). */
    where: z.enum(['consent_text', 'earlier_in_call']).nullable(),
    explainedInEventId: z.string().nullable(),
    /** When the person withdrew (an opt-out after this answer, or the grant's withdrawal). */
    withdrawnAt: IsoInstantSchema.nullable(),
  }),
});
export type EvidenceConsentProof = z.infer<typeof EvidenceConsentProofSchema>;

/**
 * Everything held about one person, for the person or a regulator: the lead (with its E.164 number),
 * grants, refusals, dial attempts, calls, every consent event with the exact text shown and its SHA-256, opt-outs,
 * and the ledger entries that cover them with the chain head, so the bundle can be checked on its own.
 */
export const EvidenceBundleSchema = z
  .strictObject({
    generatedAt: IsoInstantSchema,
    generatedBy: z.string(),
    reason: z.string(),
    lead: LeadSchema,
    /** Consents given (imported or recorded); never a refusal (decision 0054). */
    grants: z.array(ConsentGrantSchema),
    /** Each "no" to a consent question in a call, with the grants it withdrew; `form: legacy_grant` for one recorded in the old form. */
    refusals: z.array(ConsentRefusalSchema),
    dialAttempts: z.array(EvidenceDialAttemptSchema),
    calls: z.array(CallSchema),
    events: z.array(TimelineEntrySchema),
    optOuts: z.array(EvidenceOptOutSchema),
    /** EU-ART7: each consent answer and imported consent, provable on its own (see EvidenceConsentProofSchema). */
    consentProofs: z.array(EvidenceConsentProofSchema),
    chainProof: z.strictObject({
      /** Ledger entries of this person, with their links (payloads are the events above). */
      entries: z.array(LedgerLinkSchema),
      /** The ledger head when the bundle was made; publish or compare it to anchor the chain. */
      head: z.strictObject({ seq: z.number().int(), hash: z.string() }).nullable(),
      /** Whether each of these entries still matches its payload and hash (the whole chain: GET /v1/ledger/verify). */
      entriesVerified: z.boolean(),
      algorithm: z.string(),
    }),
  })
  .meta({ id: 'EvidenceBundle' });
export type EvidenceBundle = z.infer<typeof EvidenceBundleSchema>;
