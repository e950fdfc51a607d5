import { z } from 'zod';
import { ProfileIdSchema } from '../domain/campaign';
import { ConsentKindSchema } from '../domain/consent-grant';
import type { CallOutcome } from '../domain/consent-event';
import { LocalizedTextSchema } from '../domain/locale';

/**
 * The schema of a script definition (DESIGN.md "Script"): a versioned, immutable JSON document of
 * steps the agent walks through during one call. This file holds only the shape; `loadScript`
 * (load.ts) adds the checks a schema cannot state (references, reachability, the pitch lock).
 */

/** Step, answer and script ids: short lowercase slugs, so they fit a ConsentEvent's `stepId`/`answer`. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a lowercase id of letters, digits, "-" or "_" (at most 64)');

/** A rule id of ../shared/COMPLIANCE.md, e.g. `KR-ID`, `CG-TIME`, `US-RECNOTICE`. */
export const RuleIdSchema = z.string().regex(/^[A-Z]{2}-[A-Z0-9-]+$/, 'expected a rule id like KR-ID or CG-TIME');

/**
 * Facts a question can establish during a call. The pitch is locked until its `requires` facts are
 * `yes` in this run (CG-PITCH-LOCK); `time_permission` and `marketing_consent` are always required.
 * The consent facts (`marketing_consent`, `recording_consent`, `provision_consent`) are set only by a
 * consent question of the matching `consentKind` (see consent-steps.ts).
 */
export const FACTS = ['time_permission', 'marketing_consent', 'recording_consent', 'provision_consent'] as const;
/** One of FACTS. */
export const FactSchema = z.enum(FACTS);
export type Fact = z.infer<typeof FactSchema>;

/** The facts every pitch requires, whatever its definition says (CG-PITCH-LOCK). */
export const PITCH_CORE_FACTS: readonly Fact[] = ['time_permission', 'marketing_consent'];

/** The value a fact takes from an answer. */
export const YES_NO = ['yes', 'no'] as const;
export const YesNoSchema = z.enum(YES_NO);
export type YesNo = z.infer<typeof YesNoSchema>;

/**
 * Outcomes a script step may record. `opt_out` and `dropped` come only from the run's own actions
 * (opt-out, abort); `no_answer`, `busy`, `rejected`, `failed` belong to the phone, not to a script.
 */
export const SCRIPT_OUTCOMES = ['sale', 'callback', 'not_interested', 'no_time', 'refused_consent'] as const satisfies readonly CallOutcome[];
export const ScriptOutcomeSchema = z.enum(SCRIPT_OUTCOMES);
export type ScriptOutcome = z.infer<typeof ScriptOutcomeSchema>;

/**
 * A text the agent reads: a template in ko and en (placeholders like `{{companyName}}`, see render.ts),
 * or one such text per kind of lead source, for steps like KR-SOURCE that must say something different
 * for the company's own customers and for numbers received from a provider.
 */
export const TemplateTextSchema = z.union([
  LocalizedTextSchema,
  z.strictObject({
    bySource: z.strictObject({ own_customer: LocalizedTextSchema, third_party: LocalizedTextSchema }),
  }),
]);
export type TemplateText = z.infer<typeof TemplateTextSchema>;

const stepBase = {
  id: SlugSchema,
  /** Rule ids this step serves; copied into every ConsentEvent of the step. */
  ruleIds: z.array(RuleIdSchema).default([]).describe('Rule ids of COMPLIANCE.md this step serves (e.g. KR-ID); copied into its ConsentEvents.'),
};

/**
 * Conditions a step can depend on, known when the call starts (render.ts `RenderContext`):
 * - `recipients`: the campaign hands the person's data to recipients on a sale (KR-3P step);
 * - `recording_notice`: the callee's state requires the recording notice (US-RECNOTICE, by region).
 */
export const STEP_CONDITIONS = ['recipients', 'recording_notice'] as const;
export const StepConditionSchema = z.enum(STEP_CONDITIONS);
export type StepCondition = z.infer<typeof StepConditionSchema>;

/** A step read only when its condition holds; otherwise the run goes straight on to `otherwise`. */
const conditional = {
  onlyIf: StepConditionSchema.optional().describe('Read this step only when the condition holds (recipients, recording_notice); needs otherwise.'),
  otherwise: SlugSchema.optional().describe('The step the run goes to instead when onlyIf does not hold.'),
};

/** Text the agent reads aloud and must confirm (KR-ID, KR-SOURCE, US-DISC, US-RECNOTICE...). */
export const DisclosureStepSchema = z.strictObject({
  kind: z.literal('disclosure'),
  ...stepBase,
  ...conditional,
  text: TemplateTextSchema.describe('What the agent reads aloud, then confirms.'),
  next: SlugSchema.describe('The step after the confirmation.'),
});

/**
 * One allowed answer: leads to the step `next` or ends the call with `outcome` (exactly one of them).
 * `value` is the yes/no this answer gives the question's `fact`.
 */
export const AnswerSchema = z.strictObject({
  id: SlugSchema,
  label: LocalizedTextSchema,
  value: YesNoSchema.optional().describe("The yes/no this answer gives the question's fact (required when the question has a fact)."),
  next: SlugSchema.optional().describe('The step this answer leads to (or give outcome).'),
  outcome: ScriptOutcomeSchema.optional().describe('Ends the call with this outcome (or give next).'),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** A question to the customer; may establish a fact and record a consent of `consentKind`. */
export const QuestionStepSchema = z.strictObject({
  kind: z.literal('question'),
  ...stepBase,
  ...conditional,
  prompt: TemplateTextSchema.describe('The question the agent asks.'),
  fact: FactSchema.optional().describe('The fact the answers set to yes or no (time_permission, marketing_consent...).'),
  consentKind: ConsentKindSchema.optional().describe(
    'A consent question: the kind of consent it grants or refuses (marketing_call, third_party_provision, recording...); recorded on its events. Needs grantedBy.',
  ),
  grantedBy: z
    .array(SlugSchema)
    .min(1)
    .optional()
    .describe('A consent question: the ids of the answers that grant the consent. Every other answer refuses it (and gives the fact "no").'),
  answers: z.array(AnswerSchema).min(1),
});

/** The offer itself, locked until every fact in `requires` is `yes` in this run (CG-PITCH-LOCK). */
export const PitchStepSchema = z.strictObject({
  kind: z.literal('pitch'),
  ...stepBase,
  text: TemplateTextSchema,
  requires: z
    .array(FactSchema)
    .min(1)
    .describe('Facts that must be yes in this call before the pitch (must include time_permission and marketing_consent).'),
  next: SlugSchema,
});

/** The closing text; the agent records one of `outcomes` and the run is complete. */
export const OutcomeStepSchema = z.strictObject({
  kind: z.literal('outcome'),
  ...stepBase,
  text: TemplateTextSchema,
  outcomes: z.array(ScriptOutcomeSchema).min(1).describe('The outcomes the agent may record here.'),
});

/** One step of a script, told apart by `kind`. */
export const ScriptStepSchema = z.discriminatedUnion('kind', [
  DisclosureStepSchema,
  QuestionStepSchema,
  PitchStepSchema,
  OutcomeStepSchema,
]);
export type DisclosureStep = z.infer<typeof DisclosureStepSchema>;
export type QuestionStep = z.infer<typeof QuestionStepSchema>;
export type PitchStep = z.infer<typeof PitchStepSchema>;
export type OutcomeStep = z.infer<typeof OutcomeStepSchema>;
export type ScriptStep = z.infer<typeof ScriptStepSchema>;
export type StepKind = ScriptStep['kind'];

/** What the agent reads when the customer opts out or refuses: possible at every step (KR-OPTOUT). */
export const HandlerTextSchema = z.strictObject({
  text: TemplateTextSchema,
  ruleIds: z.array(RuleIdSchema).default([]),
});

/** A script definition as stored in `assets/scripts/*.json` and referenced by a campaign. */
export const ScriptDefinitionSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: SlugSchema,
    version: z.number().int().positive(),
    profile: ProfileIdSchema,
    title: LocalizedTextSchema,
    /** The id of the first step. */
    start: SlugSchema.describe('The id of the first step.'),
    steps: z.array(ScriptStepSchema).min(1),
    /** Read when the customer asks not to be called again; ends the run (KR-OPTOUT, US-IDNC). */
    optOut: HandlerTextSchema.describe('Read when the customer opts out; possible at every step, ends the call.'),
    /** Read when the customer refuses to go on without opting out; ends the run. */
    refusal: HandlerTextSchema.describe('Read when the customer refuses to go on; possible at every step, ends the call.'),
  })
  .meta({
    title: 'Callgate script definition',
    description:
      'A versioned call script: disclosures, questions, a pitch locked until time permission and consent are yes, outcomes. Texts in ko and en.',
  });
export type ScriptDefinition = z.infer<typeof ScriptDefinitionSchema>;
/** The definition as written in JSON (fields with defaults may be left out). */
export type ScriptDefinitionInput = z.input<typeof ScriptDefinitionSchema>;

/** The JSON Schema (draft 2020-12) of a script definition, for editors and `assets/scripts/script.schema.json`. */
export function scriptDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScriptDefinitionSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
