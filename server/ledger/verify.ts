import type { LedgerEntryKind, LedgerVerifyResponse } from '../../shared/api/ledger';
import type { Row, Sql } from '../store/sql';
import { ledgerEntryFields } from '../store/ledger-rows';
import { int, text, textOrNull } from '../store/rows';
import { GENESIS_HASH, entryHash, sha256Hex } from './hash';
import type { RecordingVault } from '../recording/vault';
import { verifyRecordingFiles } from '../recording/verify-files';

type Break = NonNullable<LedgerVerifyResponse['firstBroken']>;

interface Entry {
  seq: number;
  kind: LedgerEntryKind;
  refId: string;
  payload: string;
  payloadSha256: string;
  prevHash: string;
  hash: string;
  recordedAt: string;
  /** The evidence row that points at this entry (null when none does). */
  sourceRef: string | null;
  /** For consent events and refused events: the stored event body, which must hash to the payload's hash. */
  sourceBody: string | null;
}

const PAGE = 5000;

/**
 * Recomputes the whole chain and names the FIRST entry that was changed, removed or inserted:
 * - changed: an entry whose payload or link fields no longer hash to its stored hash, or whose hash was
 *   recomputed but no longer matches what the next entry recorded as `prevHash`, or whose evidence row
 *   (consent event body) no longer matches the payload;
 * - removed: a gap in `seq`, a head beyond the last entry, or evidence pointing at a missing entry;
 * - inserted: an entry no evidence row points at, or one the chain skips (the next entry links to the one
 *   before it).
 * Reads in pages, so it runs over millions of entries in bounded memory. With `recordings`, every stored
 * recording file is also hashed against its ledger entry.
 */
export async function verifyLedger(sql: Sql, now: Date = new Date(), opts: { recordings?: RecordingVault } = {}): Promise<LedgerVerifyResponse> {
  const headRow = await sql.get('SELECT seq, hash FROM ledger_head WHERE id = 1');
  const headSeq = headRow ? int(headRow, 'seq') : 0;
  const result = (entries: number, firstBroken: Break | null, last: Entry | null): LedgerVerifyResponse => ({
    ok: firstBroken === null,
    entries,
    head: last ? { seq: last.seq, hash: last.hash } : null,
    firstBroken,
    verifiedAt: now.toISOString(),
  });

  let expectedSeq = 1;
  let prev: Entry | null = null;
  let beforePrev: Entry | null = null;
  let count = 0;
  for (;;) {
    const page = await readPage(sql, expectedSeq - 1);
    for (const e of page) {
      count += 1;
      const broken = check(e, expectedSeq, prev, beforePrev);
      if (broken) return result(count, broken, prev);
      beforePrev = prev;
      prev = e;
      expectedSeq = e.seq + 1;
    }
    if (page.length < PAGE) break;
  }
  if (headSeq > (prev?.seq ?? 0)) {
    return result(count, { seq: (prev?.seq ?? 0) + 1, problem: 'removed', detail: `the head says ${headSeq} entries; the chain ends at ${prev?.seq ?? 0}` }, prev);
  }
  if (prev && headRow && text(headRow, 'hash') !== prev.hash && headSeq === prev.seq) {
    return result(count, { seq: prev.seq, problem: 'changed', detail: 'the last entry differs from the recorded head' }, prev);
  }
  const orphan = await evidenceWithoutEntry(sql);
  if (orphan) return result(count, orphan, prev);
  // Recordings: each stored file must still be what its ledger entry says (a changed byte is a break).
  const file = opts.recordings ? await verifyRecordingFiles(sql, opts.recordings) : null;
  if (file) return result(count, file, prev);
  return result(count, null, prev);
}

function check(e: Entry, expectedSeq: number, prev: Entry | null, beforePrev: Entry | null): Break | null {
  const expectedPrev = prev ? prev.hash : GENESIS_HASH;
  if (e.seq !== expectedSeq) {
    return { seq: expectedSeq, problem: 'removed', detail: `entry ${expectedSeq} is missing (the next one is ${e.seq})` };
  }
  if (sha256Hex(e.payload) !== e.payloadSha256) {
    return { seq: e.seq, problem: 'changed', detail: 'the payload no longer matches its SHA-256' };
  }
  const recomputed = entryHash(e);
  if (recomputed !== e.hash) {
    return { seq: e.seq, problem: 'changed', detail: 'the entry no longer matches its hash' };
  }
  if (e.prevHash !== expectedPrev) {
    if (prev && e.prevHash === (beforePrev ? beforePrev.hash : GENESIS_HASH)) {
      return { seq: prev.seq, problem: 'inserted', detail: `entry ${prev.seq} is not in the chain: ${e.seq} links to the entry before it` };
    }
    if (prev) return { seq: prev.seq, problem: 'changed', detail: `entry ${prev.seq} differs from what entry ${e.seq} recorded` };
    return { seq: e.seq, problem: 'changed', detail: 'the first entry does not start from the genesis hash' };
  }
  if (e.sourceRef === null) {
    return { seq: e.seq, problem: 'inserted', detail: `no ${e.kind.replace('_', ' ')} record points at this entry` };
  }
  if (e.sourceRef !== e.refId) {
    return { seq: e.seq, problem: 'changed', detail: 'the entry names another record than the one pointing at it' };
  }
  if (e.kind === 'consent_event' && e.sourceBody !== null && sha256Hex(e.sourceBody) !== e.payloadSha256) {
    return { seq: e.seq, problem: 'changed', detail: 'the stored consent event differs from its ledger entry' };
  }
  if (e.kind === 'refused_event' && e.sourceBody !== null && sha256Hex(e.sourceBody) !== e.payloadSha256) {
    return { seq: e.seq, problem: 'changed', detail: 'the stored refused event differs from its ledger entry' };
  }
  if (e.kind === 'consent_refused' && e.sourceBody !== null && sha256Hex(e.sourceBody) !== e.payloadSha256) {
    return { seq: e.seq, problem: 'changed', detail: 'the stored consent refusal differs from its ledger entry' };
  }
  return null;
}

async function readPage(sql: Sql, afterSeq: number): Promise<Entry[]> {
  const rows = await sql.all(
    `SELECT l.seq, l.kind, l.ref_id, l.payload, l.payload_sha256, l.prev_hash, l.hash, l.recorded_at,
            COALESCE(ce.event_id, da.id, oo.id, rs.id, rd.id, nt.id, re.event_id, cr.id) AS source_ref, COALESCE(ce.body, re.body, cr.body) AS source_body
       FROM ledger l
       LEFT JOIN consent_events ce ON l.kind = 'consent_event' AND ce.ledger_seq = l.seq
       LEFT JOIN dial_attempts da ON l.kind = 'dial_attempt' AND da.ledger_seq = l.seq
       LEFT JOIN opt_outs oo ON l.kind = 'opt_out' AND oo.ledger_seq = l.seq
       LEFT JOIN recordings rs ON l.kind = 'recording' AND rs.ledger_seq = l.seq
       LEFT JOIN recordings rd ON l.kind = 'recording_deleted' AND rd.deletion_ledger_seq = l.seq
       LEFT JOIN notices nt ON l.kind = 'notice' AND nt.ledger_seq = l.seq
       LEFT JOIN refused_events re ON l.kind = 'refused_event' AND re.ledger_seq = l.seq
       LEFT JOIN consent_refusals cr ON l.kind = 'consent_refused' AND cr.ledger_seq = l.seq
      WHERE l.seq > ?
      ORDER BY l.seq
      LIMIT ${PAGE}`,
    [afterSeq],
  );
  return rows.map(toEntry);
}

function toEntry(r: Row): Entry {
  return {
    seq: int(r, 'seq'),
    ...ledgerEntryFields(r),
    sourceRef: textOrNull(r, 'source_ref'),
    sourceBody: textOrNull(r, 'source_body'),
  };
}

/** Evidence rows whose ledger entry is gone (a removed entry the seq gap check cannot see: the tail). */
async function evidenceWithoutEntry(sql: Sql): Promise<Break | null> {
  const row = await sql.get(
    `SELECT MIN(s) AS seq FROM (
       SELECT ce.ledger_seq AS s FROM consent_events ce LEFT JOIN ledger l ON l.seq = ce.ledger_seq WHERE l.seq IS NULL
       UNION ALL SELECT da.ledger_seq FROM dial_attempts da LEFT JOIN ledger l ON l.seq = da.ledger_seq WHERE l.seq IS NULL
       UNION ALL SELECT oo.ledger_seq FROM opt_outs oo LEFT JOIN ledger l ON l.seq = oo.ledger_seq WHERE l.seq IS NULL
       UNION ALL SELECT r.ledger_seq FROM recordings r LEFT JOIN ledger l ON l.seq = r.ledger_seq WHERE r.ledger_seq IS NOT NULL AND l.seq IS NULL
       UNION ALL SELECT r.deletion_ledger_seq FROM recordings r LEFT JOIN ledger l ON l.seq = r.deletion_ledger_seq WHERE r.deletion_ledger_seq IS NOT NULL AND l.seq IS NULL
       UNION ALL SELECT nt.ledger_seq FROM notices nt LEFT JOIN ledger l ON l.seq = nt.ledger_seq WHERE l.seq IS NULL
       UNION ALL SELECT re.ledger_seq FROM refused_events re LEFT JOIN ledger l ON l.seq = re.ledger_seq WHERE l.seq IS NULL
       UNION ALL SELECT cr.ledger_seq FROM consent_refusals cr LEFT JOIN ledger l ON l.seq = cr.ledger_seq WHERE l.seq IS NULL
     ) missing`,
  );
  const seq = row ? row['seq'] : null;
  if (seq === null || seq === undefined) return null;
  return { seq: Number(seq), problem: 'removed', detail: `evidence points at entry ${String(seq)}, which is gone` };
}

/** What the anchors say about the chain in the database. */
export interface AnchorVerification {
  readonly ok: boolean;
  /** Anchors whose signature checked out with the given key. */
  readonly anchors: number;
  /** Log lines that are not anchors or whose signature does not check out with the key (never trusted). */
  readonly rejected: number;
  /** The newest anchor the chain still agrees with. */
  readonly lastAgreeing: { seq: number; at: string } | null;
  /**
   * - `missing`: the chain ends before an anchored entry: entries `fromSeq..toSeq` (at least) are gone;
   * - `rewritten`: an anchored entry's hash differs: the chain was rewritten in `fromSeq..toSeq` (after
   *   the last anchor that agrees, up to the first that does not).
   */
  readonly problem: { kind: 'missing' | 'rewritten'; fromSeq: number; toSeq: number; detail: string } | null;
}

/**
 * Checks the chain against anchors kept outside the database (`ledger:verify --anchors`): each anchored
 * entry must still exist with the anchored hash. Catches what the chain alone cannot: a truncated tail
 * (entries, head and the evidence pointing at them deleted) and a chain rewritten with every hash
 * recomputed. Only anchors signed by `publicKey` count.
 */
export async function verifyAgainstAnchors(
  sql: Sql,
  anchors: readonly { seq: number; head: string; at: string; keyId: string; sig: string; v: 1 }[],
  isGenuine: (a: { seq: number; head: string; at: string; keyId: string; sig: string; v: 1 }) => boolean,
): Promise<AnchorVerification> {
  const genuine = anchors.filter(isGenuine).sort((a, b) => a.seq - b.seq);
  const rejected = anchors.length - genuine.length;
  const maxRow = await sql.get('SELECT MAX(seq) AS seq FROM ledger');
  const lastSeq = maxRow && maxRow['seq'] !== null && maxRow['seq'] !== undefined ? Number(maxRow['seq']) : 0;
  let lastAgreeing: { seq: number; at: string } | null = null;
  const result = (problem: AnchorVerification['problem']): AnchorVerification => ({ ok: problem === null, anchors: genuine.length, rejected, lastAgreeing, problem });
  for (const a of genuine) {
    if (a.seq > lastSeq) {
      const newest = genuine[genuine.length - 1] ?? a;
      return result({
        kind: 'missing',
        fromSeq: lastSeq + 1,
        toSeq: newest.seq,
        detail: `entries ${lastSeq + 1}..${newest.seq} are missing: the chain ends at ${lastSeq}, but entry ${newest.seq} was anchored at ${newest.at}`,
      });
    }
    const row = await sql.get('SELECT hash FROM ledger WHERE seq = ?', [a.seq]);
    if (!row || String(row['hash']) !== a.head) {
      const fromSeq = (lastAgreeing?.seq ?? 0) + 1;
      return result({
        kind: 'rewritten',
        fromSeq,
        toSeq: a.seq,
        detail: `entry ${a.seq} differs from its anchor of ${a.at}: the chain was rewritten within entries ${fromSeq}..${a.seq}`,
      });
    }
    lastAgreeing = { seq: a.seq, at: a.at };
  }
  return result(null);
}
