import { z } from 'zod';
import { CallDetailResponseSchema, CallListQuerySchema, CallListResponseSchema, CallSchema, CreateCallRequestSchema, UpdateCallRequestSchema } from '../api/calls';
import { CampaignListResponseSchema, LeadCardSchema, NextLeadResponseSchema } from '../api/campaigns';
import { DialAuthorizationSchema, OptOutRequestSchema, OptOutResponseSchema } from '../api/leads';
import { SipCredentialsSchema } from '../api/edge';
import { UserViewSchema } from '../api/identity';
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
} from '../api/practice';
import { LegAnswersSchema, ListenRequestSchema, LiveCallListSchema, LiveSdpSchema, LiveSessionSchema, MonitoringSchema, SdpBodySchema, WhisperRequestSchema } from '../api/live';
import { AccessLogQuerySchema, AccessLogResponseSchema } from '../api/review-access-log';
import { AccessReviewQuerySchema, AccessReviewSchema } from '../api/access-review';
import { ReviewCallsQuerySchema, ReviewCallsResponseSchema, ReviewDirectorySchema } from '../api/review-calls';
import { ReviewComplianceQuerySchema, ReviewComplianceSchema } from '../api/review-compliance';
import { BridgeExportIdSchema, ExportCallsRequestSchema, ExportEvidenceRequestSchema, ExportFileSchema, ExportProgressSchema } from '../api/review-exports';
import { ReviewKpisQuerySchema, ReviewKpisResponseSchema } from '../api/review-kpis';
import { ReviewTimelineSchema } from '../api/review-timeline';
import { AudioGrantSchema, InspectionExportRequestSchema, PlaybackRequestSchema, RecordingSchema } from '../api/recordings';
import {
  CreateEvaluationRequestSchema,
  EvaluationListQuerySchema,
  EvaluationListResponseSchema,
  EvaluationSchema,
  QaAutofillResponseSchema,
  QaKpisQuerySchema,
  QaKpisResponseSchema,
  ScorecardListResponseSchema,
  ScorecardVersionSchema,
} from '../api/qa';
import { RecordingExportFileSchema } from './recording-export';
import { ConsentEventSchema } from '../domain/consent-event';
import { channel, NoPayload, type EventApi, type InvokeApi } from './define';
import type { IPC_CHANNEL_NAMES, IPC_EVENT_NAMES } from './names';
import { ConnectionSchema } from './connection';
import { OutboxListSchema, OutboxStatusSchema } from './outbox';
import { SettingsPatchSchema, SettingsSchema } from './settings';

const Id = z.string().min(1).max(100);

const SessionSchema = z.strictObject({
  user: UserViewSchema,
  tokenExpiresAt: z.string(),
  /** False where the OS offers no safe storage: the token lives in memory until the desk closes. */
  persisted: z.boolean(),
});

/**
 * Every renderer -> main request of the desk, `area:verb`. The preload bridge, the main handlers and
 * the renderer's types derive from this map; the main process parses each payload with its schema.
 * The central API is reached only through these (the token never enters the renderer).
 */
export const IPC_CHANNELS = {
  /** Where the desk connects (read-only: provisioned by the administrator's policy). */
  'connection:get': channel(NoPayload, ConnectionSchema),
  'settings:get': channel(NoPayload, SettingsSchema),
  'settings:update': channel(SettingsPatchSchema, SettingsSchema),

  'session:login': channel(z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }), SessionSchema),
  'session:current': channel(NoPayload, SessionSchema.nullable()),
  'session:logout': channel(NoPayload, z.null()),

  /**
   * Ephemeral SIP credentials for the phone (sip.js digest auth runs in the renderer), fetched by the
   * main process from `POST /v1/sip/credentials` for the signed-in session; they expire with it (or
   * sooner), and nothing stores them. No SIP password is ever typed into or kept by the desk.
   */
  'sip:credentials': channel(NoPayload, SipCredentialsSchema),

  'campaigns:list': channel(NoPayload, CampaignListResponseSchema),
  'leads:next': channel(z.strictObject({ campaignId: Id, leadId: Id.optional() }), NextLeadResponseSchema),
  'leads:get': channel(z.strictObject({ leadId: Id }), LeadCardSchema),
  'leads:optOut': channel(z.strictObject({ leadId: Id, request: OptOutRequestSchema }), OptOutResponseSchema),

  'dial:authorize': channel(z.strictObject({ leadId: Id }), DialAuthorizationSchema),
  'calls:create': channel(CreateCallRequestSchema, CallSchema),
  'calls:update': channel(z.strictObject({ callId: Id, change: UpdateCallRequestSchema }), CallSchema),
  'calls:list': channel(CallListQuerySchema.partial({ limit: true }), CallListResponseSchema),
  'calls:get': channel(z.strictObject({ callId: Id }), CallDetailResponseSchema),

  /** Makes the events durable (fsync'd) in the outbox; resolves only then. The UI moves on after. */
  'consent:record': channel(z.strictObject({ events: z.array(ConsentEventSchema).min(1).max(50) }), OutboxStatusSchema),
  'outbox:status': channel(NoPayload, OutboxStatusSchema),
  /** The outbox view: refused events with their reasons, unreadable records, what recovery repaired. */
  'outbox:list': channel(NoPayload, OutboxListSchema),

  /** The team lead review (issue 6). Exports come back as text: the renderer offers them as a download. */
  'review:directory': channel(NoPayload, ReviewDirectorySchema),
  'review:kpis': channel(ReviewKpisQuerySchema, ReviewKpisResponseSchema),
  'review:compliance': channel(ReviewComplianceQuerySchema, ReviewComplianceSchema),
  'review:calls': channel(ReviewCallsQuerySchema, ReviewCallsResponseSchema),
  'review:timeline': channel(z.strictObject({ callId: Id }), ReviewTimelineSchema),
  /** Exports stream through main with `review:exportProgress` events for `exportId`; `review:cancelExport` stops one. */
  'review:exportCalls': channel(ExportCallsRequestSchema.extend(BridgeExportIdSchema.shape), ExportFileSchema),
  'review:exportEvidence': channel(ExportEvidenceRequestSchema.extend(BridgeExportIdSchema.shape), ExportFileSchema),
  /** Stops a running export (the HTTP request is aborted, the server stops reading); false if none runs. */
  'review:cancelExport': channel(z.strictObject({ exportId: Id }), z.boolean()),
  'review:accessLog': channel(AccessLogQuerySchema, AccessLogResponseSchema),
  /** KR-ACCESS monthly access review (admin, the privacy officer). */
  'review:accessReview': channel(AccessReviewQuerySchema, AccessReviewSchema),

  /**
   * Call recordings in review (issue 15). A call without a recording answers null. Playback answers a
   * short-lived link (absolute URL on the API) the page's player reads with range requests; the bearer
   * token stays here. The inspection export comes back whole, with its hash.
   */
  'recordings:ofCall': channel(z.strictObject({ callId: Id }), RecordingSchema.nullable()),
  'recordings:play': channel(PlaybackRequestSchema.extend({ recordingId: Id }), AudioGrantSchema),
  'recordings:export': channel(InspectionExportRequestSchema.extend({ recordingId: Id }), RecordingExportFileSchema),

  /** Live listen (issue 15): the team's calls in progress; listening asks why (access log); the lead's page answers each party's leg. */
  'live:calls': channel(NoPayload, LiveCallListSchema),
  'live:listen': channel(ListenRequestSchema.extend({ callId: Id }), LiveSdpSchema),
  'live:answer': channel(LegAnswersSchema.extend({ sessionId: Id }), LiveSessionSchema),
  'live:end': channel(z.strictObject({ sessionId: Id }), LiveSessionSchema),
  /** Whisper (issue 15): the lead's send-only offer and why (access log) in, the edge's answer out. */
  'live:whisper': channel(WhisperRequestSchema.extend({ callId: Id }), LiveSdpSchema),
  /** For the agent's desk, during its own call: whether a lead listens or whispers (the server applies the profile's indicator rule). */
  'live:monitoring': channel(z.strictObject({ callId: Id }), MonitoringSchema),
  /** The agent's desk takes a lead's whisper on an extra leg: the edge's offer of it, then the desk's answer. */
  'live:whisperLegOffer': channel(z.strictObject({ sessionId: Id }), LiveSdpSchema),
  'live:whisperLegAnswer': channel(SdpBodySchema.extend({ sessionId: Id }), LiveSessionSchema),

  /** QA (issue 15): leads score calls on a scorecard version; agents read their own evaluations. */
  'qa:scorecards': channel(NoPayload, ScorecardListResponseSchema),
  'qa:scorecard': channel(z.strictObject({ id: Id, version: z.number().int().positive().optional() }), ScorecardVersionSchema),
  'qa:autofill': channel(z.strictObject({ callId: Id, scorecardId: Id, version: z.number().int().positive() }), QaAutofillResponseSchema),
  'qa:evaluate': channel(CreateEvaluationRequestSchema, EvaluationSchema),
  'qa:evaluations': channel(EvaluationListQuerySchema, EvaluationListResponseSchema),
  'qa:evaluation': channel(z.strictObject({ id: Id }), EvaluationSchema),
  'qa:kpis': channel(QaKpisQuerySchema, QaKpisResponseSchema),

  /** Practice mode (issue 7): scenarios, scored attempts, trainees' progress. Never evidence. */
  'practice:scenarios': channel(NoPayload, PracticeScenarioListResponseSchema),
  'practice:scenario': channel(z.strictObject({ id: Id }), PracticeScenarioRecordSchema),
  'practice:createScenario': channel(CreatePracticeScenarioRequestSchema, PracticeScenarioRecordSchema),
  'practice:updateScenario': channel(UpdatePracticeScenarioRequestSchema.extend({ id: Id }), PracticeScenarioRecordSchema),
  'practice:submitAttempt': channel(PracticeAttemptRequestSchema, PracticeAttemptSchema),
  'practice:attempts': channel(PracticeAttemptListQuerySchema.partial({ limit: true }), PracticeAttemptListResponseSchema),
  'practice:attempt': channel(z.strictObject({ id: Id }), PracticeAttemptSchema),
  'practice:progress': channel(PracticeProgressQuerySchema, PracticeProgressResponseSchema),
  /** Voice practice (issue 17): is there a practice line; a practice dial URI; an attempt's recording. */
  'practice:line': channel(NoPayload, PracticeLineStatusSchema),
  'practice:voiceCall': channel(CreateVoiceCallRequestSchema, VoiceCallSchema),
  'practice:audio': channel(z.strictObject({ id: Id }), PracticeAudioSchema),
  'practice:voiceCallState': channel(z.strictObject({ id: Id }), VoiceCallStateSchema),
  /** Trainers listening live to voice practice (issue 15's live listen). */
  'practice:live': channel(NoPayload, PracticeLiveCallListSchema),
  'practice:listen': channel(z.strictObject({ callId: Id }), PracticeListenSchema),
  'practice:listenAnswer': channel(LegAnswersSchema.extend({ sessionId: Id }), PracticeListenSchema),
  'practice:listenEnd': channel(z.strictObject({ sessionId: Id }), PracticeListenSchema),

  'app:openExternal': channel(z.strictObject({ url: z.url() }), z.boolean()),
} as const;

/** Main -> renderer notifications. */
export const IPC_EVENTS = {
  'outbox:changed': OutboxStatusSchema,
  /** The token expired or was revoked: the desk shows the login again. */
  'session:expired': z.null(),
  /** A running export's progress (rows and bytes received so far). */
  'review:exportProgress': ExportProgressSchema,
} as const;

export type IpcChannels = typeof IPC_CHANNELS;
export type IpcChannelName = keyof IpcChannels;
export type IpcEvents = typeof IPC_EVENTS;
export type IpcEventName = keyof IpcEvents;

/** What `window.callgate` offers the renderer. */
export type CallgateBridge = InvokeApi<IpcChannels> & EventApi<IpcEvents>;

// names.ts must list exactly the channels and events above (a mismatch fails to compile).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelNamesMatch: Same<(typeof IPC_CHANNEL_NAMES)[number], IpcChannelName> = true;
const eventNamesMatch: Same<(typeof IPC_EVENT_NAMES)[number], IpcEventName> = true;
void channelNamesMatch;
void eventNamesMatch;
