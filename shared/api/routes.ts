import { z } from 'zod';
import { CallDetailResponseSchema, CallListQuerySchema, CallListResponseSchema, CallSchema, CreateCallRequestSchema, UpdateCallRequestSchema } from './calls';
import { AgentCampaignsSchema, SetAgentCampaignsRequestSchema } from './assignments';
import { CampaignListResponseSchema, LeadCardSchema, NextLeadRequestSchema, NextLeadResponseSchema } from './campaigns';
import { EmptyBodySchema, IdParamsSchema } from './common';
import { DialTokenRedeemRequestSchema, DialTokenRedeemResponseSchema, EdgeCallEventSchema, SipCredentialsSchema } from './edge';
import { ConsentEventBatchResponseSchema, ConsentEventBatchSchema } from './consent-events';
import { ReconfirmationDueQuerySchema, ReconfirmationDueResponseSchema } from './consents';
import { DncSnapshotQuerySchema } from './dnc';
import { EvidenceBundleSchema, EvidenceQuerySchema } from './evidence';
import { LoginRequestSchema, LoginResponseSchema, MeResponseSchema, type Role } from './identity';
import {
  DialAuthorizationSchema,
  LeadImportQuerySchema,
  LeadImportRequestSchema,
  LeadImportResponseSchema,
  OptOutRequestSchema,
  OptOutResponseSchema,
} from './leads';
import { LedgerAnchorSchema, LedgerAnchorsQuerySchema, LedgerAnchorsResponseSchema, LedgerVerifyResponseSchema } from './ledger';
import { PRACTICE_ROUTES } from './practice-routes';
import { QA_ROUTES } from './qa-routes';
import { RECORDING_ROUTES } from './recording-routes';
import { LIVE_ROUTES } from './live-routes';
import { ProblemSchema } from './problem';
import { ALL, CALLERS, REVIEWERS } from './route-roles';
import { REVIEW_ROUTES } from './review-routes';

/** One route of the v1 API: method, URL (fastify syntax), who may call it, and its schemas. */
export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  readonly url: string;
  readonly summary: string;
  /** Roles allowed; `public` needs no token; `edge` needs the SIP edge's secret (never a user's token). */
  readonly roles: readonly Role[] | 'public' | 'edge';
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly body?: z.ZodType;
  /** Media types the body may come in (default `application/json` when `body` is set); others are 415. */
  readonly bodyMediaTypes?: readonly string[];
  /** Success status -> body schema. Errors are always `Problem`. */
  readonly response: Readonly<Record<number, z.ZodType>>;
}

/**
 * The route table of the v1 API: the server registers exactly these, the OpenAPI document is generated
 * from them, and clients build typed calls from them.
 */
export const ROUTES = {
  login: {
    method: 'POST', url: '/v1/auth/login', summary: 'Log in; returns a bearer token that expires', roles: 'public',
    body: LoginRequestSchema, response: { 200: LoginResponseSchema },
  },
  logout: {
    method: 'POST', url: '/v1/auth/logout', summary: 'Sign out: the token, its dial tokens and its SIP credentials stop working', roles: ALL,
    body: EmptyBodySchema.nullish(), response: { 204: z.null() },
  },
  sipCredentials: {
    method: 'POST', url: '/v1/sip/credentials', summary: 'Ephemeral SIP credentials (auth_ephemeral) valid no longer than the session', roles: ALL,
    body: EmptyBodySchema.nullish(), response: { 200: SipCredentialsSchema },
  },
  redeemDialToken: {
    method: 'POST', url: '/v1/edge/dial-tokens/redeem', summary: 'SIP edge only: redeem a dial token once; 200 with the E.164 target or 403 dial-token-refused',
    roles: 'edge', body: DialTokenRedeemRequestSchema, response: { 200: DialTokenRedeemResponseSchema },
  },
  edgeCallEvent: {
    method: 'POST', url: '/v1/edge/call-events', summary: 'SIP edge only: what the edge saw of a call (start, answer, end); idempotent per (sipCallId, kind)',
    roles: 'edge', body: EdgeCallEventSchema, response: { 204: z.null() },
  },
  me: { method: 'GET', url: '/v1/me', summary: 'Who the token belongs to', roles: ALL, response: { 200: MeResponseSchema } },
  listCampaigns: {
    method: 'GET', url: '/v1/campaigns', summary: 'Campaigns and the companies they name', roles: ALL,
    response: { 200: CampaignListResponseSchema },
  },
  nextLead: {
    method: 'POST', url: '/v1/campaigns/:id/next-lead', summary: 'The next lead to call (masked) with its pre-dial verdict',
    roles: CALLERS, params: IdParamsSchema, body: NextLeadRequestSchema.nullish(), response: { 200: NextLeadResponseSchema },
  },
  agentCampaigns: {
    method: 'GET', url: '/v1/agents/:id/campaigns', summary: 'The campaigns an agent works (a team lead: agents of their team only)',
    roles: REVIEWERS, params: IdParamsSchema, response: { 200: AgentCampaignsSchema },
  },
  setAgentCampaigns: {
    method: 'PUT', url: '/v1/agents/:id/campaigns', summary: 'Assign an agent to exactly these campaigns; they get, read and dial leads of these only',
    roles: REVIEWERS, params: IdParamsSchema, body: SetAgentCampaignsRequestSchema, response: { 200: AgentCampaignsSchema },
  },
  importLeads: {
    method: 'POST', url: '/v1/leads', summary: 'Bulk import leads (JSON or text/csv) with a per-row report',
    roles: ['admin'], querystring: LeadImportQuerySchema, body: LeadImportRequestSchema, bodyMediaTypes: ['application/json', 'text/csv'],
    response: { 201: LeadImportResponseSchema },
  },
  getLead: {
    method: 'GET', url: '/v1/leads/:id', summary: 'One lead (masked), its grants and verdict now',
    roles: ['agent', 'lead', 'admin'], params: IdParamsSchema, response: { 200: LeadCardSchema },
  },
  authorizeDial: {
    method: 'POST', url: '/v1/leads/:id/dial-authorizations',
    summary: 'Re-run the gate now; 201 with a single-use dial URI and the masked number, or 422 with reason codes',
    roles: CALLERS, params: IdParamsSchema, body: EmptyBodySchema.nullish(), response: { 201: DialAuthorizationSchema },
  },
  optOut: {
    method: 'POST', url: '/v1/leads/:id/opt-out', summary: 'Internal DNC + marketing consent withdrawn at once',
    roles: ['agent', 'lead', 'admin'], params: IdParamsSchema, body: OptOutRequestSchema.nullish(), response: { 200: OptOutResponseSchema },
  },
  evidence: {
    method: 'GET', url: '/v1/leads/:id/evidence', summary: 'Evidence bundle for one person (access logged)',
    roles: REVIEWERS, params: IdParamsSchema, querystring: EvidenceQuerySchema, response: { 200: EvidenceBundleSchema },
  },
  createCall: {
    method: 'POST', url: '/v1/calls', summary: 'Open the call record of an authorized dial', roles: CALLERS,
    body: CreateCallRequestSchema, response: { 201: CallSchema, 200: CallSchema },
  },
  updateCall: {
    method: 'PATCH', url: '/v1/calls/:id', summary: 'Answer, end, outcome, callback time', roles: CALLERS,
    params: IdParamsSchema, body: UpdateCallRequestSchema, response: { 200: CallSchema },
  },
  listCalls: {
    method: 'GET', url: '/v1/calls', summary: 'Calls by team, agent, time, outcome, flag; cursor pagination',
    roles: ['agent', 'lead', 'admin'], querystring: CallListQuerySchema, response: { 200: CallListResponseSchema },
  },
  getCall: {
    method: 'GET', url: '/v1/calls/:id', summary: 'One call with its event timeline', roles: ['agent', 'lead', 'admin'],
    params: IdParamsSchema, response: { 200: CallDetailResponseSchema },
  },
  ingestEvents: {
    method: 'POST', url: '/v1/consent-events', summary: 'Batch ingest of consent events, idempotent by eventId',
    roles: ALL, body: ConsentEventBatchSchema, response: { 200: ConsentEventBatchResponseSchema },
  },
  importDncSnapshot: {
    method: 'POST', url: '/v1/dnc/snapshots', summary: 'Import a national DNC list (streamed text); NDJSON progress',
    roles: ['admin'], querystring: DncSnapshotQuerySchema, bodyMediaTypes: ['text/plain', 'application/octet-stream'], response: { 200: z.string() },
  },
  reconfirmationDue: {
    method: 'GET', url: '/v1/consents/reconfirmation-due', summary: 'Consents due for re-confirmation (KR-RECONF)',
    roles: REVIEWERS, querystring: ReconfirmationDueQuerySchema, response: { 200: ReconfirmationDueResponseSchema },
  },
  verifyLedger: {
    method: 'GET', url: '/v1/ledger/verify', summary: 'Recompute the hash chain; names the first broken entry',
    roles: ['admin'], response: { 200: LedgerVerifyResponseSchema },
  },
  ledgerAnchors: {
    method: 'GET', url: '/v1/ledger/anchors', summary: 'Signed checkpoints of the ledger head (kept outside the database) and the public key to check them',
    roles: ['admin'], querystring: LedgerAnchorsQuerySchema, response: { 200: LedgerAnchorsResponseSchema },
  },
  anchorLedgerNow: {
    method: 'POST', url: '/v1/ledger/anchors', summary: 'Anchor the committed head now (201), or return the newest anchor when the head has not moved (200)',
    roles: ['admin'], body: EmptyBodySchema.nullish(), response: { 201: LedgerAnchorSchema, 200: LedgerAnchorSchema },
  },
  ...REVIEW_ROUTES,
  ...PRACTICE_ROUTES,
  ...QA_ROUTES,
  ...RECORDING_ROUTES,
  ...LIVE_ROUTES,
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof ROUTES;

/** The error statuses every route documents. */
export const ERROR_RESPONSES = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
