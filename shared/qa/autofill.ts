import { autoAnswer, type AutoAnswer, type QaEvidence } from './evidence-facts';
import { questionsOf, type ScorecardDefinition } from './scorecard';

/** The proposal for one question whose scorecard names an auto-fill source. */
export interface AutoFilled extends AutoAnswer {
  readonly questionId: string;
}

/**
 * Proposes answers for every question of `def` that names an auto-fill source, from the call's
 * evidence. A proposal is evidence, not a verdict: the lead may answer otherwise, and the evaluation
 * keeps both (an override is shown beside the proposal).
 */
export function autoFill(def: ScorecardDefinition, ev: QaEvidence): AutoFilled[] {
  const out: AutoFilled[] = [];
  for (const { question } of questionsOf(def)) {
    if (question.kind !== 'yes_no' || !question.autoFill) continue;
    out.push({ questionId: question.id, ...autoAnswer(question.autoFill, ev) });
  }
  return out;
}
