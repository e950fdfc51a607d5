import { z } from 'zod';
import { ConsentEventSchema, UUID_V7 } from '../domain/consent-event';
import { LocaleSchema, LocalizedTextSchema } from '../domain/locale';
import { ProfileIdSchema } from '../domain/campaign';
import { CheckIdSchema, PracticeScoreSchema } from '../practice/score';
import { VoiceCallFactsSchema } from '../practice/voice-facts';
import { ScenarioKindSchema, ScenarioSchema } from '../practice/scenario';
import { CursorSchema, IdSchema, IsoInstantSchema, LimitSchema } from './common';
import { LiveLegSchema } from './live';

/**
 * HTTP contract of practice mode (issue 7): scenarios kept by the central API (trainers and admins
 * create and edit them; agents and trainers read them), and practice attempts with their scores, kept
 * apart from evidence. The attempt's ConsentEvents travel like every event (outbox ->
 * `POST /v1/consent-events` with `practice: true`, stored apart); the attempt itself carries a copy of
 * them so the server can replay and score it.
 */

/** A stored scenario: the definition, its revision (each edit adds one) and who saved it. */
export const PracticeScenarioRecordSchema = z
  .strictObject({
    id: z.string(),
    revision: z.number().int().positive(),
    /** Shipped with Callgate (assets/practice); trainers may still edit it. */
    builtin: z.boolean(),
    scenario: ScenarioSchema,
    updatedBy: z.string(),
    updatedAt: IsoInstantSchema,
  })
  .meta({ id: 'PracticeScenario' });
export type PracticeScenarioRecord = z.infer<typeof PracticeScenarioRecordSchema>;

/** What the scenario list shows. */
export const PracticeScenarioSummarySchema = z.strictObject({
  id: z.string(),
  revision: z.number().int().positive(),
  builtin: z.boolean(),
  kind: ScenarioKindSchema,
  difficulty: z.enum(['easy', 'medium', 'hard']),
  profile: ProfileIdSchema,
  title: LocalizedTextSchema,
  briefing: LocalizedTextSchema,
  persona: LocalizedTextSchema,
  updatedAt: IsoInstantSchema,
});
export type PracticeScenarioSummary = z.infer<typeof PracticeScenarioSummarySchema>;

export const PracticeScenarioListResponseSchema = z.strictObject({ items: z.array(PracticeScenarioSummarySchema) });
export type PracticeScenarioListResponse = z.infer<typeof PracticeScenarioListResponseSchema>;

/** `POST /v1/practice/scenarios`: a new scenario (its `id` must be free). */
export const CreatePracticeScenarioRequestSchema = z.strictObject({ scenario: ScenarioSchema });

/** `PUT /v1/practice/scenarios/{id}`: the whole new definition, and the revision it was edited from. */
export const UpdatePracticeScenarioRequestSchema = z.strictObject({
  scenario: ScenarioSchema,
  /** The revision the trainer edited; a newer one on the server makes this 409 (nothing is lost). */
  revision: z.number().int().positive(),
});

/** `POST /v1/practice/attempts`: one finished practice call, with its events, to be scored and kept. */
export const PracticeAttemptRequestSchema = z.strictObject({
  /** Made on the desk (UUIDv7): a repeat with the same body is answered with the stored attempt. */
  attemptId: z.string().regex(UUID_V7, 'expected a UUIDv7'),
  scenarioId: IdSchema,
  scenarioRevision: z.number().int().positive(),
  /** The practice call's id: the `callId` of every event. */
  callId: IdSchema,
  locale: LocaleSchema,
  /** When the practice call was answered and when it ended. */
  startedAt: IsoInstantSchema,
  endedAt: IsoInstantSchema,
  events: z.array(ConsentEventSchema).min(1).max(200),
});
export type PracticeAttemptRequest = z.infer<typeof PracticeAttemptRequestSchema>;

/** An attempt in lists. */
export const PracticeAttemptSummarySchema = z.strictObject({
  id: z.string(),
  traineeId: z.string(),
  traineeName: z.string(),
  scenarioId: z.string(),
  scenarioRevision: z.number().int().positive(),
  scenarioTitle: LocalizedTextSchema,
  kind: ScenarioKindSchema,
  locale: LocaleSchema,
  startedAt: IsoInstantSchema,
  score: z.number().int().min(0).max(100),
  passed: z.boolean(),
  outcome: z.string().nullable(),
  customerHungUp: z.boolean(),
  durationMs: z.number().int().nonnegative(),
  /** Text practice (simulated customer in bubbles) or voice practice (over the phone, issue 17). */
  mode: z.enum(['text', 'voice']),
});
export type PracticeAttemptSummary = z.infer<typeof PracticeAttemptSummarySchema>;

/** One attempt with its full score. */
export const PracticeAttemptSchema = PracticeAttemptSummarySchema.extend({
  callId: z.string(),
  endedAt: IsoInstantSchema,
  recordedAt: IsoInstantSchema,
  result: PracticeScoreSchema,
  /** How many of the attempt's events reached the server through the outbox (stored apart as practice). */
  eventsDelivered: z.number().int().nonnegative(),
  eventsTotal: z.number().int().positive(),
  /** What the voice practice line observed (voice attempts only). */
  voice: VoiceCallFactsSchema.nullable(),
  /** A recording can be fetched (`GET /v1/practice/attempts/{id}/audio`). */
  hasAudio: z.boolean(),
}).meta({ id: 'PracticeAttempt' });
export type PracticeAttempt = z.infer<typeof PracticeAttemptSchema>;

export const PracticeAttemptListQuerySchema = z.strictObject({
  /** A trainee's user id (agents may only ask for themselves; they get their own by default). */
  trainee: IdSchema.optional(),
  scenario: IdSchema.optional(),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type PracticeAttemptListQuery = z.infer<typeof PracticeAttemptListQuerySchema>;

export const PracticeAttemptListResponseSchema = z.strictObject({
  items: z.array(PracticeAttemptSummarySchema),
  nextCursor: z.string().nullable(),
});
export type PracticeAttemptListResponse = z.infer<typeof PracticeAttemptListResponseSchema>;

export const PracticeProgressQuerySchema = z.strictObject({ trainee: IdSchema.optional() });

/** One point of a trainee's progress: an attempt's score at its time. */
export const ProgressPointSchema = z.strictObject({
  at: IsoInstantSchema,
  attemptId: z.string(),
  scenarioId: z.string(),
  score: z.number().int().min(0).max(100),
  passed: z.boolean(),
});

/** A trainee's progress over time. */
export const TraineeProgressSchema = z.strictObject({
  traineeId: z.string(),
  displayName: z.string(),
  attempts: z.number().int().nonnegative(),
  passedAttempts: z.number().int().nonnegative(),
  averageScore: z.number().int().min(0).max(100).nullable(),
  /** Average of the last attempts minus that of the first ones (up to three each, never overlapping; null under two attempts). */
  trend: z.number().int().nullable(),
  lastAt: IsoInstantSchema.nullable(),
  /** Scenario ids passed at least once. */
  scenariosPassed: z.array(z.string()),
  /** Attempts in time order (at most the last 100). */
  series: z.array(ProgressPointSchema),
  /** The checks failed most often, most first. */
  weakest: z.array(z.strictObject({ check: CheckIdSchema, failures: z.number().int().positive() })),
});
export type TraineeProgress = z.infer<typeof TraineeProgressSchema>;

export const PracticeProgressResponseSchema = z.strictObject({ trainees: z.array(TraineeProgressSchema) });
export type PracticeProgressResponse = z.infer<typeof PracticeProgressResponseSchema>;

/**
 * `GET /v1/practice/line`: whether this API runs a voice practice line (issue 17). `voice` is false with
 * a `reason` when it does not: `not-configured` (no `CALLGATE_PRACTICE_SIP`), `no-speech-engine`
 * (espeak-ng missing), `not-started` (the line could not bind its port).
 */
export const PracticeLineStatusSchema = z.strictObject({
  voice: z.boolean(),
  reason: z.enum(['ok', 'not-configured', 'no-speech-engine', 'not-started']),
  locales: z.array(LocaleSchema),
});
export type PracticeLineStatus = z.infer<typeof PracticeLineStatusSchema>;

/** `POST /v1/practice/voice-calls`: a voice practice call of this scenario revision, in this language. */
export const CreateVoiceCallRequestSchema = z.strictObject({
  scenarioId: IdSchema,
  scenarioRevision: z.number().int().positive(),
  locale: LocaleSchema,
});
export type CreateVoiceCallRequest = z.infer<typeof CreateVoiceCallRequestSchema>;

/**
 * What the desk dials: a single-use practice dial URI (`sip:p-<token>@<edge>`: the edge routes it to the
 * practice line, never to a trunk), the practice call's id (the `callId` of its events) and the instant
 * the practice call is set up at (the scenario's relative dates resolve against it, on the desk as on
 * the line, so both render the same texts).
 */
export const VoiceCallSchema = z
  .strictObject({
    callId: z.string(),
    dialUri: z.string().regex(/^sip:p-[A-Za-z0-9_-]+@[^\s@]+$/),
    setupAt: IsoInstantSchema,
    expiresAt: IsoInstantSchema,
  })
  .meta({ id: 'PracticeVoiceCall' });
export type VoiceCall = z.infer<typeof VoiceCallSchema>;

/** `GET /v1/practice/attempts/{id}/audio`: the recording of a voice attempt (customer left, trainee right). */
export const PracticeAudioSchema = z.strictObject({
  mediaType: z.literal('audio/wav'),
  durationMs: z.number().int().nonnegative(),
  /** The WAV file, base64. */
  base64: z.string(),
});
export type PracticeAudio = z.infer<typeof PracticeAudioSchema>;

/** A voice practice call on the line now, as the trainer's page lists it (issue 17, live listen). */
export const PracticeLiveCallSchema = z.strictObject({
  callId: z.string(),
  traineeId: z.string(),
  traineeName: z.string(),
  scenarioId: z.string(),
  scenarioTitle: LocalizedTextSchema,
  locale: LocaleSchema,
  startedAt: IsoInstantSchema,
  /** Trainers listening now. */
  listeners: z.number().int().nonnegative(),
});
export type PracticeLiveCall = z.infer<typeof PracticeLiveCallSchema>;

export const PracticeLiveCallListSchema = z.strictObject({ items: z.array(PracticeLiveCallSchema) });

/**
 * A trainer's listen session on a voice practice call (issue 15's live listen): the media edge's offer
 * of each party (the trainee `agent`, the simulated `customer`) on a leg of its own, to be answered.
 */
export const PracticeListenSchema = z
  .strictObject({
    sessionId: z.string(),
    callId: z.string(),
    state: z.enum(['offered', 'listening', 'ended']),
    legs: z.array(LiveLegSchema),
  })
  .meta({ id: 'PracticeListen' });
export type PracticeListen = z.infer<typeof PracticeListenSchema>;

/** `GET /v1/practice/voice-calls/{id}`: the trainee's own voice practice call (whether a trainer listens). */
export const VoiceCallStateSchema = z.strictObject({
  callId: z.string(),
  state: z.enum(['issued', 'claimed', 'ended', 'unanswered']),
  listeners: z.number().int().nonnegative(),
});
export type VoiceCallState = z.infer<typeof VoiceCallStateSchema>;
