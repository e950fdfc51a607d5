import { IdParamsSchema } from './common';
import { REVIEWERS, SCORED } from './route-roles';
import {
  CreateEvaluationRequestSchema,
  CreateScorecardRequestSchema,
  EvaluationListQuerySchema,
  EvaluationListResponseSchema,
  EvaluationSchema,
  QaAutofillQuerySchema,
  QaAutofillResponseSchema,
  QaKpisQuerySchema,
  QaKpisResponseSchema,
  ScorecardListResponseSchema,
  ScorecardRecordSchema,
  ScorecardVersionParamsSchema,
  ScorecardVersionSchema,
  UpdateScorecardRequestSchema,
} from './qa';
import type { RouteDef } from './routes';

/** The QA scorecard routes (issue 15); spread into ROUTES (routes.ts). */
export const QA_ROUTES = {
  listScorecards: {
    method: 'GET', url: '/v1/qa/scorecards', summary: 'QA scorecards (current versions)', roles: REVIEWERS,
    response: { 200: ScorecardListResponseSchema },
  },
  getScorecard: {
    method: 'GET', url: '/v1/qa/scorecards/:id', summary: 'One QA scorecard: current version and version list', roles: REVIEWERS,
    params: IdParamsSchema, response: { 200: ScorecardRecordSchema },
  },
  getScorecardVersion: {
    method: 'GET', url: '/v1/qa/scorecards/:id/versions/:version', summary: 'One version of a QA scorecard', roles: REVIEWERS,
    params: ScorecardVersionParamsSchema, response: { 200: ScorecardVersionSchema },
  },
  createScorecard: {
    method: 'POST', url: '/v1/qa/scorecards', summary: 'Define a QA scorecard (sections, weights, auto-fail and auto-fill items)', roles: REVIEWERS,
    body: CreateScorecardRequestSchema, response: { 201: ScorecardRecordSchema },
  },
  updateScorecard: {
    method: 'PUT', url: '/v1/qa/scorecards/:id', summary: 'Edit a scorecard: replaces an unused version, or adds a version when the current one was used; 409 when edited from an old version',
    roles: REVIEWERS, params: IdParamsSchema, body: UpdateScorecardRequestSchema, response: { 200: ScorecardRecordSchema },
  },
  qaAutofill: {
    method: 'GET', url: '/v1/qa/calls/:id/autofill', summary: "Answers the call's evidence proposes for a scorecard's auto-fill questions", roles: REVIEWERS,
    params: IdParamsSchema, querystring: QaAutofillQuerySchema, response: { 200: QaAutofillResponseSchema },
  },
  createEvaluation: {
    method: 'POST', url: '/v1/qa/evaluations', summary: 'Score a call on a scorecard version (the server computes the score; the version is locked)', roles: REVIEWERS,
    body: CreateEvaluationRequestSchema, response: { 201: EvaluationSchema },
  },
  listEvaluations: {
    method: 'GET', url: '/v1/qa/evaluations', summary: 'QA evaluations, newest first (agents: their own; leads: their team)', roles: SCORED,
    querystring: EvaluationListQuerySchema, response: { 200: EvaluationListResponseSchema },
  },
  getEvaluation: {
    method: 'GET', url: '/v1/qa/evaluations/:id', summary: 'One QA evaluation with answers, comments and its scorecard version', roles: SCORED,
    params: IdParamsSchema, response: { 200: EvaluationSchema },
  },
  qaKpis: {
    method: 'GET', url: '/v1/qa/kpis', summary: 'QA KPIs per agent and team over a period (calls started in it)', roles: REVIEWERS,
    querystring: QaKpisQuerySchema, response: { 200: QaKpisResponseSchema },
  },
} as const satisfies Record<string, RouteDef>;
