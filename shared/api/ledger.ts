import { z } from 'zod';
import { IsoInstantSchema } from './common';

/**
 * What the ledger records: consent events, opt-outs (with the grants they withdrew), dial attempts, call
 * recordings (hash and time range of the stored audio) and their deletion at the end of retention, and
 * notices sent to a person (KR-WITHDRAW's result notice: when, which channel, the hash of the text), and
 * a person's "no" to a consent question in a call (`consent_refused`, with the grants it withdrew; decision 0054).
 */
export const LEDGER_ENTRY_KINDS = ['consent_event', 'opt_out', 'dial_attempt', 'recording', 'recording_deleted', 'notice', 'refused_event', 'consent_refused'] as const;
export const LedgerEntryKindSchema = z.enum(LEDGER_ENTRY_KINDS);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKindSchema>;

/** The hash-chain fields of one ledger entry (see server/README.md "Ledger"). */
export const LedgerLinkSchema = z.strictObject({
  seq: z.number().int(),
  kind: LedgerEntryKindSchema,
  refId: z.string(),
  payloadSha256: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  recordedAt: IsoInstantSchema,
});
export type LedgerLink = z.infer<typeof LedgerLinkSchema>;

/** How the first bad entry differs from the chain that was written. */
export const LEDGER_BREAKS = ['changed', 'removed', 'inserted'] as const;

export const LedgerVerifyResponseSchema = z
  .strictObject({
    ok: z.boolean(),
    entries: z.number().int(),
    head: z.strictObject({ seq: z.number().int(), hash: z.string() }).nullable(),
    firstBroken: z
      .strictObject({ seq: z.number().int(), problem: z.enum(LEDGER_BREAKS), detail: z.string() })
      .nullable(),
    verifiedAt: IsoInstantSchema,
  })
  .meta({ id: 'LedgerVerification' });
export type LedgerVerifyResponse = z.infer<typeof LedgerVerifyResponseSchema>;

/** One signed checkpoint of the ledger head (server/README.md "Ledger anchors"). */
export const LedgerAnchorSchema = z
  .strictObject({
    v: z.literal(1),
    seq: z.number().int(),
    /** The hash of entry `seq` (the head when anchored). */
    head: z.string(),
    at: IsoInstantSchema,
    /** First 16 hex digits of SHA-256 over the signing key's SPKI DER. */
    keyId: z.string(),
    /** Ed25519 over JCS({v, seq, head, at, keyId}), base64. */
    sig: z.string(),
  })
  .meta({ id: 'LedgerAnchor' });
export type LedgerAnchor = z.infer<typeof LedgerAnchorSchema>;

export const LedgerAnchorsQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const LedgerAnchorsResponseSchema = z
  .strictObject({
    publicKey: z.strictObject({ algorithm: z.literal('Ed25519'), keyId: z.string(), spkiPem: z.string() }),
    /** The newest anchors, oldest first. */
    items: z.array(LedgerAnchorSchema),
  })
  .meta({ id: 'LedgerAnchors' });
export type LedgerAnchorsResponse = z.infer<typeof LedgerAnchorsResponseSchema>;
