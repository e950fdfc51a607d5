import { REVIEWERS } from './route-roles';
import { IdParamsSchema } from './common';
import { AccessLogQuerySchema, AccessLogResponseSchema } from './review-access-log';
import { AccessReviewQuerySchema, AccessReviewSchema } from './access-review';
import { ReviewCallsQuerySchema, ReviewCallsResponseSchema, ReviewDirectorySchema } from './review-calls';
import { ReviewComplianceQuerySchema, ReviewComplianceSchema } from './review-compliance';
import { ExportCallsRequestSchema, ExportEvidenceRequestSchema, ExportTextSchema } from './review-exports';
import { ReviewKpisQuerySchema, ReviewKpisResponseSchema } from './review-kpis';
import { ReviewTimelineSchema } from './review-timeline';

/**
 * The team lead review routes (issue 6), spread into the v1 ROUTES table. All are for leads (their own
 * team only) and admins; agents get 403. Aggregates are computed by the database.
 */
export const REVIEW_ROUTES = {
  reviewKpis: {
    method: 'GET', url: '/v1/review/kpis', summary: 'KPIs per agent, team and local day over a period', roles: REVIEWERS,
    querystring: ReviewKpisQuerySchema, response: { 200: ReviewKpisResponseSchema },
  },
  reviewCompliance: {
    method: 'GET', url: '/v1/review/compliance', summary: 'Compliance flags of a period (late events, gate refusals, opt-outs, KR-RECONF, KR-WITHDRAW)',
    roles: REVIEWERS, querystring: ReviewComplianceQuerySchema, response: { 200: ReviewComplianceSchema },
  },
  reviewCalls: {
    method: 'GET', url: '/v1/review/calls', summary: 'The review table: filtered, sorted, keyset-paged calls with masked numbers',
    roles: REVIEWERS, querystring: ReviewCallsQuerySchema, response: { 200: ReviewCallsResponseSchema },
  },
  reviewDirectory: {
    method: 'GET', url: '/v1/review/directory', summary: 'Teams and agents the caller may filter by', roles: REVIEWERS,
    response: { 200: ReviewDirectorySchema },
  },
  reviewTimeline: {
    method: 'GET', url: '/v1/review/calls/:id/timeline', summary: 'A call timeline: texts, answers, times, delays and ledger state',
    roles: REVIEWERS, params: IdParamsSchema, response: { 200: ReviewTimelineSchema },
  },
  exportCalls: {
    method: 'POST', url: '/v1/review/exports/calls',
    summary: 'CSV of the filtered calls, numbers masked, streamed (text/csv; access logged with the reason; X-Callgate-Rows-Expected)',
    roles: REVIEWERS, body: ExportCallsRequestSchema, response: { 200: ExportTextSchema },
  },
  exportEvidence: {
    method: 'POST', url: '/v1/review/exports/evidence',
    summary: 'Evidence bundle of one person as JSON or printable HTML, streamed (access logged with the reason)',
    roles: REVIEWERS, body: ExportEvidenceRequestSchema, response: { 200: ExportTextSchema },
  },
  accessLog: {
    method: 'GET', url: '/v1/review/access-log', summary: 'The personal-data access log (KR-ACCESS), newest first', roles: REVIEWERS,
    querystring: AccessLogQuerySchema, response: { 200: AccessLogResponseSchema },
  },
  accessReview: {
    method: 'GET', url: '/v1/review/access-review', summary: 'Monthly access review for the privacy officer: reads per user, outliers flagged (KR-ACCESS)',
    roles: ['admin'], querystring: AccessReviewQuerySchema, response: { 200: AccessReviewSchema },
  },
} as const;
