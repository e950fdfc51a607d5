import type { LedgerVerifyResponse } from '../../shared/api/ledger';
import { ledgeredRecordingFiles } from '../store/recordings';
import type { Sql } from '../store/sql';
import type { RecordingVault } from './vault';

type Break = NonNullable<LedgerVerifyResponse['firstBroken']>;

/**
 * Every stored recording's file against its ledger entry: the file must exist and hash to the
 * `storedSha256` the ledger recorded when it was sealed. Names the first recording that differs.
 */
export async function verifyRecordingFiles(sql: Sql, vault: RecordingVault): Promise<Break | null> {
  let after = 0;
  for (;;) {
    const page = await ledgeredRecordingFiles(sql, after, 500);
    for (const e of page) {
      const want = (JSON.parse(e.payload) as { storedSha256?: string }).storedSha256;
      const got = e.filePath ? await vault.sha256(e.filePath) : null;
      if (got === null) return { seq: e.seq, problem: 'removed', detail: `recording ${e.recordingId}: its stored file is missing` };
      if (got !== want) return { seq: e.seq, problem: 'changed', detail: `recording ${e.recordingId}: the stored file no longer matches the SHA-256 in its ledger entry` };
      after = e.seq;
    }
    if (page.length < 500) return null;
  }
}
