import { createHash } from 'node:crypto';
import { appendEntries } from '../ledger/append';
import { recordingById, updateRecording } from '../store/recordings';
import type { Db } from '../store/sql';
import { seal } from './envelope';
import type { Keyring } from './keyring';
import type { ConvertedRecording } from './pcap-to-wav';
import type { RecordingVault } from './vault';

export interface StoreRecordingDeps {
  readonly db: Db;
  readonly vault: RecordingVault;
  readonly keyring: Keyring;
  readonly now: Date;
  /** Days the recording is kept after its last sample (the profile's retention). */
  readonly retentionDays: number;
}

/**
 * The last step of every recording: seals the audio with its own key, writes the sealed file, and in
 * one transaction appends the `recording` ledger entry (hashes, time range, retention) and moves the
 * row from `processing` to `stored`. Returns false (and removes the file) when another writer moved the
 * row first. Only the sealed file remains; the caller drops whatever it decoded from.
 */
export async function storeRecording(id: string, converted: ConvertedRecording, deps: StoreRecordingDeps): Promise<boolean> {
  const { db, vault, keyring, now } = deps;
  const r = await recordingById(db, id);
  if (!r || r.state !== 'processing') return false;
  const sealed = seal(converted.wav, keyring);
  const storedSha256 = createHash('sha256').update(sealed).digest('hex');
  const retainUntil = new Date(Date.parse(converted.endedAt) + deps.retentionDays * 86_400_000).toISOString();
  const filePath = await vault.write(id, now, sealed);
  const payload = {
    recordingId: id,
    callId: r.callId,
    leadId: r.leadId,
    permissionEventId: r.permissionEventId,
    startedAt: converted.startedAt,
    endedAt: converted.endedAt,
    durationMs: converted.durationMs,
    format: 'audio/wav',
    sampleRate: converted.sampleRate,
    channels: converted.channels,
    sha256: converted.sha256,
    storedSha256,
    plainSize: converted.wav.length,
    keyId: keyring.current().id,
    retainUntil,
    stopReason: r.stopReason,
  };
  const lost = new Error('another writer moved the recording first');
  const stored = await db
    .tx(async (sql) => {
      const [entry] = await appendEntries(sql, [{ kind: 'recording', refId: id, payload }], now.toISOString());
      const moved = await updateRecording(
        sql,
        id,
        'processing',
        {
          state: 'stored',
          startedAt: converted.startedAt,
          endedAt: converted.endedAt,
          durationMs: converted.durationMs,
          sampleRate: converted.sampleRate,
          channels: [...converted.channels],
          filePath,
          plainSize: converted.wav.length,
          sha256: converted.sha256,
          storedSha256,
          keyId: keyring.current().id,
          peaks: converted.peaks,
          retainUntil,
          ledgerSeq: entry?.seq ?? null,
        },
        now.toISOString(),
      );
      // Without its row, the ledger entry would point at nothing: roll both back.
      if (!moved) throw lost;
      return true;
    })
    .catch((err: unknown) => {
      if (err === lost) return false;
      throw err;
    });
  if (!stored) await vault.remove(filePath);
  return stored;
}
