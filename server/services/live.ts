import type { LiveCallList, LiveSdp, LiveSessionDto, Monitoring } from '../../shared/api/live';
import { newId } from '../../shared/domain/ids';
import { liveStep, type LiveInput, type LiveMode } from '../../shared/live/live-session';
import { livePolicy } from '../../shared/live/policy';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import { logAccess } from '../identity/access-log';
import type { UserRecord } from '../identity/users';
import type { MediaEdge } from '../media/media-edge';
import { atEdge } from '../media/at-edge';
import { labelParties, SUPERVISOR_TAG_PREFIX } from '../recording/recorder';
import { callById, callInScope, type CallRow } from '../store/calls';
import { campaignById } from '../store/campaigns';
import { connectedCalls, edgeReportedEnd, insertLiveSession, liveSessionById, liveSessionsOfCalls, moveLiveSession, type LiveSessionRow } from '../store/live-sessions';
import { accessScope, reviewAccess } from './access-scope';

/** Calls started longer ago than this are not offered as live (a desk that vanished leaves `connected` behind). */
const LIVE_WINDOW_MS = 12 * 3_600_000;

export function liveSessionDto(s: LiveSessionRow): LiveSessionDto {
  return { id: s.id, callId: s.callId, mode: s.mode, state: s.state, userId: s.userId, userName: s.userName, startedAt: s.startedAt, endedAt: s.endedAt };
}

function edgeOf(ctx: AppContext): MediaEdge {
  const edge = ctx.recordings.edge;
  if (!edge) throw new ApiError('media-edge-unavailable', 'live monitoring needs the media edge (set CALLGATE_RTPENGINE_NG)');
  return edge;
}

/** A call in progress that the reviewer's scope covers (a lead: own team), and its media-edge call. */
async function liveCall(ctx: AppContext, user: UserRecord, callId: string): Promise<{ call: CallRow; mediaCallId: string }> {
  const call = await callInScope(ctx.store.db, callId, reviewAccess(user));
  if (!call) throw new ApiError('not-found', `no call ${callId}`);
  if (call.state !== 'connected') throw new ApiError('invalid-state', `call ${callId} is not in progress (${call.state})`);
  if (await edgeReportedEnd(ctx.store.db, call.attemptId)) throw new ApiError('invalid-state', `call ${callId} has ended at the SIP edge`);
  const target = ctx.recordings.targetOf(call);
  if (!target) throw new ApiError('invalid-state', `call ${callId} has no media at the edge`);
  return { call, mediaCallId: target.mediaCallId };
}

/** The team's calls in progress, each with its open live sessions. */
export async function liveCalls(ctx: AppContext, user: UserRecord): Promise<LiveCallList> {
  const since = new Date(ctx.clock().getTime() - LIVE_WINDOW_MS).toISOString();
  const calls = await connectedCalls(ctx.store.db, reviewAccess(user), since);
  const sessions = await liveSessionsOfCalls(ctx.store.db, calls.map((c) => c.callId));
  return { items: calls.map((c) => ({ ...c, sessions: sessions.filter((s) => s.callId === c.callId).map(liveSessionDto) })) };
}

type Leg = LiveSdp['legs'][number];

async function open(
  ctx: AppContext,
  user: UserRecord,
  callId: string,
  mode: LiveMode,
  reason: string,
  address: string | null,
  edgeWork: (edge: MediaEdge, mediaCallId: string, leadTag: string) => Promise<Leg[]>,
): Promise<LiveSdp> {
  const { call, mediaCallId } = await liveCall(ctx, user, callId);
  const edge = edgeOf(ctx);
  const id = newId();
  const leadTag = `${SUPERVISOR_TAG_PREFIX}${id}`;
  const at = ctx.clock().toISOString();
  // Logged before the media flows: an attempt is an access too (KR-ACCESS).
  const accessLogId = await logAccess(ctx.store.db, { at, userId: user.id, action: mode === 'listen' ? 'live_listen' : 'live_whisper', subjectType: 'call', subjectId: call.id, reason, address });
  const legs = await edgeWork(edge, mediaCallId, leadTag);
  const state = mode === 'whisper' ? (liveStep('whisper', 'connecting', 'published') ?? 'connecting') : 'connecting';
  await insertLiveSession(ctx.store.db, { id, callId: call.id, teamId: call.teamId, userId: user.id, mode, state, mediaCallId, leadTag, legTags: legs.map((l) => l.id), accessLogId, startedAt: at });
  const row = await liveSessionById(ctx.store.db, id);
  if (!row) throw new Error('live session vanished after insert');
  return { session: liveSessionDto(row), legs };
}

/**
 * Listen: the edge offers each party of the call (agent, customer) on a leg of its own; the lead's
 * browser plays them together. The parties' audio is not mixed at the edge (rtpengine 10.5 cannot).
 */
export async function listen(ctx: AppContext, user: UserRecord, callId: string, reason: string, address: string | null): Promise<LiveSdp> {
  return open(ctx, user, callId, 'listen', reason, address, async (edge, mediaCallId, leadTag) => {
    const call = await callById(ctx.store.db, callId);
    const parties = (await atEdge('find the call', () => edge.parties(mediaCallId))).filter((p) => !p.tag.startsWith(SUPERVISOR_TAG_PREFIX));
    if (parties.length === 0) throw new ApiError('invalid-state', `the media edge does not know call ${callId}`);
    const labelled = labelParties(parties, call ? ctx.recordings.targetOf(call)?.agentTag : undefined);
    const roles = labelled.some((r) => r.role === 'agent') ? labelled : [];
    const legs: Leg[] = [];
    for (const [i, p] of parties.slice(0, 2).entries()) {
      // Who is who, when the edge can tell (the desk's WebRTC leg, or the agent's tag); else the order.
      const role = roles.find((r) => r.port === p.port)?.role ?? (i === 0 ? 'agent' : 'customer');
      const leg = `${leadTag}-${i}`;
      legs.push({ id: leg, party: role, sdp: await atEdge('offer the call to the listener', () => edge.subscribe(mediaCallId, [p.tag], leg)) });
    }
    return legs;
  });
}

/** Whisper: the lead's send-only stream goes into the call; only the agent's extra leg will take it. */
export async function whisper(ctx: AppContext, user: UserRecord, callId: string, reason: string, sdp: string, address: string | null): Promise<LiveSdp> {
  return open(ctx, user, callId, 'whisper', reason, address, async (edge, mediaCallId, leadTag) => [
    { id: leadTag, party: 'lead', sdp: await atEdge('take the whisper stream', () => edge.publish(mediaCallId, leadTag, sdp)) },
  ]);
}

/** The session, if `user` opened it (or is an admin); otherwise 404. */
async function ownSession(ctx: AppContext, user: UserRecord, id: string): Promise<LiveSessionRow> {
  const s = await liveSessionById(ctx.store.db, id);
  if (!s || (user.role !== 'admin' && s.userId !== user.id)) throw new ApiError('not-found', `no live session ${id}`);
  return s;
}

/** Moves a session along its table, or 409 naming the state it is in. */
async function move(ctx: AppContext, s: LiveSessionRow, input: LiveInput, extra: { agentTag?: string; endedAt?: string } = {}): Promise<LiveSessionRow> {
  const next = liveStep(s.mode, s.state, input);
  if (!next) throw new ApiError('invalid-state', `the ${s.mode} session is ${s.state}: ${input.replace('_', ' ')} is not possible now`);
  if (!(await moveLiveSession(ctx.store.db, s.id, s.state, next, extra))) throw new ApiError('invalid-state', `the ${s.mode} session changed meanwhile; reload it`);
  const after = await liveSessionById(ctx.store.db, s.id);
  if (!after) throw new Error('live session vanished');
  return after;
}

export async function answerListen(ctx: AppContext, user: UserRecord, id: string, answers: readonly { id: string; sdp: string }[]): Promise<LiveSessionDto> {
  const s = await ownSession(ctx, user, id);
  if (!liveStep(s.mode, s.state, 'lead_answer')) throw new ApiError('invalid-state', `the ${s.mode} session is ${s.state}: it takes no answer now`);
  const unknown = answers.find((a) => !s.legTags.includes(a.id));
  if (unknown || answers.length !== s.legTags.length) {
    throw new ApiError('validation', `answer each leg of the session once: ${s.legTags.join(', ')}`, { errors: [fieldError('body', '/legs', unknown ? `unknown leg ${unknown.id}` : `expected ${s.legTags.length} legs`)] });
  }
  const edge = edgeOf(ctx);
  for (const a of answers) await atEdge('start the listener', () => edge.subscribeAnswer(s.mediaCallId, a.id, a.sdp));
  return liveSessionDto(await move(ctx, s, 'lead_answer'));
}

/** Stops a session's media at the edge (best effort: the call may be gone already). */
async function stopMedia(edge: MediaEdge | null, s: LiveSessionRow): Promise<void> {
  if (!edge) return;
  const quiet = (p: Promise<void>): Promise<void> => p.catch(() => undefined);
  if (s.mode === 'listen') for (const leg of s.legTags) await quiet(edge.unsubscribe(s.mediaCallId, leg));
  else {
    await quiet(edge.block(s.mediaCallId, s.leadTag));
    if (s.agentTag) await quiet(edge.unsubscribe(s.mediaCallId, s.agentTag));
  }
}

export async function endSession(ctx: AppContext, user: UserRecord, id: string): Promise<LiveSessionDto> {
  const s = await ownSession(ctx, user, id);
  if (s.state === 'ended') return liveSessionDto(s);
  const after = await move(ctx, s, 'end', { endedAt: ctx.clock().toISOString() });
  await stopMedia(ctx.recordings.edge, s);
  return liveSessionDto(after);
}

/** Every open session of a call ends with it (the desk recorded its end, or the SIP edge reported it). */
export async function endSessionsOfCall(ctx: AppContext, callId: string): Promise<void> {
  for (const s of await liveSessionsOfCalls(ctx.store.db, [callId])) {
    if (await moveLiveSession(ctx.store.db, s.id, s.state, 'ended', { endedAt: ctx.clock().toISOString() })) await stopMedia(ctx.recordings.edge, s);
  }
}

/** The agent's own call (an admin: any); otherwise 404. */
async function agentsCall(ctx: AppContext, user: UserRecord, callId: string): Promise<CallRow> {
  const call = await callInScope(ctx.store.db, callId, accessScope(user));
  if (!call) throw new ApiError('not-found', `no call ${callId}`);
  return call;
}

/** For the agent's desk: the indicator (where the profile shows it) and the whisper waiting to be taken. */
export async function monitoring(ctx: AppContext, user: UserRecord, callId: string): Promise<Monitoring> {
  const call = await agentsCall(ctx, user, callId);
  const campaign = await campaignById(ctx.store.db, call.campaignId);
  const indicator = campaign ? livePolicy(campaign.profile).agentIndicator : true;
  const open = await liveSessionsOfCalls(ctx.store.db, [call.id]);
  const whisperSession = [...open].reverse().find((s) => s.mode === 'whisper');
  return {
    indicator: indicator && open.length > 0,
    sessions: indicator ? open.map((s) => ({ mode: s.mode, userName: s.userName })) : [],
    whisper: whisperSession ? { sessionId: whisperSession.id, state: whisperSession.state } : null,
  };
}

/** A whisper session of the agent's own call. */
async function agentsWhisper(ctx: AppContext, user: UserRecord, id: string): Promise<LiveSessionRow> {
  const s = await liveSessionById(ctx.store.db, id);
  if (!s || s.mode !== 'whisper') throw new ApiError('not-found', `no whisper ${id}`);
  await agentsCall(ctx, user, s.callId).catch(() => {
    throw new ApiError('not-found', `no whisper ${id}`);
  });
  return s;
}

/** The edge's offer of the lead's whisper to the agent's desk (an extra leg, never the customer's). */
export async function whisperLegOffer(ctx: AppContext, user: UserRecord, id: string): Promise<LiveSdp> {
  const s = await agentsWhisper(ctx, user, id);
  if (!liveStep(s.mode, s.state, 'agent_offer')) throw new ApiError('invalid-state', `the whisper is ${s.state}: nothing to take now`);
  const agentTag = `${s.leadTag}-agent`;
  const edge = edgeOf(ctx);
  if (s.agentTag) await edge.unsubscribe(s.mediaCallId, s.agentTag).catch(() => undefined);
  const sdp = await atEdge('offer the whisper to the agent', () => edge.subscribe(s.mediaCallId, [s.leadTag], agentTag));
  return { session: liveSessionDto(await move(ctx, s, 'agent_offer', { agentTag })), legs: [{ id: agentTag, party: 'lead', sdp }] };
}

export async function whisperLegAnswer(ctx: AppContext, user: UserRecord, id: string, sdp: string): Promise<LiveSessionDto> {
  const s = await agentsWhisper(ctx, user, id);
  if (!liveStep(s.mode, s.state, 'agent_answer') || !s.agentTag) throw new ApiError('invalid-state', `the whisper is ${s.state}: ask for its offer first`);
  const agentTag = s.agentTag;
  await atEdge('start the whisper leg', () => edgeOf(ctx).subscribeAnswer(s.mediaCallId, agentTag, sdp));
  return liveSessionDto(await move(ctx, s, 'agent_answer'));
}
