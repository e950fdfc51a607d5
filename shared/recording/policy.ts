import type { ProfileId } from '../domain/campaign';

/**
 * When a profile lets a call be recorded, and how long a recording is kept (KR-REC, US-RECNOTICE,
 * US-RETAIN). Profiles are data; the decisions are in recording-run.ts.
 * - `permission: 'consent'`: only after the customer answered a recording-consent question (a question
 *   with `consentKind: recording`) with an answer that grants it (KR-REC);
 * - `permission: 'notice'`: only after the agent confirmed the recording notice (a disclosure serving
 *   US-RECNOTICE); where the script does not read it, the call is not recorded;
 * - `retentionDays`: how long a recording is kept after the call; `min` is the legal floor a
 *   configuration may not go below, `default` what is used when nothing is configured.
 */
export interface RecordingPolicy {
  readonly ruleId: string;
  readonly permission: 'consent' | 'notice';
  readonly retentionDays: { readonly min: number; readonly default: number };
}

/** KR-REC: keep at least 3 months (92 days covers every 3-month span). US-RETAIN: 5 years (1826 days). */
export const RECORDING_POLICIES: Readonly<Partial<Record<ProfileId, RecordingPolicy>>> = {
  KR: { ruleId: 'KR-REC', permission: 'consent', retentionDays: { min: 92, default: 92 } },
  US: { ruleId: 'US-RECNOTICE', permission: 'notice', retentionDays: { min: 1826, default: 1826 } },
};

/** The profile's recording policy; a profile without one is never recorded. */
export function recordingPolicy(profile: ProfileId): RecordingPolicy | undefined {
  return RECORDING_POLICIES[profile];
}
