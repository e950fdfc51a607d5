// QA auto-fill: what a call's evidence says for each source, on KR and US event sequences.
import { describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { autoFill, consentBeforePitch, optOutHonoured, recordingConsentAsked, scriptFollowed, ScorecardDefinitionSchema, timeToConsent, type QaEvidence } from '../../../shared/qa';

const T0 = Date.parse('2026-03-10T01:00:00Z');

type Spec = [kind: ConsentEvent['kind'], answer: string, ruleIds: string[], atSec: number, consentKind?: ConsentEvent['consentKind']];

function events(specs: readonly Spec[]): ConsentEvent[] {
  return specs.map(([kind, answer, ruleIds, atSec, consentKind], seq) => ({
    eventId: `0190f000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    callId: 'call-1',
    leadId: 'lead-1',
    campaignId: 'cmp',
    agentId: 'agent',
    scriptId: 'kr-default',
    scriptVersion: 1,
    stepId: `s${seq}`,
    seq,
    kind,
    answer,
    ...(consentKind ? { consentKind } : {}),
    ruleIds,
    promptText: 'text',
    promptSha256: '0'.repeat(64),
    locale: 'ko',
    occurredAt: new Date(T0 + atSec * 1000).toISOString(),
    calleeTimeZone: 'Asia/Seoul',
    practice: false,
  }));
}

const E = {
  id: (t: number): Spec => ['disclosure', 'confirmed', ['KR-ID'], t],
  time: (a: string, t: number): Spec => ['answer', a, ['CG-TIME'], t],
  source: (t: number): Spec => ['disclosure', 'confirmed', ['KR-SOURCE'], t],
  consent: (a: string, t: number): Spec => ['answer', a, ['KR-MKT', 'KR-OPTOUT'], t, 'marketing_call'],
  recording: (a: string, t: number): Spec => ['answer', a, ['KR-REC'], t, 'recording'],
  pitch: (t: number): Spec => ['pitch', 'delivered', ['CG-PITCH-LOCK'], t],
  outcome: (a: string, t: number): Spec => ['outcome', a, ['KR-OPTOUT'], t],
  optOut: (t: number): Spec => ['opt_out', 'opt_out', ['KR-OPTOUT'], t, 'marketing_call'],
};

const evidence = (specs: readonly Spec[], o: Partial<QaEvidence> = {}): QaEvidence => ({
  profile: 'KR',
  answeredAt: new Date(T0).toISOString(),
  events: events(specs),
  optOutListed: false,
  recordingStartedAt: null,
  ...o,
});

const FULL: Spec[] = [E.id(5), E.time('yes', 10), E.source(20), E.consent('yes', 40), E.pitch(50), E.outcome('sale', 90)];

describe('QA auto-fill from evidence', () => {
  it('CG-PITCH-LOCK: a pitch before time or consent is "no", naming the pitch event', () => {
    expect(consentBeforePitch(evidence(FULL))).toEqual({ value: 'yes', reason: 'pitch-after-consent', eventSeqs: [4] });
    expect(consentBeforePitch(evidence([E.id(5), E.time('yes', 10), E.pitch(12)]))).toEqual({ value: 'no', reason: 'pitch-before-consent', eventSeqs: [2] });
    expect(consentBeforePitch(evidence([E.id(5), E.pitch(8), E.time('yes', 10), E.consent('yes', 20)]))).toEqual({ value: 'no', reason: 'pitch-before-time', eventSeqs: [1] });
    expect(consentBeforePitch(evidence([E.id(5), E.time('yes', 10), E.consent('no', 20), E.pitch(30)])).value).toBe('no');
    expect(consentBeforePitch(evidence([E.id(5), E.time('no', 10), E.outcome('no_time', 12)]))).toEqual({ value: 'yes', reason: 'no-pitch', eventSeqs: [] });
  });

  it('KR-ID, CG-TIME, KR-SOURCE, KR-MKT: the script is followed only when each came before the pitch and the run ended', () => {
    expect(scriptFollowed(evidence(FULL))).toEqual({ value: 'yes', reason: 'followed', eventSeqs: [] });
    expect(scriptFollowed(evidence([E.id(5), E.time('yes', 10), E.consent('yes', 40), E.pitch(50), E.outcome('sale', 90)]))).toEqual({
      value: 'no', reason: 'missing-before-pitch', eventSeqs: [3], params: { rule: 'KR-SOURCE' },
    });
    expect(scriptFollowed(evidence([E.time('yes', 10), E.id(12)]))).toMatchObject({ value: 'no', reason: 'not-first', params: { rule: 'KR-ID' } });
    expect(scriptFollowed(evidence([E.id(5), E.time('yes', 10)]))).toMatchObject({ value: 'no', reason: 'not-ended', eventSeqs: [1] });
    expect(scriptFollowed(evidence([['disclosure', 'skipped', ['KR-ID'], 5], E.optOut(9)]))).toMatchObject({ value: 'no', reason: 'unconfirmed-disclosure' });
    expect(scriptFollowed(evidence([]))).toMatchObject({ value: 'na', reason: 'no-events' });
    // US-DISC comes first in the US profile; KR-SOURCE is not required there.
    expect(scriptFollowed(evidence([['disclosure', 'confirmed', ['US-DISC'], 3], E.time('yes', 10), E.consent('yes', 20), E.pitch(30), E.outcome('sale', 60)], { profile: 'US' })).value).toBe('yes');
  });

  it('time to consent counts from the answer; N/A without consent', () => {
    expect(timeToConsent(evidence(FULL), 60)).toEqual({ value: 'yes', reason: 'consent-in-time', eventSeqs: [3], params: { seconds: 40, withinSec: 60 } });
    expect(timeToConsent(evidence(FULL), 30)).toMatchObject({ value: 'no', reason: 'consent-late', params: { seconds: 40 } });
    expect(timeToConsent(evidence([E.id(5), E.time('no', 10)]))).toMatchObject({ value: 'na' });
  });

  it('KR-OPTOUT: honoured when nothing was pitched or sold after it and the number was listed', () => {
    const opted: Spec[] = [E.id(5), E.time('yes', 10), E.optOut(15)];
    expect(optOutHonoured(evidence(opted, { optOutListed: true }))).toEqual({ value: 'yes', reason: 'honoured', eventSeqs: [2] });
    expect(optOutHonoured(evidence(opted, { optOutListed: false }))).toMatchObject({ value: 'no', reason: 'not-listed' });
    expect(optOutHonoured(evidence([...opted, E.pitch(20)], { optOutListed: true }))).toEqual({ value: 'no', reason: 'activity-after-opt-out', eventSeqs: [2, 3] });
    expect(optOutHonoured(evidence(FULL))).toMatchObject({ value: 'na', reason: 'no-opt-out' });
  });

  it('KR-REC / US-RECNOTICE: a recording that starts before the consent "yes" or the notice is "no"', () => {
    const withRec: Spec[] = [E.id(5), E.time('yes', 10), E.recording('yes', 15), E.source(20)];
    const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
    expect(recordingConsentAsked(evidence(withRec, { recordingStartedAt: at(15.5) }))).toEqual({ value: 'yes', reason: 'recorded-after-consent', eventSeqs: [2] });
    expect(recordingConsentAsked(evidence(withRec, { recordingStartedAt: at(12) }))).toMatchObject({ value: 'no', reason: 'recorded-before-consent' });
    expect(recordingConsentAsked(evidence([E.id(5), E.recording('no', 15)], { recordingStartedAt: at(20) }))).toMatchObject({ value: 'no', reason: 'recorded-without-consent' });
    expect(recordingConsentAsked(evidence([['disclosure', 'confirmed', ['US-RECNOTICE'], 4]], { profile: 'US', recordingStartedAt: at(5) })).value).toBe('yes');
    expect(recordingConsentAsked(evidence(withRec)).value).toBe('na');
  });

  it('autoFill proposes an answer for each auto-fill question, and only for those', () => {
    const def = ScorecardDefinitionSchema.parse({
      title: { ko: 't', en: 't' },
      sections: [
        {
          id: 's',
          title: { ko: 's', en: 's' },
          questions: [
            { kind: 'yes_no', id: 'a', text: { ko: 'a', en: 'a' }, autoFill: { source: 'consent_before_pitch' } },
            { kind: 'yes_no', id: 'b', text: { ko: 'b', en: 'b' }, allowNa: true, autoFill: { source: 'time_to_consent', withinSec: 30 } },
            { kind: 'scale', id: 'c', text: { ko: 'c', en: 'c' }, max: 5 },
          ],
        },
      ],
    });
    expect(autoFill(def, evidence(FULL)).map((p) => [p.questionId, p.value])).toEqual([
      ['a', 'yes'],
      ['b', 'no'],
    ]);
  });
});
