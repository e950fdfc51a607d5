import { z } from 'zod';
import { LocalizedTextSchema } from '../domain/locale';
import { QaAnswerValueSchema } from '../qa/score';
import { ScorecardDefinitionSchema } from '../qa/scorecard';
import { CursorSchema, IdSchema, IsoInstantSchema, LimitSchema } from './common';
import { checkPeriod, ReviewScopeFields } from './review-filter';
import { ReviewPeriodSchema } from './review-kpis';

/**
 * HTTP contract of QA scorecards (issue 15). Team leads (own team) and admins define scorecards and
 * score calls; agents read their own evaluations. Scores are computed by the server from the answers.
 */

const VersionNumber = z.number().int().positive();

/** One version of a scorecard. `lockedAt` is when an evaluation first used it: from then on it never changes. */
export const ScorecardVersionSchema = z
  .strictObject({
    scorecardId: z.string(),
    version: VersionNumber,
    definition: ScorecardDefinitionSchema,
    createdBy: z.string(),
    createdAt: IsoInstantSchema,
    lockedAt: IsoInstantSchema.nullable(),
  })
  .meta({ id: 'ScorecardVersion' });
export type ScorecardVersion = z.infer<typeof ScorecardVersionSchema>;

export const ScorecardSummarySchema = z.strictObject({
  id: z.string(),
  title: LocalizedTextSchema,
  currentVersion: VersionNumber,
  /** The current version is used by an evaluation (an edit makes a new version). */
  locked: z.boolean(),
  updatedAt: IsoInstantSchema,
});
export type ScorecardSummary = z.infer<typeof ScorecardSummarySchema>;

export const ScorecardListResponseSchema = z.strictObject({ items: z.array(ScorecardSummarySchema) });

/** `GET /v1/qa/scorecards/{id}`: the current version and the list of all versions. */
export const ScorecardRecordSchema = z
  .strictObject({
    id: z.string(),
    current: ScorecardVersionSchema,
    versions: z.array(z.strictObject({ version: VersionNumber, createdAt: IsoInstantSchema, createdBy: z.string(), lockedAt: IsoInstantSchema.nullable() })),
  })
  .meta({ id: 'Scorecard' });
export type ScorecardRecord = z.infer<typeof ScorecardRecordSchema>;

export const CreateScorecardRequestSchema = z.strictObject({ definition: ScorecardDefinitionSchema });
export type CreateScorecardRequest = z.input<typeof CreateScorecardRequestSchema>;

/**
 * `PUT /v1/qa/scorecards/{id}`: the whole new definition and the version it was edited from. An
 * unused (draft) current version is replaced; a locked one gets a successor. A stale base is 409.
 */
export const UpdateScorecardRequestSchema = z.strictObject({ definition: ScorecardDefinitionSchema, baseVersion: VersionNumber });
export type UpdateScorecardRequest = z.input<typeof UpdateScorecardRequestSchema>;

export const ScorecardVersionParamsSchema = z.strictObject({ id: IdSchema, version: z.coerce.number().int().positive().max(1_000_000) });

/** What the evidence proposes for one auto-fill question (shared/qa/evidence-facts.ts). */
export const AutoAnswerSchema = z.strictObject({
  value: z.enum(['yes', 'no', 'na']),
  /** A stable reason code (worded in ko/en by the desk). */
  reason: z.string(),
  eventSeqs: z.array(z.number().int().nonnegative()),
  params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
});

export const QaAutofillQuerySchema = z.strictObject({ scorecardId: IdSchema, version: z.coerce.number().int().positive().max(1_000_000).optional() });

/** `GET /v1/qa/calls/{id}/autofill`: the proposals of the call's evidence for one scorecard version. */
export const QaAutofillResponseSchema = z
  .strictObject({
    callId: z.string(),
    scorecardId: z.string(),
    version: VersionNumber,
    proposals: z.array(AutoAnswerSchema.extend({ questionId: z.string() })),
  })
  .meta({ id: 'QaAutofill' });
export type QaAutofillResponse = z.infer<typeof QaAutofillResponseSchema>;

const Comment = z.string().max(4000);

export const EvaluationAnswerInputSchema = z.strictObject({
  questionId: z.string().min(1).max(64),
  value: QaAnswerValueSchema,
  comment: Comment.optional(),
});

/** `POST /v1/qa/evaluations`: a lead's scoring of one call on one scorecard version. */
export const CreateEvaluationRequestSchema = z.strictObject({
  callId: IdSchema,
  scorecardId: IdSchema,
  scorecardVersion: VersionNumber,
  answers: z.array(EvaluationAnswerInputSchema).min(1).max(500),
  comment: Comment.default(''),
});
export type CreateEvaluationRequest = z.input<typeof CreateEvaluationRequestSchema>;

export const EvaluationAnswerSchema = z.strictObject({
  questionId: z.string(),
  value: QaAnswerValueSchema,
  comment: z.string(),
  /** The evidence's proposal at scoring time (null for questions without auto-fill). */
  auto: AutoAnswerSchema.nullable(),
  /** The lead answered otherwise than the evidence proposed. */
  overridden: z.boolean(),
});

/** An evaluation as listed: who, which call, the score. */
export const EvaluationSummarySchema = z.strictObject({
  id: z.string(),
  callId: z.string(),
  callStartedAt: IsoInstantSchema,
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string().nullable(),
  scorecardId: z.string(),
  scorecardVersion: VersionNumber,
  scorecardTitle: LocalizedTextSchema,
  evaluatorId: z.string(),
  evaluatorName: z.string(),
  createdAt: IsoInstantSchema,
  /** 0..100 with two decimals. */
  percent: z.number().min(0).max(100),
  passed: z.boolean(),
  autoFailed: z.boolean(),
  comment: z.string(),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

/** One evaluation in full, with the scorecard version it was scored on (agents read it in the desk). */
export const EvaluationSchema = EvaluationSummarySchema.extend({
  failedItems: z.array(z.string()),
  sections: z.array(z.strictObject({ sectionId: z.string(), percent: z.number().nullable() })),
  answers: z.array(EvaluationAnswerSchema),
  scorecard: ScorecardDefinitionSchema,
}).meta({ id: 'QaEvaluation' });
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** `GET /v1/qa/evaluations`: newest first. Agents get their own only; leads their team's. */
export const EvaluationListQuerySchema = z
  .strictObject({
    team: ReviewScopeFields.team,
    agent: ReviewScopeFields.agent,
    call: IdSchema.optional(),
    from: ReviewScopeFields.from,
    to: ReviewScopeFields.to,
    cursor: CursorSchema.optional(),
    limit: LimitSchema,
  })
  .superRefine(checkPeriod);
export type EvaluationListQuery = z.infer<typeof EvaluationListQuerySchema>;

export const EvaluationListResponseSchema = z.strictObject({ items: z.array(EvaluationSummarySchema), nextCursor: z.string().nullable() });
export type EvaluationListResponse = z.infer<typeof EvaluationListResponseSchema>;

/** `GET /v1/qa/kpis`: evaluations of calls started in the period. */
export const QaKpisQuerySchema = z.strictObject({ team: ReviewScopeFields.team, agent: ReviewScopeFields.agent, from: ReviewScopeFields.from, to: ReviewScopeFields.to }).superRefine(checkPeriod);
export type QaKpisQuery = z.infer<typeof QaKpisQuerySchema>;

export const QaKpiSchema = z.strictObject({
  evaluations: z.number().int().nonnegative(),
  /** Mean score in percent (auto-fails count as 0); null without evaluations. */
  avgPercent: z.number().min(0).max(100).nullable(),
  passed: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1).nullable(),
  autoFailed: z.number().int().nonnegative(),
});
export type QaKpi = z.infer<typeof QaKpiSchema>;

export const QaKpisResponseSchema = z
  .strictObject({
    period: ReviewPeriodSchema,
    totals: QaKpiSchema,
    byTeam: z.array(QaKpiSchema.extend({ teamId: z.string().nullable(), teamName: z.string().nullable() })),
    byAgent: z.array(QaKpiSchema.extend({ agentId: z.string(), agentName: z.string(), teamId: z.string().nullable() })),
    /** The auto-fail items that failed most often, with their counts. */
    autoFailItems: z.array(z.strictObject({ questionId: z.string(), count: z.number().int().positive() })),
  })
  .meta({ id: 'QaKpis' });
export type QaKpisResponse = z.infer<typeof QaKpisResponseSchema>;
