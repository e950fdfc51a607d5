import { z } from 'zod';
import { IdParamsSchema } from './common';
import { REVIEWERS } from './route-roles';
import {
  AudioGrantSchema,
  AudioQuerySchema,
  InspectionExportRequestSchema,
  PlaybackRequestSchema,
  RecordingIdParamsSchema,
  RecordingListResponseSchema,
  RecordingSchema,
} from './recordings';
import type { RouteDef } from './routes';

/** Audio bytes (WAV), whole or a range. */
const AudioBytes = z.string().meta({ format: 'binary', description: 'audio/wav bytes (206 for a Range request)' });

/** The recording routes (issue 15); spread into ROUTES (routes.ts). */
export const RECORDING_ROUTES = {
  callRecording: {
    method: 'GET', url: '/v1/calls/:id/recording', summary: "A call's recording: state, time range, hashes, waveform (404 when none)", roles: REVIEWERS,
    params: IdParamsSchema, response: { 200: RecordingSchema },
  },
  leadRecordings: {
    method: 'GET', url: '/v1/leads/:id/recordings', summary: "One person's recordings (KR-REC inspection)", roles: REVIEWERS,
    params: IdParamsSchema, response: { 200: RecordingListResponseSchema },
  },
  playRecording: {
    method: 'POST', url: '/v1/recordings/:id/playback', summary: 'A short-lived link to play a recording; the reason is access-logged', roles: REVIEWERS,
    params: RecordingIdParamsSchema, body: PlaybackRequestSchema, response: { 201: AudioGrantSchema },
  },
  exportRecording: {
    method: 'POST', url: '/v1/recordings/:id/inspection-export', summary: "A download of the person's recording for their inspection request (KR-REC); access-logged", roles: REVIEWERS,
    params: RecordingIdParamsSchema, body: InspectionExportRequestSchema, response: { 201: AudioGrantSchema },
  },
  recordingAudio: {
    method: 'GET', url: '/v1/recordings/:id/audio', summary: 'The audio of a recording (Range requests); needs a grant from playback or inspection-export', roles: 'public',
    params: RecordingIdParamsSchema, querystring: AudioQuerySchema, response: { 200: AudioBytes, 206: AudioBytes },
  },
} as const satisfies Record<string, RouteDef>;
