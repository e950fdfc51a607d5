import { appendEntries } from '../ledger/append';
import { expiredRecordings, updateRecording } from '../store/recordings';
import type { Db } from '../store/sql';
import type { RecordingVault } from './vault';

/**
 * The retention job (KR-REC at least 3 months, US-RETAIN 5 years, as configured per profile): every
 * stored recording whose `retain_until` has passed is deleted, and the deletion leaves a ledger entry
 * (`recording_deleted`: which recording, its stored hash, why and when) in the same transaction that
 * marks it deleted. The file goes after the commit; a crash in between leaves a file without a row,
 * which the next run removes.
 */
export async function purgeExpiredRecordings(db: Db, vault: RecordingVault, now: Date): Promise<number> {
  let deleted = 0;
  const failed = new Set<string>();
  for (;;) {
    const batch = (await expiredRecordings(db, now.toISOString(), 50 + failed.size)).filter((r) => !failed.has(r.id));
    if (batch.length === 0) return deleted;
    for (const r of batch) {
      const at = now.toISOString();
      const done = await db.tx(async (sql) => {
        const [entry] = await appendEntries(
          sql,
          [{ kind: 'recording_deleted', refId: r.id, payload: { recordingId: r.id, callId: r.callId, reason: 'retention', retainUntil: r.retainUntil, storedSha256: r.storedSha256, deletedAt: at } }],
          at,
        );
        if (!(await updateRecording(sql, r.id, 'stored', { state: 'deleted', deletedAt: at, deletionLedgerSeq: entry?.seq ?? null, peaks: null }, at))) {
          throw new Error(`recording ${r.id} changed while it was being deleted`);
        }
        return true;
      }).catch(() => false);
      if (!done) {
        failed.add(r.id);
        continue;
      }
      if (r.filePath) await vault.remove(r.filePath);
      deleted += 1;
    }
  }
}
