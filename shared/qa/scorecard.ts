import { z } from 'zod';
import { LocalizedTextSchema } from '../domain/locale';
import { SlugSchema } from '../script/definition';

/**
 * A QA scorecard (issue 15): what a team lead scores a call on. Sections hold questions; each question
 * and each section has a weight; an `autoFail` question answered "no" fails the whole evaluation
 * (e.g. "pitched only after consent"). A question may name an `autoFill` source: the server proposes
 * its answer from the call's evidence (autofill.ts), and the evaluation keeps both the proposal and
 * the lead's answer.
 *
 * A scorecard is versioned: a version is a draft until the first evaluation uses it, and immutable from
 * then on (the database refuses to change it); editing a used scorecard makes a new version.
 */

/** Where an answer can be read from the call's evidence (see evidence-facts.ts for each definition). */
export const AUTO_FILL_SOURCES = [
  /** CG-PITCH-LOCK: no pitch before time permission and marketing consent were both "yes". */
  'consent_before_pitch',
  /** The profile's mandatory steps were served before the pitch, every disclosure confirmed, the run ended (N/A without events). */
  'script_followed',
  /** Marketing consent came within `withinSec` of the answer (N/A when consent was never given). */
  'time_to_consent',
  /** After an opt-out nothing more was pitched or sold, and the number was listed (N/A without opt-out). */
  'opt_out_honoured',
  /** Where recording needs consent: recording consent was asked before anything was recorded (N/A otherwise). */
  'recording_consent_asked',
] as const;
export const AutoFillSourceSchema = z.enum(AUTO_FILL_SOURCES);
export type AutoFillSource = z.infer<typeof AutoFillSourceSchema>;

export const AutoFillSchema = z.strictObject({
  source: AutoFillSourceSchema,
  /** For `time_to_consent`: the most seconds from answer to consent that still count as "yes". */
  withinSec: z.number().int().positive().max(3600).optional(),
});
export type AutoFill = z.infer<typeof AutoFillSchema>;

/** How a question is answered: yes/no, or a number on a 0..max scale. */
export const QUESTION_KINDS = ['yes_no', 'scale'] as const;

const questionBase = {
  id: SlugSchema,
  text: LocalizedTextSchema,
  /** Relative weight inside its section (> 0). */
  weight: z.number().positive().max(1000).default(1),
  /** A lead may answer "not applicable" (the question then counts for nothing). */
  allowNa: z.boolean().default(false),
};

export const YesNoQuestionSchema = z.strictObject({
  kind: z.literal('yes_no'),
  ...questionBase,
  /** "no" fails the whole evaluation (score 0), whatever else was scored. */
  autoFail: z.boolean().default(false),
  autoFill: AutoFillSchema.optional(),
});

export const ScaleQuestionSchema = z.strictObject({
  kind: z.literal('scale'),
  ...questionBase,
  /** Answers are integers 0..max; the question scores value / max of its weight. */
  max: z.number().int().min(1).max(10),
});

export const QaQuestionSchema = z.discriminatedUnion('kind', [YesNoQuestionSchema, ScaleQuestionSchema]);
export type QaQuestion = z.infer<typeof QaQuestionSchema>;

export const QaSectionSchema = z.strictObject({
  id: SlugSchema,
  title: LocalizedTextSchema,
  weight: z.number().positive().max(1000).default(1),
  questions: z.array(QaQuestionSchema).min(1).max(50),
});
export type QaSection = z.infer<typeof QaSectionSchema>;

/** The definition a lead writes; the server keeps each version of it. */
export const ScorecardDefinitionSchema = z
  .strictObject({
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    /** The percentage at or above which an evaluation passes (unless auto-failed). */
    passPercent: z.number().min(0).max(100).default(80),
    sections: z.array(QaSectionSchema).min(1).max(20),
  })
  .superRefine((def, ctx) => {
    const sectionIds = new Set<string>();
    const questionIds = new Set<string>();
    def.sections.forEach((s, si) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `section id "${s.id}" is used twice` });
      sectionIds.add(s.id);
      s.questions.forEach((q, qi) => {
        if (questionIds.has(q.id)) {
          ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'id'], message: `question id "${q.id}" is used twice (ids are unique across sections)` });
        }
        questionIds.add(q.id);
        if (q.kind === 'yes_no' && q.autoFill) {
          const naPossible = q.autoFill.source !== 'consent_before_pitch';
          if (naPossible && !q.allowNa) {
            ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'allowNa'], message: `auto-fill "${q.autoFill.source}" can be "not applicable": set allowNa to true` });
          }
          if (q.autoFill.withinSec !== undefined && q.autoFill.source !== 'time_to_consent') {
            ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'autoFill', 'withinSec'], message: 'withinSec belongs to time_to_consent only' });
          }
        }
      });
    });
  })
  .meta({ id: 'ScorecardDefinition' });
export type ScorecardDefinition = z.infer<typeof ScorecardDefinitionSchema>;
export type ScorecardDefinitionInput = z.input<typeof ScorecardDefinitionSchema>;

/** Every question of a definition, with its section, in order. */
export function questionsOf(def: ScorecardDefinition): { section: QaSection; question: QaQuestion }[] {
  return def.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
}

/** The seconds `time_to_consent` allows when the question does not say. */
export const DEFAULT_CONSENT_WITHIN_SEC = 60;
