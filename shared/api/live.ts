import { z } from 'zod';
import { LIVE_MODES, LIVE_STATES } from '../live/live-session';
import { IdSchema, IsoInstantSchema } from './common';

/**
 * HTTP contract of live monitoring (issue 15). A team lead lists the team's live calls and opens a
 * listen or whisper session (with a reason, access-logged); the SDP of the lead's WebRTC connection
 * goes through these routes to the media edge. The agent's desk reads whether it is being monitored
 * (where the profile shows it) and takes a whisper on an extra leg.
 */

/** An SDP blob (offer or answer) as a browser makes it. */
export const SdpSchema = z
  .string()
  .min(10)
  .max(20_000)
  .refine((s) => s.startsWith('v=0'), { message: 'expected an SDP (starting with v=0)' });

const Reason = z.string().trim().min(3, 'say why you listen (at least 3 characters)').max(500);

export const LiveSessionSchema = z
  .strictObject({
    id: z.string(),
    callId: z.string(),
    mode: z.enum(LIVE_MODES),
    state: z.enum(LIVE_STATES),
    userId: z.string(),
    userName: z.string(),
    startedAt: IsoInstantSchema,
    endedAt: IsoInstantSchema.nullable(),
  })
  .meta({ id: 'LiveSession' });
export type LiveSessionDto = z.infer<typeof LiveSessionSchema>;

/** A call in progress as the live board shows it. */
export const LiveCallSchema = z.strictObject({
  callId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string().nullable(),
  campaignId: z.string(),
  startedAt: IsoInstantSchema,
  answeredAt: IsoInstantSchema.nullable(),
  /** The call's recording state, when it has one (recording, stopped, declined...). */
  recording: z.string().nullable(),
  sessions: z.array(LiveSessionSchema),
});
export type LiveCall = z.infer<typeof LiveCallSchema>;

export const LiveCallListSchema = z.strictObject({ items: z.array(LiveCallSchema) }).meta({ id: 'LiveCalls' });
export type LiveCallList = z.infer<typeof LiveCallListSchema>;

/** `POST /v1/live/calls/{id}/listen`: why (access-logged). */
export const ListenRequestSchema = z.strictObject({ reason: Reason });
/** `POST /v1/live/calls/{id}/whisper`: why, and the lead's send-only offer. */
export const WhisperRequestSchema = z.strictObject({ reason: Reason, sdp: SdpSchema });
/** An SDP answer for a session. */
export const SdpBodySchema = z.strictObject({ sdp: SdpSchema });

/**
 * One WebRTC leg between the edge and a browser. Listening has one leg per party (each a connection of
 * its own: rtpengine 10.5 does not bundle two parties reliably, so the listener plays two streams);
 * a whisper and the agent's whisper leg have one.
 */
export const LiveLegSchema = z.strictObject({
  id: z.string(),
  /** Whose voice the leg carries: `agent`, `customer` (listen), `lead` (whisper). */
  party: z.enum(['agent', 'customer', 'lead']),
  sdp: z.string(),
});

/** What the edge answered: a session and its legs' SDP (offers to answer for listen, the answer for whisper). */
export const LiveSdpSchema = z.strictObject({ session: LiveSessionSchema, legs: z.array(LiveLegSchema).min(1) }).meta({ id: 'LiveSdp' });
export type LiveSdp = z.infer<typeof LiveSdpSchema>;

/** `POST /v1/live/sessions/{id}/answer`: the listener's answer for each leg it was offered. */
export const LegAnswersSchema = z.strictObject({ legs: z.array(z.strictObject({ id: z.string().min(1).max(200), sdp: SdpSchema })).min(1).max(4) });

/**
 * `GET /v1/live/calls/{id}/monitoring`, for the agent's desk: `indicator` when the profile shows the
 * agent that a lead listens or whispers (then `sessions` says who and how), and the whisper waiting
 * to be taken on an extra leg (the desk needs it to hear the lead, whatever the indicator).
 */
export const MonitoringSchema = z
  .strictObject({
    indicator: z.boolean(),
    sessions: z.array(z.strictObject({ mode: z.enum(LIVE_MODES), userName: z.string() })),
    whisper: z.strictObject({ sessionId: z.string(), state: z.enum(LIVE_STATES) }).nullable(),
  })
  .meta({ id: 'Monitoring' });
export type Monitoring = z.infer<typeof MonitoringSchema>;

export const LiveSessionParamsSchema = z.strictObject({ id: IdSchema });
