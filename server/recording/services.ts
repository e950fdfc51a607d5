import { join } from 'node:path';
import type { ProfileId } from '../../shared/domain/campaign';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { PROFILE_IDS } from '../../shared/domain/campaign';
import { recordingPolicy } from '../../shared/recording/policy';
import { consentEffect } from '../../shared/script/consent-steps';
import type { ServerConfig } from '../config';
import { NgClient } from '../media/ng-client';
import { RtpengineEdge } from '../media/rtpengine-edge';
import type { MediaEdge } from '../media/media-edge';
import { practiceScript } from '../services/practice/assets';
import type { Db } from '../store/sql';
import { CaptureFolder } from './capture';
import { loadKeyring, type Keyring } from './keyring';
import { Recorder, type MediaTarget } from './recorder';
import { RecordingVault } from './vault';
import type { CallRow } from '../store/calls';

/** Everything the API holds for recordings: the sealed files, the keys, and (with a media edge) the recorder. */
export interface RecordingServices {
  readonly vault: RecordingVault;
  readonly keyring: Keyring;
  /** Null when no media edge is configured (`CALLGATE_RTPENGINE_NG`): calls are then not recorded. */
  readonly recorder: Recorder | null;
  readonly edge: MediaEdge | null;
  /** The media-edge call of a call (recording and live monitoring use the same one). */
  readonly targetOf: (call: CallRow) => MediaTarget | null;
  close(): void;
}

/** Days recordings of `profile` are kept: the configured number, or the policy's default; never below its floor. */
export function retentionDaysOf(config: ServerConfig, profile: ProfileId): number {
  const policy = recordingPolicy(profile);
  const configured = config.recordingRetentionDays[profile];
  return configured ?? policy?.retentionDays.default ?? 0;
}

/** Refuses a configuration that keeps recordings shorter than a profile's legal floor (KR-REC, US-RETAIN). */
export function checkRetention(config: ServerConfig): void {
  for (const profile of PROFILE_IDS) {
    const policy = recordingPolicy(profile);
    const configured = config.recordingRetentionDays[profile];
    if (policy && configured !== undefined && configured < policy.retentionDays.min) {
      throw new Error(`CALLGATE_RECORDING_RETENTION_DAYS_${profile}=${configured} is below ${policy.ruleId}'s minimum of ${policy.retentionDays.min} days`);
    }
  }
}

/** Whether an answer granted its question's consent, from the script it was recorded with (unknown scripts never grant). */
export function grantedByScript(e: ConsentEvent): boolean {
  const script = practiceScript(e.scriptId, e.scriptVersion);
  const step = script?.steps.find((s) => s.id === e.stepId);
  return step !== undefined && consentEffect(step, e.answer) === 'granted';
}

/**
 * What an answer did to its consent question: `granted`, `refused` (a refusal, never a consent: decision
 * 0054), or null for an event that answers no consent question. The evidence bundle and the review
 * timeline say it this way.
 */
export function consentResultOf(e: ConsentEvent): 'granted' | 'refused' | null {
  if (e.kind !== 'answer' || e.consentKind === undefined) return null;
  return grantedByScript(e) ? 'granted' : 'refused';
}

/** The call's media-edge call: the SIP Call-ID the call was opened with (the edge keys rtpengine by it). */
export function mediaTargetOfCall(call: CallRow): MediaTarget | null {
  return call.sipCallId ? { mediaCallId: call.sipCallId } : null;
}

export function createRecordingServices(
  config: ServerConfig,
  deps: { db: Db; clock: () => Date; log: (line: string) => void; edge?: MediaEdge; targetOf?: (call: CallRow) => MediaTarget | null },
): RecordingServices {
  checkRetention(config);
  const vault = new RecordingVault(config.recordingsDir);
  const keyring = loadKeyring(config.recordingKeyFile);
  const ng = deps.edge === undefined && config.rtpengineNg ? NgClient.fromAddress(config.rtpengineNg) : null;
  const edge = deps.edge ?? (ng ? new RtpengineEdge(ng) : null);
  const captureDir = config.rtpengineRecordingDir ?? join(config.dataDir, 'rtpengine-recordings');
  const targetOf = deps.targetOf ?? mediaTargetOfCall;
  const recorder = edge
    ? new Recorder({
        db: deps.db,
        clock: deps.clock,
        edge,
        capture: new CaptureFolder(captureDir),
        vault,
        keyring,
        retentionDays: (p) => retentionDaysOf(config, p),
        granted: grantedByScript,
        targetOf,
        log: deps.log,
      })
    : null;
  return { vault, keyring, recorder, edge, targetOf, close: () => ng?.close() };
}
