import { z } from 'zod';
import { ProfileIdSchema } from '../domain/campaign';
import { CallOutcomeSchema } from '../domain/consent-event';
import { ConsentKindSchema } from '../domain/consent-grant';
import { LocalizedTextSchema } from '../domain/locale';
import { TimeZoneSchema } from '../domain/time-zone';
import { SlugSchema } from '../script/definition';
import { ActionKeySchema } from './action-key';

/**
 * The schema of a practice scenario (DESIGN.md "Practice", issue 7): a simulated customer persona, the
 * lead data the practice call is made with (source, consents, time zone), and what the customer says
 * at each step of the campaign's script and after each agent action, in Korean and English. `loadScenario`
 * (load.ts) adds the checks a schema cannot state (step and answer ids that exist in the script).
 *
 * A step entry says what the customer answers once the agent has read the step's text (`says`), which
 * agent actions are right there (`expect`), which hard moment the customer plays (`moment`), and what the
 * customer says after a given action (`after`, the branches).
 */

/**
 * The hard moments trainers rehearse:
 * - `asks_source`: "where did you get my number?" (KR-SOURCE, KR-3P);
 * - `no_time`: no time now, wants a callback (CG-TIME);
 * - `refuses_consent`: declines the marketing consent (KR-MKT);
 * - `remove_me`: wants to be removed from all lists (KR-OPTOUT, US-IDNC);
 * - `angry`: shouts, complains about the call;
 * - `interrupts`: cuts the agent off with a question before the step is finished.
 */
export const HARD_MOMENTS = ['asks_source', 'no_time', 'refuses_consent', 'remove_me', 'angry', 'interrupts'] as const;
export const HardMomentSchema = z.enum(HARD_MOMENTS);
export type HardMoment = z.infer<typeof HardMomentSchema>;

/** The customer's tone, for the bubble's style and the voice's pitch. */
export const MOODS = ['calm', 'pleased', 'hesitant', 'annoyed', 'angry'] as const;
export const MoodSchema = z.enum(MOODS);
export type Mood = z.infer<typeof MoodSchema>;

/** Kinds of scenario, one per persona the issue asks for; `custom` for trainers' own. */
export const SCENARIO_KINDS = ['willing', 'no_time', 'refuses_consent', 'asks_source', 'remove_me', 'angry', 'third_party', 'us', 'custom'] as const;
export const ScenarioKindSchema = z.enum(SCENARIO_KINDS);
export type ScenarioKind = z.infer<typeof ScenarioKindSchema>;

/** Longest pause a line may ask for before it is said. */
export const MAX_PAUSE_MS = 15_000;

/** One thing the customer says. `pauseMs` is how long they wait before saying it (after the agent). */
export const CustomerLineSpecSchema = z.strictObject({
  text: LocalizedTextSchema,
  pauseMs: z.number().int().min(0).max(MAX_PAUSE_MS).optional().describe('Silence before the line, in ms (default 1200).'),
  mood: MoodSchema.optional(),
  /** The customer hangs up after this line. */
  hangUp: z.boolean().optional(),
});
export type CustomerLineSpec = z.infer<typeof CustomerLineSpecSchema>;

/** What the customer does at one script step. */
export const ScenarioStepSchema = z.strictObject({
  says: CustomerLineSpecSchema.optional().describe("The customer's answer or reaction once the agent has read this step's text."),
  expect: z.array(ActionKeySchema).min(1).max(20).describe('The right agent action(s) at this step, e.g. ["answer:no"] or ["opt_out"].'),
  moment: HardMomentSchema.optional().describe('The hard moment the customer plays at this step.'),
  after: z
    .record(ActionKeySchema, CustomerLineSpecSchema)
    .default({})
    .describe('Branches: what the customer says after a given agent action at this step.'),
});
export type ScenarioStep = z.infer<typeof ScenarioStepSchema>;

/** Who the consent names: the calling company, the seller, or a company unrelated to this campaign. */
export const RECIPIENTS = ['caller', 'seller', 'other'] as const;

const daysAgo = z.number().int().min(0).max(3650);

/** A consent the person gave, dated relative to the practice call. */
export const ScenarioConsentSchema = z.strictObject({
  kind: ConsentKindSchema,
  recipients: z.array(z.enum(RECIPIENTS)).min(1).max(RECIPIENTS.length),
  grantedDaysAgo: daysAgo,
  reconfirmedDaysAgo: daysAgo.optional(),
  withdrawnDaysAgo: daysAgo.optional(),
});
export type ScenarioConsent = z.infer<typeof ScenarioConsentSchema>;

/** Where the number came from, said aloud at KR-SOURCE; texts in both languages. */
export const ScenarioSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('own_customer'),
    description: LocalizedTextSchema,
    lastTransactionDaysAgo: daysAgo.optional(),
    sameKindOfGoods: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('third_party'),
    providerName: LocalizedTextSchema,
    description: LocalizedTextSchema,
    consentDaysAgo: daysAgo,
    reference: z.string().min(1).max(100),
  }),
]);
export type ScenarioSource = z.infer<typeof ScenarioSourceSchema>;

/** The simulated lead: never a real person; the number is a fixed fictional one. */
export const ScenarioLeadSchema = z.strictObject({
  timeZone: TimeZoneSchema,
  source: ScenarioSourceSchema,
  consents: z.array(ScenarioConsentSchema).max(20).default([]),
  /** The customer's local wall-clock time of the practice call, which the gate judges (KR-NIGHT, US-HOURS). */
  localTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
    .default('10:30'),
});
export type ScenarioLead = z.infer<typeof ScenarioLeadSchema>;

/** The campaign the practice call belongs to: the script and the texts it is rendered with. */
export const ScenarioCampaignSchema = z.strictObject({
  profile: ProfileIdSchema,
  script: z.strictObject({ id: SlugSchema, version: z.number().int().positive() }),
  sellerName: LocalizedTextSchema,
  /** The agency calling on the seller's behalf; absent when the seller calls itself. */
  callingName: LocalizedTextSchema.optional(),
  product: LocalizedTextSchema,
  purpose: LocalizedTextSchema,
  callbackNumber: z.string().min(1).max(40),
});
export type ScenarioCampaign = z.infer<typeof ScenarioCampaignSchema>;

/** The customer's last words, by how the run ended, when no step branch said something. */
export const ScenarioEndingsSchema = z.strictObject({
  optedOut: CustomerLineSpecSchema.optional(),
  refused: CustomerLineSpecSchema.optional(),
  completed: CustomerLineSpecSchema.optional(),
});

/** A practice scenario as stored in `assets/practice/*.json` and by the central API. */
export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().max(500).optional(),
    id: SlugSchema,
    kind: ScenarioKindSchema,
    difficulty: z.enum(['easy', 'medium', 'hard']).default('medium'),
    title: LocalizedTextSchema,
    /** What the trainee is told before the call. */
    briefing: LocalizedTextSchema,
    persona: z.strictObject({
      name: LocalizedTextSchema,
      description: LocalizedTextSchema,
      /** Voice settings: speed and pitch of the speech (espeak-ng on the practice line, Web Speech in text mode). */
      voice: z.strictObject({ rate: z.number().min(0.5).max(2).default(1), pitch: z.number().min(0).max(2).default(1) }).default({ rate: 1, pitch: 1 }),
      /** How long this customer bears silence before "hello?", and again before hanging up (default 8 s). */
      waitMs: z.number().int().min(2000).max(60_000).optional().describe('Silence the customer bears before "hello?" and again before hanging up, in ms (default 8000).'),
    }),
    campaign: ScenarioCampaignSchema,
    lead: ScenarioLeadSchema,
    /** What the customer says on picking up. */
    opening: CustomerLineSpecSchema,
    /** Per script step id. */
    steps: z.record(SlugSchema, ScenarioStepSchema),
    endings: ScenarioEndingsSchema.default({}),
    /** What the customer says when the agent does something the scenario did not expect. */
    offScript: CustomerLineSpecSchema.optional(),
    /** The customer hangs up after this many wrong actions. */
    patience: z.number().int().min(1).max(10).default(2),
    /** The outcome(s) a good call ends with: an outcome code, or `opt_out`. */
    expectOutcome: z.array(CallOutcomeSchema).min(1).max(20),
  })
  .meta({
    title: 'Callgate practice scenario',
    description: 'A simulated customer for practice calls: persona, lead data, what the customer says per script step and after each agent action (ko and en).',
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
/** The scenario as written in JSON (fields with defaults may be left out). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** The JSON Schema (draft 2020-12) of a scenario, for editors and `assets/practice/scenario.schema.json`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
