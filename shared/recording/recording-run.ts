import type { ConsentEvent } from '../domain/consent-event';
import type { RecordingPolicy } from './policy';

/**
 * The recording of one call, as the server drives it (KR-REC, US-RECNOTICE). A call is recorded only
 * from the moment the server learned the permission (the consent "yes" or the confirmed notice), so a
 * recording never covers what was said before it; a "no", an opt-out, a refusal, a drop or the end of
 * the call stops it; a stopped recording is never restarted.
 *
 * ```
 *   none ──permission──▶ recording ──stop | refusal──▶ stopped ──call_end──▶ processing ──stored──▶ stored ──purged──▶ deleted
 *    │                      │  └─────────────call_end──────────────────────▶ processing ──failed──▶ failed
 *    │                      └──start_failed──▶ failed
 *    └──refusal──▶ declined            (none: no permission yet; stop or call_end there change nothing)
 * ```
 * Each transition may ask for effects on the media edge: `start` / `stop` recording (rtpengine ng),
 * `finalize` (turn the captured media into the encrypted, ledgered file).
 */
export const RECORDING_STATES = ['none', 'recording', 'stopped', 'declined', 'processing', 'stored', 'failed', 'deleted'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

export const RECORDING_INPUTS = ['permission', 'refusal', 'stop', 'call_end', 'start_failed', 'stored', 'failed', 'purged'] as const;
export type RecordingInput = (typeof RECORDING_INPUTS)[number];

export type RecordingEffect = 'start' | 'stop' | 'finalize';

export interface RecordingStep {
  readonly next: RecordingState;
  readonly effects: readonly RecordingEffect[];
}

const to = (next: RecordingState, ...effects: RecordingEffect[]): RecordingStep => ({ next, effects });

/** Every allowed transition; an input missing here changes nothing in that state. */
export const RECORDING_TRANSITIONS: Readonly<Record<RecordingState, Readonly<Partial<Record<RecordingInput, RecordingStep>>>>> = {
  none: { permission: to('recording', 'start'), refusal: to('declined') },
  recording: { stop: to('stopped', 'stop'), refusal: to('stopped', 'stop'), call_end: to('processing', 'stop', 'finalize'), start_failed: to('failed') },
  stopped: { call_end: to('processing', 'finalize') },
  declined: {},
  processing: { stored: to('stored'), failed: to('failed') },
  stored: { purged: to('deleted') },
  failed: {},
  deleted: {},
};

/** The step `input` takes from `state`, or null when it changes nothing there. */
export function recordingStep(state: RecordingState, input: RecordingInput): RecordingStep | null {
  return RECORDING_TRANSITIONS[state][input] ?? null;
}

/** Whether a consent answer granted its consent (from the script's `grantedBy`; unknown scripts never grant). */
export type GrantCheck = (event: ConsentEvent) => boolean;

/**
 * What one stored evidence event means for the call's recording under `policy`, or null when nothing:
 * the recording-consent answer (granted: permission, otherwise refusal), the confirmed recording notice
 * (US), and the endings (opt-out, refusal, drop) that stop it.
 */
export function recordingInputOf(e: ConsentEvent, policy: RecordingPolicy, granted: GrantCheck): RecordingInput | null {
  if (e.kind === 'opt_out' || e.kind === 'refusal' || e.kind === 'aborted') return 'stop';
  if (policy.permission === 'consent' && e.kind === 'answer' && e.consentKind === 'recording') return granted(e) ? 'permission' : 'refusal';
  if (policy.permission === 'notice' && e.kind === 'disclosure' && e.answer === 'confirmed' && e.ruleIds.includes(policy.ruleId)) return 'permission';
  return null;
}
