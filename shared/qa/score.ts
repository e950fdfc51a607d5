import { z } from 'zod';
import { questionsOf, type QaQuestion, type ScorecardDefinition } from './scorecard';

/** One answer: "yes"/"no" for yes_no, an integer 0..max for scale, or "na" where allowed. */
export const QaAnswerValueSchema = z.union([z.enum(['yes', 'no', 'na']), z.number().int().min(0).max(10)]);
export type QaAnswerValue = z.infer<typeof QaAnswerValueSchema>;

/** A problem of an evaluation's answers, at the question it concerns. */
export interface AnswerIssue {
  readonly questionId: string;
  readonly message: string;
}

/** The score of one section: null when every question in it was "not applicable". */
export interface SectionScore {
  readonly sectionId: string;
  readonly percent: number | null;
}

/**
 * The result of scoring: a percentage (two decimals, from integer basis points so both databases and
 * every client agree), pass/fail, and the auto-fail items answered "no".
 */
export interface QaResult {
  /** 0..10000 (percent x 100). */
  readonly scoreBp: number;
  readonly percent: number;
  readonly passed: boolean;
  readonly autoFailed: boolean;
  readonly failedItems: readonly string[];
  readonly sections: readonly SectionScore[];
}

/** The fraction 0..1 an answer earns, or null for "not applicable". */
function earned(q: QaQuestion, v: QaAnswerValue): number | null {
  if (v === 'na') return null;
  if (q.kind === 'yes_no') return v === 'yes' ? 1 : 0;
  return typeof v === 'number' ? v / q.max : 0;
}

/** Checks that `answers` answers every question of `def` once, each with a value its kind allows. */
export function checkAnswers(def: ScorecardDefinition, answers: ReadonlyMap<string, QaAnswerValue>): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const known = new Set<string>();
  let applicable = 0;
  for (const { question: q } of questionsOf(def)) {
    known.add(q.id);
    const v = answers.get(q.id);
    if (v === undefined) {
      issues.push({ questionId: q.id, message: 'not answered' });
      continue;
    }
    if (v === 'na') {
      if (!q.allowNa) issues.push({ questionId: q.id, message: '"not applicable" is not allowed for this question' });
      continue;
    }
    applicable += 1;
    if (q.kind === 'yes_no' && typeof v === 'number') issues.push({ questionId: q.id, message: 'expected "yes" or "no"' });
    if (q.kind === 'scale' && (typeof v !== 'number' || v > q.max)) issues.push({ questionId: q.id, message: `expected an integer from 0 to ${q.max}` });
  }
  for (const id of answers.keys()) if (!known.has(id)) issues.push({ questionId: id, message: 'no such question in this scorecard version' });
  if (issues.length === 0 && applicable === 0) issues.push({ questionId: '', message: 'every question is "not applicable": there is nothing to score' });
  return issues;
}

/**
 * Scores checked answers (call `checkAnswers` first): each section is the weighted mean of its
 * applicable questions, the total the weighted mean of its applicable sections. Any auto-fail question
 * answered "no" makes the score 0 and the evaluation failed, whatever else was scored.
 */
export function scoreEvaluation(def: ScorecardDefinition, answers: ReadonlyMap<string, QaAnswerValue>): QaResult {
  const failedItems: string[] = [];
  const sections: SectionScore[] = [];
  let total = 0;
  let totalWeight = 0;
  for (const section of def.sections) {
    let sum = 0;
    let weight = 0;
    for (const q of section.questions) {
      const v = answers.get(q.id) ?? 'na';
      if (q.kind === 'yes_no' && q.autoFail && v === 'no') failedItems.push(q.id);
      const e = earned(q, v);
      if (e === null) continue;
      sum += q.weight * e;
      weight += q.weight;
    }
    const fraction = weight > 0 ? sum / weight : null;
    sections.push({ sectionId: section.id, percent: fraction === null ? null : Math.round(fraction * 10000) / 100 });
    if (fraction !== null) {
      total += section.weight * fraction;
      totalWeight += section.weight;
    }
  }
  const autoFailed = failedItems.length > 0;
  const scoreBp = autoFailed || totalWeight === 0 ? 0 : Math.round((total / totalWeight) * 10000);
  return { scoreBp, percent: scoreBp / 100, passed: !autoFailed && scoreBp >= Math.round(def.passPercent * 100), autoFailed, failedItems, sections };
}
