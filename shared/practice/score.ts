import { z } from 'zod';
import { CallOutcomeSchema } from '../domain/consent-event';
import { LocalizedTextSchema } from '../domain/locale';
import { ActionKeySchema } from './action-key';
import { HardMomentSchema } from './scenario';

/**
 * The score of one practice attempt (issue 7 "Scoring"): per step, whether the agent kept the order
 * (never recorded an answer before the customer gave it), read the mandatory disclosures, handled the
 * source question, refusal and opt-out the way the customer asked, and how long it took; then a
 * summary with what to improve, in Korean and English. Computed by `scoreAttempt` (scoring.ts), on the
 * desk for the instant result and again by the central API, which stores the authoritative copy.
 */

/**
 * What is checked:
 * - `order`: an answer is recorded only after the customer gave it;
 * - `disclosure-read`: a mandatory text is confirmed only after it could have been read aloud;
 * - `answer-matches`: the recorded answer / action is what the customer said;
 * - `time-respected` (CG-TIME): "no time" is recorded as no, not pushed past;
 * - `refusal-honoured` (KR-MKT): a refused consent is recorded as refused, never as yes;
 * - `opt-out-honoured` (KR-OPTOUT / US-IDNC): "remove me" is recorded as an opt-out at once;
 * - `source-answered` (KR-SOURCE): asked where the number came from, the agent reads the source
 *   disclosure in full;
 * - `source-before-pitch` (KR-SOURCE): the source was said before the pitch;
 * - `source-explained` (KR-3P): for a provider's lead, the provider and the consent date were said;
 * - `outcome`: the call ended the way the customer wanted;
 * - `response-time`: the agent recorded what the customer said within 20 s;
 * - `first-word` (voice practice): the agent spoke within 3 s of the customer's "hello?";
 * - `talk-over` (voice practice): the agent did not start talking while the customer was speaking.
 */
export const CHECK_IDS = [
  'order',
  'disclosure-read',
  'answer-matches',
  'time-respected',
  'refusal-honoured',
  'opt-out-honoured',
  'source-answered',
  'source-before-pitch',
  'source-explained',
  'outcome',
  'response-time',
  'first-word',
  'talk-over',
] as const;
export const CheckIdSchema = z.enum(CHECK_IDS);
export type CheckId = z.infer<typeof CheckIdSchema>;

/** How much a failed check weighs: critical failures also fail the attempt. */
export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 3, major: 2, minor: 1 };

/** One check: passed or not, why (a stable code), the rule ids it serves, and the feedback text. */
export const CheckResultSchema = z.strictObject({
  id: CheckIdSchema,
  passed: z.boolean(),
  severity: SeveritySchema,
  /** Stable code of the result, e.g. `ok`, `continued`, `rushed`, `answered-early`. */
  reason: z.string().min(1).max(40),
  ruleIds: z.array(z.string()),
  feedback: LocalizedTextSchema,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** One step of the call as the agent played it. */
export const StepScoreSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  stepId: z.string(),
  stepKind: z.enum(['disclosure', 'question', 'pitch', 'outcome']),
  ruleIds: z.array(z.string()),
  action: ActionKeySchema,
  /** What the scenario expected here; null off the scenario's path. */
  expected: z.array(ActionKeySchema).nullable(),
  moment: HardMomentSchema.optional(),
  /** When the agent arrived at the step, ms after the call was answered. */
  startedAtMs: z.number().int().nonnegative(),
  /** Time from arriving at the step to the recorded action. */
  durationMs: z.number().int().nonnegative(),
  /** When the customer answered, ms after the call was answered (absent when the customer said nothing). */
  customerAtMs: z.number().int().nonnegative().optional(),
  checks: z.array(CheckResultSchema),
});
export type StepScore = z.infer<typeof StepScoreSchema>;

/** The whole attempt. */
export const PracticeScoreSchema = z.strictObject({
  /** 0-100: the weighted share of checks passed. */
  score: z.number().int().min(0).max(100),
  /** At least 80 and no critical failure. */
  passed: z.boolean(),
  outcome: CallOutcomeSchema.nullable(),
  /** The customer hung up (patience ran out). */
  customerHungUp: z.boolean(),
  durationMs: z.number().int().nonnegative(),
  steps: z.array(StepScoreSchema),
  /** Checks about the call as a whole (source before pitch, outcome...). */
  callChecks: z.array(CheckResultSchema),
  /** What to improve, most important first; one text per kind of mistake. */
  improvements: z.array(LocalizedTextSchema),
  /** What went well. */
  strengths: z.array(LocalizedTextSchema),
  /**
   * Voice practice: the timing of speech measured on the practice line (null when no audio reached it;
   * absent in text practice).
   */
  speech: z
    .strictObject({
      firstWordMs: z.number().int().nonnegative().nullable(),
      talkOverCount: z.number().int().nonnegative(),
      talkOverMs: z.number().int().nonnegative(),
    })
    .nullable()
    .optional(),
});
export type PracticeScore = z.infer<typeof PracticeScoreSchema>;

/** Where the attempt passes. */
export const PASS_SCORE = 80;
