import type { PracticeListen, PracticeLiveCall } from '../../../shared/api/practice';
import type { LiveSdp } from '../../../shared/api/live';
import { newId } from '../../../shared/domain/ids';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import type { MediaEdge } from '../../media/media-edge';
import { atEdge } from '../../media/at-edge';
import { SUPERVISOR_TAG_PREFIX } from '../../recording/recorder';
import { liveVoiceCalls, voiceCallById } from '../../store/practice-voice-calls';
import type { Db } from '../../store/sql';

/**
 * A trainer listening live to a trainee's voice practice call (issue 17), on issue 15's live listen: the
 * media edge (rtpengine) offers each party of the call on a WebRTC leg of its own (the trainee's desk,
 * the practice line's customer) and the trainer's browser plays them together
 * (renderer/live/live-media.ts). A practice call is not a call record, so these sessions are kept here
 * (in memory, ending with the call), not in `live_sessions`; the trainee's desk shows that a trainer
 * is listening.
 */
interface ListenSession {
  readonly id: string;
  readonly callId: string;
  readonly userId: string;
  readonly mediaCallId: string;
  readonly legTags: readonly string[];
  state: 'offered' | 'listening' | 'ended';
}

export class PracticeListening {
  readonly #sessions = new Map<string, ListenSession>();

  constructor(
    private readonly db: Db,
    private readonly edge: () => MediaEdge | null,
    private readonly isLive: (callId: string) => boolean,
  ) {}

  /** The voice practice calls on the line now, with how many trainers listen to each. */
  async liveCalls(): Promise<PracticeLiveCall[]> {
    const rows = await liveVoiceCalls(this.db);
    return rows.filter((r) => this.isLive(r.callId)).map((r) => ({ ...r, listeners: this.listeners(r.callId) }));
  }

  listeners(callId: string): number {
    return [...this.#sessions.values()].filter((s) => s.callId === callId && s.state !== 'ended').length;
  }

  /** Offers the call to the trainer: one leg per party (trainee, customer), each to be answered. */
  async listen(user: UserRecord, callId: string): Promise<PracticeListen> {
    const call = await voiceCallById(this.db, callId);
    if (!call) throw new ApiError('not-found', `no voice practice call ${callId}`);
    if (call.state !== 'claimed' || !call.sipCallId || !this.isLive(callId)) throw new ApiError('invalid-state', `voice practice call ${callId} is not on the line now`);
    // Only then the media edge: a call that does not exist is a 404 whether or not the edge is configured.
    const edge = this.#edge();
    const mediaCallId = call.sipCallId;
    const parties = (await atEdge('find the call', () => edge.parties(mediaCallId))).filter((p) => !p.tag.startsWith(SUPERVISOR_TAG_PREFIX));
    if (parties.length === 0) throw new ApiError('invalid-state', 'the media edge does not carry this practice call (is it placed through the SIP edge?)');
    const id = newId();
    const legs: LiveSdp['legs'][number][] = [];
    for (const [i, p] of parties.slice(0, 2).entries()) {
      const tag = `${SUPERVISOR_TAG_PREFIX}${id}-${i}`;
      // The trainee's desk is the WebRTC party; the practice line speaks plain RTP.
      const party = /SAVP/.test(p.protocol) ? 'agent' : 'customer';
      legs.push({ id: tag, party, sdp: await atEdge('offer the call to the listener', () => edge.subscribe(mediaCallId, [p.tag], tag)) });
    }
    this.#sessions.set(id, { id, callId, userId: user.id, mediaCallId, legTags: legs.map((l) => l.id), state: 'offered' });
    return { sessionId: id, callId, state: 'offered', legs };
  }

  /** The trainer's answers, one per leg: media flows. */
  async answer(user: UserRecord, sessionId: string, answers: readonly { id: string; sdp: string }[]): Promise<PracticeListen> {
    const s = this.#own(user, sessionId);
    if (s.state !== 'offered') throw new ApiError('invalid-state', `the listen session is ${s.state}: it takes no answer now`);
    const unknown = answers.find((a) => !s.legTags.includes(a.id));
    if (unknown || answers.length !== s.legTags.length) {
      throw new ApiError('validation', `answer each leg of the session once: ${s.legTags.join(', ')}`, { errors: [fieldError('body', '/legs', unknown ? `unknown leg ${unknown.id}` : `expected ${s.legTags.length} legs`)] });
    }
    const edge = this.#edge();
    for (const a of answers) await atEdge('start the listener', () => edge.subscribeAnswer(s.mediaCallId, a.id, a.sdp));
    s.state = 'listening';
    return { sessionId: s.id, callId: s.callId, state: s.state, legs: [] };
  }

  async end(user: UserRecord, sessionId: string): Promise<PracticeListen> {
    const s = this.#own(user, sessionId);
    await this.#stop(s);
    return { sessionId: s.id, callId: s.callId, state: 'ended', legs: [] };
  }

  /** The call left the line: its listeners stop. */
  async callEnded(callId: string): Promise<void> {
    for (const s of this.#sessions.values()) if (s.callId === callId) await this.#stop(s);
  }

  async #stop(s: ListenSession): Promise<void> {
    if (s.state === 'ended') return;
    s.state = 'ended';
    const edge = this.edge();
    if (edge) for (const leg of s.legTags) await edge.unsubscribe(s.mediaCallId, leg).catch(() => undefined);
    setTimeout(() => this.#sessions.delete(s.id), 60_000).unref();
  }

  #own(user: UserRecord, id: string): ListenSession {
    const s = this.#sessions.get(id);
    if (!s || (user.role !== 'admin' && s.userId !== user.id)) throw new ApiError('not-found', `no listen session ${id}`);
    return s;
  }

  #edge(): MediaEdge {
    const edge = this.edge();
    if (!edge) throw new ApiError('media-edge-unavailable', 'listening live needs the media edge (set CALLGATE_RTPENGINE_NG)');
    return edge;
  }
}
