import { IdParamsSchema } from './common';
import { CALLERS, REVIEWERS } from './route-roles';
import { LegAnswersSchema, ListenRequestSchema, LiveCallListSchema, LiveSdpSchema, LiveSessionParamsSchema, LiveSessionSchema, MonitoringSchema, SdpBodySchema, WhisperRequestSchema } from './live';
import type { RouteDef } from './routes';

/** Live listen and whisper (issue 15); spread into ROUTES (routes.ts). */
export const LIVE_ROUTES = {
  liveCalls: {
    method: 'GET', url: '/v1/live/calls', summary: "The team's calls in progress, with their live sessions", roles: REVIEWERS,
    response: { 200: LiveCallListSchema },
  },
  listenToCall: {
    method: 'POST', url: '/v1/live/calls/:id/listen', summary: 'Listen to a call: returns the edge\'s offer (both parties, one stream each); access-logged with the reason', roles: REVIEWERS,
    params: IdParamsSchema, body: ListenRequestSchema, response: { 201: LiveSdpSchema },
  },
  whisperToCall: {
    method: 'POST', url: '/v1/live/calls/:id/whisper', summary: "Whisper to the agent: the lead's send-only offer in, the edge's answer out; the customer never hears it", roles: REVIEWERS,
    params: IdParamsSchema, body: WhisperRequestSchema, response: { 201: LiveSdpSchema },
  },
  answerLiveSession: {
    method: 'POST', url: '/v1/live/sessions/:id/answer', summary: "The lead's answer to a listen offer", roles: REVIEWERS,
    params: LiveSessionParamsSchema, body: LegAnswersSchema, response: { 200: LiveSessionSchema },
  },
  endLiveSession: {
    method: 'POST', url: '/v1/live/sessions/:id/end', summary: 'End a listen or whisper session', roles: REVIEWERS,
    params: LiveSessionParamsSchema, response: { 200: LiveSessionSchema },
  },
  callMonitoring: {
    method: 'GET', url: '/v1/live/calls/:id/monitoring', summary: "For the agent's desk: whether a lead is monitoring (where the profile shows it) and a whisper to take", roles: CALLERS,
    params: IdParamsSchema, response: { 200: MonitoringSchema },
  },
  whisperLegOffer: {
    method: 'POST', url: '/v1/live/sessions/:id/agent-offer', summary: "The edge's offer of the lead's whisper, for the agent's desk (an extra leg)", roles: CALLERS,
    params: LiveSessionParamsSchema, response: { 200: LiveSdpSchema },
  },
  whisperLegAnswer: {
    method: 'POST', url: '/v1/live/sessions/:id/agent-answer', summary: "The agent desk's answer to the whisper leg", roles: CALLERS,
    params: LiveSessionParamsSchema, body: SdpBodySchema, response: { 200: LiveSessionSchema },
  },
} as const satisfies Record<string, RouteDef>;
