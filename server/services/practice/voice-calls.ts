import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateVoiceCallRequest, PracticeAudio, PracticeLineStatus, VoiceCall, VoiceCallState } from '../../../shared/api/practice';
import { newId } from '../../../shared/domain/ids';
import type { Locale } from '../../../shared/domain/locale';
import { everyLine } from '../../../shared/practice/customer';
import type { Scenario } from '../../../shared/practice/scenario';
import type { VoiceCallFacts } from '../../../shared/practice/voice-facts';
import type { ServerConfig } from '../../config';
import type { AppContext } from '../../context';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import type { MediaEdge } from '../../media/media-edge';
import { PracticeLine, type Claim } from '../../practice-line/line';
import type { SpeechEngineError } from '../../practice-line/speech';
import { SpeechCache } from '../../practice-line/speech';
import type { VoiceCallSpec } from '../../practice-line/voice-session';
import { writeWav, type Pcm } from '../../practice-line/wav';
import { attemptById } from '../../store/practice-attempts';
import { scenarioRevision } from '../../store/practice-scenarios';
import { claimVoiceCall, endVoiceCall, insertVoiceCall, voiceCallById, voiceCallByToken } from '../../store/practice-voice-calls';
import type { Store } from '../../store/store';
import { practiceScript } from './assets';
import { PracticeListening } from './practice-listen';

/**
 * Voice practice (issue 17, decision record 0080): the API issues a single-use practice dial URI per
 * voice practice call; the SIP edge routes `sip:p-<token>@...` to the practice line (never a trunk); the
 * line claims the token here, plays the simulated customer, and hands back what it observed and the
 * recording when the call ends. Everything stays in practice tables and the data folder's
 * `practice-audio/`: no ledger entry, no call record, no evidence.
 */
export interface PracticeVoiceDeps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly config: ServerConfig;
  /** The media edge (rtpengine), for trainers listening live; null without one. */
  readonly edge?: MediaEdge | null;
  readonly log?: (line: string) => void;
}

const LOCALES: readonly Locale[] = ['ko', 'en'];

export class PracticeVoice {
  readonly #d: PracticeVoiceDeps;
  readonly speech: SpeechCache;
  #line: PracticeLine | undefined;
  #status: PracticeLineStatus = { voice: false, reason: 'not-configured', locales: [] };
  /** Speech synthesis of each issued call's lines (the line waits for it before answering). */
  readonly #prepared = new Map<string, Promise<void>>();
  /** Calls whose end is being written, so a submitted attempt waits for the facts. */
  readonly #ending = new Map<string, Promise<void>>();
  /** Trainers listening live (issue 15's live listen on the media edge). */
  readonly listening: PracticeListening;

  constructor(deps: PracticeVoiceDeps) {
    this.#d = deps;
    this.listening = new PracticeListening(deps.store.db, () => deps.edge ?? null, (callId) => this.#line?.isLive(callId) ?? false);
    this.speech = new SpeechCache({ dir: join(deps.config.dataDir, 'practice-voice'), ...(deps.config.espeakBinary ? { binary: deps.config.espeakBinary } : {}) });
  }

  /** Starts the line when configured; a missing espeak-ng or a taken port leaves voice off, with the reason. */
  async start(): Promise<void> {
    const listen = this.#d.config.practiceSip;
    if (!listen) return;
    try {
      await this.speech.version();
    } catch (err) {
      this.#status = { voice: false, reason: 'no-speech-engine', locales: [] };
      this.#d.log?.(`voice practice is off: ${(err as SpeechEngineError).message}`);
      return;
    }
    const line = new PracticeLine({
      host: listen.host,
      port: listen.port,
      ...(this.#d.config.practiceMediaHost ? { mediaHost: this.#d.config.practiceMediaHost } : {}),
      speech: this.speech,
      ringMs: this.#d.config.practiceRingMs,
      claim: (token, sip) => this.#claim(token, sip),
      ended: (spec, result) => this.#ended(spec, result),
      ...(this.#d.log ? { log: this.#d.log } : {}),
    });
    try {
      await line.start();
    } catch (err) {
      this.#status = { voice: false, reason: 'not-started', locales: [] };
      this.#d.log?.(`voice practice is off: the practice line cannot listen on ${listen.host}:${listen.port} (${(err as Error).message})`);
      return;
    }
    this.#line = line;
    this.#status = { voice: true, reason: 'ok', locales: [...LOCALES] };
    this.#d.log?.(`practice line on udp:${line.address}`);
  }

  async stop(): Promise<void> {
    await this.#line?.stop();
    await Promise.allSettled([...this.#ending.values()]);
  }

  status(): PracticeLineStatus {
    return this.#status;
  }

  /** The line itself (tests and the bench read its address and stats). */
  get line(): PracticeLine | undefined {
    return this.#line;
  }

  /** The practice dial URI of a new voice practice call. */
  async createCall(user: UserRecord, body: CreateVoiceCallRequest): Promise<VoiceCall> {
    const line = this.#line;
    if (!line) throw new ApiError('invalid-state', `voice practice is not available here (${this.#status.reason}); practice in text mode`);
    const db = this.#d.store.db;
    const scenario = await scenarioRevision(db, body.scenarioId, body.scenarioRevision);
    if (!scenario) {
      throw new ApiError('unknown-reference', `no practice scenario ${body.scenarioId} at revision ${body.scenarioRevision}`, {
        errors: [fieldError('body', '/scenarioRevision', 'unknown scenario revision')],
      });
    }
    if (!practiceScript(scenario.campaign.script.id, scenario.campaign.script.version)) {
      throw new ApiError('unknown-reference', `script ${scenario.campaign.script.id}@${scenario.campaign.script.version} is not installed on the server`);
    }
    const now = this.#d.clock();
    const token = randomBytes(24).toString('base64url');
    const callId = newId();
    const expiresAt = new Date(now.getTime() + this.#d.config.dialTtlSec * 1000);
    await insertVoiceCall(db, {
      callId,
      tokenSha256: sha256(token),
      traineeId: user.id,
      scenarioId: body.scenarioId,
      scenarioRevision: body.scenarioRevision,
      locale: body.locale,
      setupAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    // Synthesize every line now, while the desk dials: the customer never waits for speech.
    const prepared = this.#prepare(scenario, body.locale);
    prepared.catch(() => undefined);
    this.#prepared.set(callId, prepared);
    setTimeout(() => this.#prepared.delete(callId), (this.#d.config.dialTtlSec + 60) * 1000).unref();
    const domain = this.#d.config.practiceDialDomain ?? this.#d.config.edgeDomain ?? line.address;
    return { callId, dialUri: `sip:p-${token}@${domain}`, setupAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  }

  /** Practice events the API stored (fresh ones): the customer of their call reacts. */
  onPracticeEvents(events: readonly { readonly callId: string }[]): void {
    this.#line?.onPracticeEvents(events);
  }

  /** Resolves once a voice call's end is written (at once when it is not live); bounded by `timeoutMs`. */
  async settled(callId: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.#line?.isLive(callId) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    await Promise.race([this.#ending.get(callId), new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())))]);
  }

  /** A voice practice call of `user` (trainers and admins: anyone's): its state and listeners. */
  async callState(user: UserRecord, callId: string): Promise<VoiceCallState> {
    const call = await voiceCallById(this.#d.store.db, callId);
    if (!call || (user.role === 'agent' && call.traineeId !== user.id)) throw new ApiError('not-found', `no voice practice call ${callId}`);
    return { callId, state: call.state, listeners: this.listening.listeners(callId) };
  }

  /** The recording of an attempt, if it was a voice attempt with a recording the user may hear. */
  async audio(user: UserRecord, attemptId: string): Promise<PracticeAudio> {
    const db = this.#d.store.db;
    const attempt = await attemptById(db, attemptId);
    if (!attempt || (user.role === 'agent' && attempt.traineeId !== user.id)) throw new ApiError('not-found', `no practice attempt ${attemptId}`);
    const call = await voiceCallById(db, attempt.callId);
    if (!call?.audioFile) throw new ApiError('not-found', `practice attempt ${attemptId} has no recording`);
    let wav: Buffer;
    try {
      wav = readFileSync(join(this.#d.config.dataDir, 'practice-audio', call.audioFile));
    } catch {
      throw new ApiError('not-found', `the recording of practice attempt ${attemptId} is gone from the data folder`);
    }
    const frames = Math.max(0, wav.length - 44) / 4;
    return { mediaType: 'audio/wav', durationMs: Math.round(frames / 8), base64: wav.toString('base64') };
  }

  async #prepare(scenario: Scenario, locale: Locale): Promise<void> {
    for (const line of everyLine(scenario, locale)) await this.speech.get(line.text, locale, { ...scenario.persona.voice, mood: line.mood });
  }

  async #claim(token: string, sip: { callId: string; fromUser: string | undefined }): Promise<Claim> {
    const db = this.#d.store.db;
    const row = await voiceCallByToken(db, sha256(token));
    const at = this.#d.clock().toISOString();
    if (!row || !(await claimVoiceCall(db, sha256(token), sip.callId, at))) return { ok: false, status: 403, reason: 'Forbidden' };
    const scenario = await scenarioRevision(db, row.scenarioId, row.scenarioRevision);
    const script = scenario ? practiceScript(scenario.campaign.script.id, scenario.campaign.script.version) : undefined;
    const trainee = await db.get('SELECT display_name FROM users WHERE id = ?', [row.traineeId]);
    if (!scenario || !script || !trainee) return { ok: false, status: 404, reason: 'Not Found' };
    try {
      await withTimeout(this.#prepared.get(row.callId) ?? this.#prepare(scenario, row.locale), 20_000);
    } catch (err) {
      this.#d.log?.(`practice call ${row.callId}: no voice (${(err as Error).message})`);
      return { ok: false, status: 503, reason: 'Service Unavailable' };
    }
    const spec: VoiceCallSpec = {
      callId: row.callId,
      trainee: { id: row.traineeId, name: String(trainee['display_name']) },
      scenario,
      script,
      locale: row.locale,
      setupAt: new Date(row.setupAt),
    };
    return { ok: true, spec };
  }

  #ended(spec: VoiceCallSpec, result: { facts: VoiceCallFacts | undefined; recording: Pcm | undefined }): Promise<void> {
    const p = (async () => {
      await this.listening.callEnded(spec.callId);
      let audioFile: string | null = null;
      if (result.facts && result.recording && result.recording.samples.length > 0) {
        const dir = join(this.#d.config.dataDir, 'practice-audio');
        mkdirSync(dir, { recursive: true });
        audioFile = `${spec.callId}.wav`;
        const tmp = join(dir, `${audioFile}.tmp`);
        writeFileSync(tmp, writeWav(result.recording));
        renameSync(tmp, join(dir, audioFile));
      }
      await endVoiceCall(this.#d.store.db, spec.callId, { endedAt: this.#d.clock().toISOString(), facts: result.facts ?? null, audioFile });
    })();
    this.#ending.set(spec.callId, p);
    p.finally(() => setTimeout(() => this.#ending.delete(spec.callId), 60_000).unref()).catch(() => undefined);
    return p;
  }
}

/** Whether `attempt.callId` was a voice practice call of this trainee; its facts once it ended. */
export async function voiceFactsForAttempt(ctx: AppContext, traineeId: string, callId: string): Promise<{ voice: boolean; facts: VoiceCallFacts | null; setupAt: string | null }> {
  await ctx.practiceVoice?.settled(callId);
  const call = await voiceCallById(ctx.store.db, callId);
  if (!call) return { voice: false, facts: null, setupAt: null };
  if (call.traineeId !== traineeId) throw new ApiError('forbidden', 'this practice call was issued to someone else', { errors: [fieldError('body', '/callId', 'not your practice call')] });
  return { voice: true, facts: call.facts, setupAt: call.setupAt };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)))]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
