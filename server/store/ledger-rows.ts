import type { LedgerEntryKind } from '../../shared/api/ledger';
import { text } from './rows';
import type { Row } from './sql';

/** The fields of a ledger entry, read from a row with the ledger's columns (seq aside: queries name it differently). */
export interface LedgerEntryFields {
  readonly kind: LedgerEntryKind;
  readonly refId: string;
  readonly payload: string;
  readonly payloadSha256: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly recordedAt: string;
}

/** Reads the ledger columns (kind, ref_id, payload, payload_sha256, prev_hash, hash, recorded_at) of `r`. */
export function ledgerEntryFields(r: Row): LedgerEntryFields {
  return {
    kind: text(r, 'kind') as LedgerEntryKind,
    refId: text(r, 'ref_id'),
    payload: text(r, 'payload'),
    payloadSha256: text(r, 'payload_sha256'),
    prevHash: text(r, 'prev_hash'),
    hash: text(r, 'hash'),
    recordedAt: text(r, 'recorded_at'),
  };
}
