// A stored recording for a call that had no media edge (review UI tests, the playback bench): the
// audio is made here (tones in bursts, agent left, customer right) and then goes through the API's own
// last step (server/recording/store-recording.ts): sealed with its own key under the server's keyring,
// written to the vault, ledgered and marked stored, exactly as a recorded call ends.
import { join } from 'node:path';
import { newId } from '../../shared/domain/ids';
import { loadKeyring } from '../../server/recording/keyring';
import { recordingOfSamples, type ConvertedRecording } from '../../server/recording/pcap-to-wav';
import { RECORDING_RATE } from '../../server/recording/rtp-timeline';
import { storeRecording } from '../../server/recording/store-recording';
import { RecordingVault } from '../../server/recording/vault';
import { callById } from '../../server/store/calls';
import { campaignById } from '../../server/store/campaigns';
import { insertRecording, recordingById, type RecordingRow } from '../../server/store/recordings';
import type { Db } from '../../server/store/sql';

/** Tone bursts like turns of speech: `hz` for `onSec`, then silence for `offSec`, starting after `delaySec`. */
export function bursts(seconds: number, hz: number, opts: { onSec: number; offSec: number; delaySec?: number; level?: number }): Int16Array {
  const out = new Int16Array(Math.round(seconds * RECORDING_RATE));
  const period = opts.onSec + opts.offSec;
  const level = (opts.level ?? 0.5) * 32767;
  for (let i = 0; i < out.length; i++) {
    const t = i / RECORDING_RATE - (opts.delaySec ?? 0);
    if (t < 0 || t % period >= opts.onSec) continue;
    out[i] = Math.round(Math.sin(2 * Math.PI * hz * (i / RECORDING_RATE)) * level);
  }
  return out;
}

/** Two channels of conversation-like bursts: the agent speaks, then the customer answers. */
export function conversation(seconds: number): { agent: Int16Array; customer: Int16Array } {
  return { agent: bursts(seconds, 1000, { onSec: 2.5, offSec: 2.5 }), customer: bursts(seconds, 1400, { onSec: 2, offSec: 3, delaySec: 2.7, level: 0.35 }) };
}

export interface SeedRecordingOptions {
  readonly db: Db;
  /** The API's data folder: its keyring (`keys/recording.key`) and vault (`recordings/`) live there. */
  readonly dataDir: string;
  readonly callId: string;
  /** Capture time of the first sample. */
  readonly startedAtMs: number;
  readonly audio: { agent: Int16Array; customer: Int16Array } | ConvertedRecording;
  readonly retentionDays?: number;
  readonly now?: Date;
}

/** Stores a recording for `callId` through the API's sealing step; returns its row. */
export async function seedStoredRecording(o: SeedRecordingOptions): Promise<RecordingRow> {
  const call = await callById(o.db, o.callId);
  if (!call) throw new Error(`no call ${o.callId}`);
  const campaign = await campaignById(o.db, call.campaignId);
  const id = newId();
  const at = (o.now ?? new Date()).toISOString();
  const inserted = await insertRecording(o.db, {
    id,
    callId: call.id,
    leadId: call.leadId,
    teamId: call.teamId,
    profile: campaign?.profile ?? 'KR',
    state: 'processing',
    mediaCallId: `seeded-${id}`,
    permissionEventId: null,
    stopReason: 'call_ended',
    requestedAt: at,
    updatedAt: at,
  });
  if (!inserted) throw new Error(`call ${o.callId} already has a recording`);
  const converted = 'wav' in o.audio ? o.audio : recordingOfSamples(o.audio.agent, o.audio.customer, o.startedAtMs);
  const ok = await storeRecording(id, converted, {
    db: o.db,
    vault: new RecordingVault(join(o.dataDir, 'recordings')),
    keyring: loadKeyring(join(o.dataDir, 'keys', 'recording.key')),
    now: o.now ?? new Date(),
    retentionDays: o.retentionDays ?? 92,
  });
  const row = await recordingById(o.db, id);
  if (!ok || !row) throw new Error('the seeded recording was not stored');
  return row;
}
