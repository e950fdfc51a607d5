// QA scorecards: the definition's own checks, answer validation, weighted scoring and auto-fail.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswers, questionsOf, scoreEvaluation, ScorecardDefinitionSchema, type QaAnswerValue, type ScorecardDefinitionInput } from '../../../shared/qa';

const def = ScorecardDefinitionSchema.parse({
  title: { ko: '평가표', en: 'Scorecard' },
  passPercent: 70,
  sections: [
    {
      id: 'compliance',
      title: { ko: '준수', en: 'Compliance' },
      weight: 3,
      questions: [
        { kind: 'yes_no', id: 'pitch-lock', text: { ko: '동의 후 안내', en: 'Pitched after consent' }, weight: 2, autoFail: true, autoFill: { source: 'consent_before_pitch' } },
        { kind: 'yes_no', id: 'script', text: { ko: '대본', en: 'Script' }, allowNa: true },
      ],
    },
    {
      id: 'talk',
      title: { ko: '대화', en: 'Talk' },
      weight: 1,
      questions: [{ kind: 'scale', id: 'clarity', text: { ko: '명확성', en: 'Clarity' }, max: 4 }],
    },
  ],
});

const answers = (o: Record<string, QaAnswerValue>): Map<string, QaAnswerValue> => new Map(Object.entries(o));

describe('QA scorecard definition', () => {
  it('ids are unique across sections, and an auto-fill that can be "not applicable" needs allowNa', () => {
    const bad: ScorecardDefinitionInput = {
      title: { ko: 't', en: 't' },
      sections: [
        { id: 's', title: { ko: 's', en: 's' }, questions: [{ kind: 'yes_no', id: 'q', text: { ko: 'q', en: 'q' }, autoFill: { source: 'opt_out_honoured' } }] },
        { id: 's', title: { ko: 's', en: 's' }, questions: [{ kind: 'yes_no', id: 'q', text: { ko: 'q', en: 'q' }, autoFill: { source: 'consent_before_pitch', withinSec: 5 } }] },
      ],
    };
    const r = ScorecardDefinitionSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'sections.1.id: section id "s" is used twice',
        'sections.1.questions.0.id: question id "q" is used twice (ids are unique across sections)',
        'sections.0.questions.0.allowNa: auto-fill "opt_out_honoured" can be "not applicable": set allowNa to true',
        'sections.1.questions.0.autoFill.withinSec: withinSec belongs to time_to_consent only',
      ]),
    );
  });

  it('the shipped default scorecard is valid and its consent items auto-fail (CG-PITCH-LOCK, KR-OPTOUT, KR-REC)', () => {
    const shipped = ScorecardDefinitionSchema.parse(JSON.parse(readFileSync('assets/qa/default-scorecard.json', 'utf8')));
    const autoFail = questionsOf(shipped).filter(({ question: q }) => q.kind === 'yes_no' && q.autoFail).map(({ question: q }) => q.kind === 'yes_no' && q.autoFill?.source);
    expect(autoFail).toEqual(['consent_before_pitch', 'opt_out_honoured', 'recording_consent_asked']);
  });
});

describe('QA answers and score', () => {
  it('every question must be answered once, with a value its kind allows', () => {
    expect(checkAnswers(def, answers({ 'pitch-lock': 'yes', script: 'na', clarity: 3 }))).toEqual([]);
    expect(checkAnswers(def, answers({ 'pitch-lock': 'na', script: 2, clarity: 5, extra: 'yes' }))).toEqual([
      { questionId: 'pitch-lock', message: '"not applicable" is not allowed for this question' },
      { questionId: 'script', message: 'expected "yes" or "no"' },
      { questionId: 'clarity', message: 'expected an integer from 0 to 4' },
      { questionId: 'extra', message: 'no such question in this scorecard version' },
    ]);
    expect(checkAnswers(def, answers({ 'pitch-lock': 'yes' }))).toEqual([
      { questionId: 'script', message: 'not answered' },
      { questionId: 'clarity', message: 'not answered' },
    ]);
    expect(checkAnswers(def, answers({ clarity: 'yes', 'pitch-lock': 'yes', script: 'yes' }))).toEqual([{ questionId: 'clarity', message: 'expected an integer from 0 to 4' }]);
  });

  it('sections are weighted means of their applicable questions; "not applicable" counts for nothing', () => {
    // compliance: pitch-lock yes (w2), script no (w1) -> 2/3; talk: 3/4. Total (3*2/3 + 1*3/4) / 4 = 0.6875.
    const r = scoreEvaluation(def, answers({ 'pitch-lock': 'yes', script: 'no', clarity: 3 }));
    expect(r).toEqual({
      scoreBp: 6875,
      percent: 68.75,
      passed: false,
      autoFailed: false,
      failedItems: [],
      sections: [
        { sectionId: 'compliance', percent: 66.67 },
        { sectionId: 'talk', percent: 75 },
      ],
    });
    const na = scoreEvaluation(def, answers({ 'pitch-lock': 'yes', script: 'na', clarity: 3 }));
    expect(na.scoreBp).toBe(Math.round(((3 * 1 + 1 * 0.75) / 4) * 10000));
    expect(na.passed).toBe(true);
  });

  it('CG-PITCH-LOCK: an auto-fail item answered "no" fails the evaluation with 0, whatever else scored', () => {
    const r = scoreEvaluation(def, answers({ 'pitch-lock': 'no', script: 'yes', clarity: 4 }));
    expect(r).toMatchObject({ scoreBp: 0, percent: 0, passed: false, autoFailed: true, failedItems: ['pitch-lock'] });
  });

  it('the score is always within 0..100 and passes exactly at the pass mark (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<QaAnswerValue>('yes', 'no'), fc.constantFrom<QaAnswerValue>('yes', 'no', 'na'), fc.integer({ min: 0, max: 4 }), (p, s, c) => {
        const r = scoreEvaluation(def, answers({ 'pitch-lock': p, script: s, clarity: c }));
        expect(r.scoreBp).toBeGreaterThanOrEqual(0);
        expect(r.scoreBp).toBeLessThanOrEqual(10000);
        expect(r.passed).toBe(!r.autoFailed && r.scoreBp >= 7000);
        expect(r.autoFailed).toBe(p === 'no');
      }),
    );
  });
});
