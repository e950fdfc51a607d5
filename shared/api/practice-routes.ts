import { IdParamsSchema } from './common';
import { PRACTISERS, TRAINERS } from './route-roles';
import { LegAnswersSchema } from './live';
import {
  CreatePracticeScenarioRequestSchema,
  CreateVoiceCallRequestSchema,
  PracticeAttemptListQuerySchema,
  PracticeAttemptListResponseSchema,
  PracticeAttemptRequestSchema,
  PracticeAttemptSchema,
  PracticeAudioSchema,
  PracticeLineStatusSchema,
  PracticeListenSchema,
  PracticeLiveCallListSchema,
  PracticeProgressQuerySchema,
  PracticeProgressResponseSchema,
  PracticeScenarioListResponseSchema,
  PracticeScenarioRecordSchema,
  UpdatePracticeScenarioRequestSchema,
  VoiceCallSchema,
  VoiceCallStateSchema,
} from './practice';
import type { RouteDef } from './routes';

/** The practice routes of the v1 API; spread into ROUTES (routes.ts). */
export const PRACTICE_ROUTES = {
  listPracticeScenarios: {
    method: 'GET', url: '/v1/practice/scenarios', summary: 'Practice scenarios (simulated customers)', roles: PRACTISERS,
    response: { 200: PracticeScenarioListResponseSchema },
  },
  getPracticeScenario: {
    method: 'GET', url: '/v1/practice/scenarios/:id', summary: 'One practice scenario, current revision', roles: PRACTISERS,
    params: IdParamsSchema, response: { 200: PracticeScenarioRecordSchema },
  },
  createPracticeScenario: {
    method: 'POST', url: '/v1/practice/scenarios', summary: 'Create a practice scenario (checked against its script)', roles: TRAINERS,
    body: CreatePracticeScenarioRequestSchema, response: { 201: PracticeScenarioRecordSchema },
  },
  updatePracticeScenario: {
    method: 'PUT', url: '/v1/practice/scenarios/:id', summary: 'Replace a practice scenario; 409 when edited from an old revision',
    roles: TRAINERS, params: IdParamsSchema, body: UpdatePracticeScenarioRequestSchema, response: { 200: PracticeScenarioRecordSchema },
  },
  submitPracticeAttempt: {
    method: 'POST', url: '/v1/practice/attempts', summary: 'Score and keep a practice attempt (never evidence)', roles: PRACTISERS,
    body: PracticeAttemptRequestSchema, response: { 201: PracticeAttemptSchema, 200: PracticeAttemptSchema },
  },
  listPracticeAttempts: {
    method: 'GET', url: '/v1/practice/attempts', summary: "Practice attempts (agents: their own; trainers: any trainee's)", roles: PRACTISERS,
    querystring: PracticeAttemptListQuerySchema, response: { 200: PracticeAttemptListResponseSchema },
  },
  getPracticeAttempt: {
    method: 'GET', url: '/v1/practice/attempts/:id', summary: 'One practice attempt with its score per step', roles: PRACTISERS,
    params: IdParamsSchema, response: { 200: PracticeAttemptSchema },
  },
  practiceLine: {
    method: 'GET', url: '/v1/practice/line', summary: 'Whether voice practice (the practice line) is available', roles: PRACTISERS,
    response: { 200: PracticeLineStatusSchema },
  },
  createPracticeVoiceCall: {
    method: 'POST', url: '/v1/practice/voice-calls', summary: 'A single-use practice dial URI for a voice practice call (never a trunk, never evidence)',
    roles: PRACTISERS, body: CreateVoiceCallRequestSchema, response: { 201: VoiceCallSchema },
  },
  getPracticeAudio: {
    method: 'GET', url: '/v1/practice/attempts/:id/audio', summary: 'The recording of a voice practice attempt (customer left, trainee right)',
    roles: PRACTISERS, params: IdParamsSchema, response: { 200: PracticeAudioSchema },
  },
  getPracticeVoiceCall: {
    method: 'GET', url: '/v1/practice/voice-calls/:id', summary: 'A voice practice call of yours: its state and whether a trainer listens', roles: PRACTISERS,
    params: IdParamsSchema, response: { 200: VoiceCallStateSchema },
  },
  livePracticeCalls: {
    method: 'GET', url: '/v1/practice/live', summary: 'Voice practice calls on the line now (trainers listen to them)', roles: TRAINERS,
    response: { 200: PracticeLiveCallListSchema },
  },
  listenToPracticeCall: {
    method: 'POST', url: '/v1/practice/voice-calls/:id/listen', summary: "Listen to a trainee's voice practice call live: the media edge's offer, one leg per party", roles: TRAINERS,
    params: IdParamsSchema, response: { 201: PracticeListenSchema },
  },
  answerPracticeListen: {
    method: 'POST', url: '/v1/practice/listen/:id/answer', summary: "The trainer's answer to each leg of a listen offer", roles: TRAINERS,
    params: IdParamsSchema, body: LegAnswersSchema, response: { 200: PracticeListenSchema },
  },
  endPracticeListen: {
    method: 'POST', url: '/v1/practice/listen/:id/end', summary: 'Stop listening to a voice practice call', roles: TRAINERS,
    params: IdParamsSchema, response: { 200: PracticeListenSchema },
  },
  practiceProgress: {
    method: 'GET', url: '/v1/practice/progress', summary: "Trainees' progress over time (agents: their own)", roles: PRACTISERS,
    querystring: PracticeProgressQuerySchema, response: { 200: PracticeProgressResponseSchema },
  },
} as const satisfies Record<string, RouteDef>;
