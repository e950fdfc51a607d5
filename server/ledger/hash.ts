import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { LedgerEntryKind } from '../../shared/api/ledger';

/** Hash of the (non-existent) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** Hash algorithm and encoding, stated in evidence bundles so a third party can re-check them. */
export const LEDGER_ALGORITHM = 'sha256 over RFC 8785 (JCS) canonical JSON; hash = H(JCS({v,seq,kind,refId,payloadSha256,prevHash,recordedAt}))';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** RFC 8785 canonical JSON (the `canonicalize` package). */
export function canonicalJson(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new Error('value has no JSON form');
  return out;
}

/** The fields an entry's hash covers. */
export interface EntryLinkFields {
  readonly seq: number;
  readonly kind: LedgerEntryKind;
  readonly refId: string;
  readonly payloadSha256: string;
  readonly prevHash: string;
  readonly recordedAt: string;
}

/** SHA-256 of the canonical encoding of the entry's link fields (format version 1). */
export function entryHash(f: EntryLinkFields): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      seq: f.seq,
      kind: f.kind,
      refId: f.refId,
      payloadSha256: f.payloadSha256,
      prevHash: f.prevHash,
      recordedAt: f.recordedAt,
    }),
  );
}
