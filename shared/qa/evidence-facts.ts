import type { ProfileId } from '../domain/campaign';
import type { ConsentEvent } from '../domain/consent-event';
import { PROFILE_SCRIPT_RULES } from '../script/profile-rules';
import { DEFAULT_CONSENT_WITHIN_SEC, type AutoFill } from './scorecard';

/**
 * What the evidence of one call says for each auto-fill source of a scorecard. Pure: the server gives
 * it the call's stored events (in `seq` order) and the few facts only it knows.
 */
export interface QaEvidence {
  readonly profile: ProfileId;
  /** When the customer answered (server record); null when unknown. */
  readonly answeredAt: string | null;
  /** The call's stored evidence events, in seq order. */
  readonly events: readonly ConsentEvent[];
  /** The number is on the internal do-not-call list (after the call's opt-out). */
  readonly optOutListed: boolean;
  /** Start of the call's recording, when it was recorded. */
  readonly recordingStartedAt: string | null;
}

export type AutoValue = 'yes' | 'no' | 'na';

/** An auto-filled answer: its value, why (a stable code the desk words in ko/en), and the events behind it. */
export interface AutoAnswer {
  readonly value: AutoValue;
  readonly reason: string;
  /** `seq` of the events the reason points at. */
  readonly eventSeqs: readonly number[];
  /** Numbers the reason's text uses (e.g. seconds to consent). */
  readonly params?: Readonly<Record<string, number | string>>;
}

const ENDINGS = new Set(['outcome', 'opt_out', 'refusal', 'aborted']);

const isTimeYes = (e: ConsentEvent): boolean => e.kind === 'answer' && e.ruleIds.includes('CG-TIME') && e.answer === 'yes';
const isConsentYes = (e: ConsentEvent): boolean => e.kind === 'answer' && e.consentKind === 'marketing_call' && e.answer === 'yes';
const isRecordingPermission = (e: ConsentEvent): boolean =>
  (e.kind === 'answer' && e.consentKind === 'recording' && e.answer === 'yes') || (e.kind === 'disclosure' && e.ruleIds.includes('US-RECNOTICE'));

/** CG-PITCH-LOCK: every pitch came after a time "yes" and a marketing consent "yes" of this call. */
export function consentBeforePitch(ev: QaEvidence): AutoAnswer {
  let time = false;
  let consent = false;
  let pitched: number | null = null;
  for (const e of ev.events) {
    if (isTimeYes(e)) time = true;
    if (isConsentYes(e)) consent = true;
    if (e.kind === 'pitch') {
      if (!time || !consent) return { value: 'no', reason: time ? 'pitch-before-consent' : 'pitch-before-time', eventSeqs: [e.seq] };
      pitched = e.seq;
    }
  }
  return pitched === null ? { value: 'yes', reason: 'no-pitch', eventSeqs: [] } : { value: 'yes', reason: 'pitch-after-consent', eventSeqs: [pitched] };
}

/**
 * The script was followed: the first event serves the profile's first rule (identify first), every
 * rule the profile requires before a pitch was served before it, every disclosure was confirmed, the
 * events have no gap, and the run ended (outcome, opt-out, refusal or drop). N/A without events.
 */
export function scriptFollowed(ev: QaEvidence): AutoAnswer {
  const events = ev.events;
  const first = events[0];
  if (!first) return { value: 'na', reason: 'no-events', eventSeqs: [] };
  const rules = PROFILE_SCRIPT_RULES[ev.profile];
  const gap = events.findIndex((e, i) => e.seq !== i);
  if (gap >= 0) return { value: 'no', reason: 'gap', eventSeqs: [events[gap]?.seq ?? gap], params: { expected: gap } };
  if (rules.first !== undefined && !first.ruleIds.includes(rules.first)) return { value: 'no', reason: 'not-first', eventSeqs: [first.seq], params: { rule: rules.first } };
  const served = new Set<string>();
  for (const e of events) {
    if (e.kind === 'disclosure' && e.answer !== 'confirmed') return { value: 'no', reason: 'unconfirmed-disclosure', eventSeqs: [e.seq] };
    if (e.kind === 'pitch') {
      const missing = rules.beforePitch.find((r) => !served.has(r));
      if (missing) return { value: 'no', reason: 'missing-before-pitch', eventSeqs: [e.seq], params: { rule: missing } };
    }
    for (const r of e.ruleIds) served.add(r);
  }
  const last = events[events.length - 1] ?? first;
  if (!ENDINGS.has(last.kind)) return { value: 'no', reason: 'not-ended', eventSeqs: [last.seq] };
  return { value: 'yes', reason: 'followed', eventSeqs: [] };
}

/** Marketing consent came within `withinSec` of the answer (or of the first event). N/A without consent. */
export function timeToConsent(ev: QaEvidence, withinSec = DEFAULT_CONSENT_WITHIN_SEC): AutoAnswer {
  const consent = ev.events.find(isConsentYes);
  const from = ev.answeredAt ?? ev.events[0]?.occurredAt;
  if (!consent || !from) return { value: 'na', reason: 'no-consent', eventSeqs: [] };
  const seconds = Math.max(0, Math.round((Date.parse(consent.occurredAt) - Date.parse(from)) / 1000));
  return { value: seconds <= withinSec ? 'yes' : 'no', reason: seconds <= withinSec ? 'consent-in-time' : 'consent-late', eventSeqs: [consent.seq], params: { seconds, withinSec } };
}

/** After an opt-out, nothing was pitched or sold and the number was listed (KR-OPTOUT, US-IDNC). N/A without one. */
export function optOutHonoured(ev: QaEvidence): AutoAnswer {
  const at = ev.events.findIndex((e) => e.kind === 'opt_out');
  const optOut = ev.events[at];
  if (!optOut) return { value: 'na', reason: 'no-opt-out', eventSeqs: [] };
  const after = ev.events.slice(at + 1).find((e) => e.kind === 'pitch' || (e.kind === 'outcome' && e.answer === 'sale'));
  if (after) return { value: 'no', reason: 'activity-after-opt-out', eventSeqs: [optOut.seq, after.seq] };
  if (!ev.optOutListed) return { value: 'no', reason: 'not-listed', eventSeqs: [optOut.seq] };
  return { value: 'yes', reason: 'honoured', eventSeqs: [optOut.seq] };
}

/** The recording began after the recording consent "yes" (KR-REC) or the notice (US-RECNOTICE). N/A unrecorded. */
export function recordingConsentAsked(ev: QaEvidence): AutoAnswer {
  if (ev.recordingStartedAt === null) return { value: 'na', reason: 'not-recorded', eventSeqs: [] };
  const permission = ev.events.find(isRecordingPermission);
  if (!permission) return { value: 'no', reason: 'recorded-without-consent', eventSeqs: [] };
  if (Date.parse(ev.recordingStartedAt) < Date.parse(permission.occurredAt)) return { value: 'no', reason: 'recorded-before-consent', eventSeqs: [permission.seq] };
  return { value: 'yes', reason: 'recorded-after-consent', eventSeqs: [permission.seq] };
}

/** The auto-fill answer of one question's source. */
export function autoAnswer(fill: AutoFill, ev: QaEvidence): AutoAnswer {
  switch (fill.source) {
    case 'consent_before_pitch':
      return consentBeforePitch(ev);
    case 'script_followed':
      return scriptFollowed(ev);
    case 'time_to_consent':
      return timeToConsent(ev, fill.withinSec);
    case 'opt_out_honoured':
      return optOutHonoured(ev);
    case 'recording_consent_asked':
      return recordingConsentAsked(ev);
  }
}
