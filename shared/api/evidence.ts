import { z } from 'zod';
import { ConsentGrantSchema } from '../domain/consent-grant';
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
 * Everything held about one person, for the person or a regulator: the lead (with its E.164 number),
 * grants, dial attempts, calls, every consent event with the exact text shown and its SHA-256, opt-outs,
 * and the ledger entries that cover them with the chain head, so the bundle can be checked on its own.
 */
export const EvidenceBundleSchema = z
  .strictObject({
    generatedAt: IsoInstantSchema,
    generatedBy: z.string(),
    reason: z.string(),
    lead: LeadSchema,
    grants: z.array(ConsentGrantSchema),
    dialAttempts: z.array(EvidenceDialAttemptSchema),
    calls: z.array(CallSchema),
    events: z.array(TimelineEntrySchema),
    optOuts: z.array(EvidenceOptOutSchema),
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
