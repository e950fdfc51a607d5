import type { Locale } from '../../shared/domain/locale';
import { SimulatedCustomer, type CustomerLine, type RunView } from '../../shared/practice/customer';
import { DEFAULT_WAIT_MS, readAloudMs } from '../../shared/practice/pace';
import { PersonaTiming, type HangUpReason } from '../../shared/practice/persona-timing';
import { practiceSetup } from '../../shared/practice/practice-call';
import { PracticeReplayer, PracticeReplayError } from '../../shared/practice/replay';
import type { Scenario } from '../../shared/practice/scenario';
import type { SaidLine, SpeechSegment, VoiceCallFacts } from '../../shared/practice/voice-facts';
import type { ScriptDefinition } from '../../shared/script/definition';
import { decode, encode } from './g711';
import type { SpokenLine } from './speech';
import { VoiceActivity } from './voice-activity';
import type { Pcm } from './wav';

/** 20 ms of 8 kHz audio: one RTP packet. */
export const FRAME_SAMPLES = 160;
export const FRAME_MS = 20;
/** A practice call ends after this long whatever happens (the recording stays bounded). */
export const MAX_CALL_MS = 20 * 60_000;

const SILENCE = new Int16Array(FRAME_SAMPLES);
/** Recorded frames are kept as µ-law (1 byte a sample): a 20-minute call is 19 MB both ways, not 38. */
const SILENT_ULAW = encode(SILENCE, 'PCMU');

/** One voice practice call as the API issued it. */
export interface VoiceCallSpec {
  readonly callId: string;
  readonly trainee: { readonly id: string; readonly name: string };
  readonly scenario: Scenario;
  readonly script: ScriptDefinition;
  readonly locale: Locale;
  /** The practice call's setup instant (relative dates of the scenario resolve against it; the desk uses the same). */
  readonly setupAt: Date;
}

export interface VoiceSessionDeps {
  /** The line's audio if it is synthesized (all of a scenario's lines are, before the call is answered). */
  readonly speech: (line: CustomerLine) => SpokenLine | undefined;
  readonly wallClock: () => Date;
  readonly log?: (msg: string) => void;
}

/** What the session asks of the line. */
export type SessionSignal = { readonly type: 'hang_up'; readonly reason: HangUpReason | 'ended' | 'too_long' };

/**
 * The simulated customer of one voice practice call, on the server: the same ScriptRun (replayed from
 * the trainee's recorded events as they arrive), the same customer engine and persona timing as text
 * practice, speaking synthesized audio into 20 ms frames, and listening to the trainee's audio for voice
 * activity. Times are ms after the call was answered (`now` is the line's monotonic clock).
 *
 * ```
 *  ringing --answer(now)--> talking --customer hangs up / the run ends / too long--> hanging_up (signal)
 *  talking | hanging_up --finish(by)--> ended (facts + recording)
 * ```
 */
export class VoiceSession {
  readonly spec: VoiceCallSpec;
  #t0 = 0;
  #answeredAt: Date | undefined;
  #state: 'ringing' | 'talking' | 'hanging_up' | 'ended' = 'ringing';
  readonly #replayer: PracticeReplayer;
  readonly #customer: SimulatedCustomer;
  readonly #timing: PersonaTiming;
  readonly #vad = new VoiceActivity();
  #speechStart: number | undefined;
  readonly #speech: SpeechSegment[] = [];
  readonly #said: SaidLine[] = [];
  readonly #events: { seq: number; atMs: number }[] = [];
  #desync: string | null = null;
  #hangUp: HangUpReason | null = null;
  /** The audio being said: its samples and the frame it started in. */
  #playing: { samples: Int16Array; startFrame: number } | undefined;
  /** Frames sent so far (the next outgoing frame's index). */
  #sentFrames = 0;
  readonly #outFrames: Uint8Array[] = [];
  readonly #inFrames: (Uint8Array | undefined)[] = [];
  #framesReceived = 0;

  constructor(
    spec: VoiceCallSpec,
    readonly deps: VoiceSessionDeps,
  ) {
    this.spec = spec;
    const setup = practiceSetup(spec.scenario, { locale: spec.locale, callId: spec.callId, agentId: spec.trainee.id, agentName: spec.trainee.name, startedAt: spec.setupAt });
    this.#replayer = new PracticeReplayer(setup, spec.script);
    this.#customer = new SimulatedCustomer(spec.scenario, spec.script, spec.locale);
    this.#timing = new PersonaTiming({
      mode: 'voice',
      locale: spec.locale,
      waitMs: spec.scenario.persona.waitMs ?? DEFAULT_WAIT_MS,
      durationOf: (line) => deps.speech(line)?.durationMs ?? readAloudMs(line.text, spec.locale),
    });
  }

  get state(): 'ringing' | 'talking' | 'hanging_up' | 'ended' {
    return this.#state;
  }

  /** The call was answered (the ACK arrived) at `now`. */
  answer(now: number): void {
    if (this.#state !== 'ringing') return;
    this.#state = 'talking';
    this.#t0 = now;
    this.#answeredAt = this.deps.wallClock();
    const run = this.#replayer.run;
    this.#timing.answer(0, this.#customer.answer(run), 0, run.snapshot().stepId);
  }

  /** A practice event of this call reached the API at `now` (unparsed: the replay parses it). */
  onEvent(raw: unknown, now: number): void {
    if (this.#state !== 'talking' || this.#desync !== null) return;
    const steps = this.#replayer.steps;
    const seq = (raw as { seq?: unknown } | null)?.seq;
    const eventId = (raw as { eventId?: unknown } | null)?.eventId;
    // A repeat of an event already applied (delivery retried): nothing new.
    if (typeof seq === 'number' && seq < steps.length && steps[seq]?.event.eventId === eventId) return;
    const at = this.#rel(now);
    let step;
    try {
      step = this.#replayer.push(raw, `events[${steps.length}]`);
    } catch (err) {
      this.#desync = err instanceof PracticeReplayError ? err.message.slice(0, 300) : String(err).slice(0, 300);
      this.deps.log?.(`practice call ${this.spec.callId}: the customer stops reacting: ${this.#desync}`);
      return;
    }
    this.#events.push({ seq: step.event.seq, atMs: at });
    const run = this.#replayer.run;
    const view: RunView = { snapshot: () => run.snapshot(), prompt: run.prompt };
    const reply = this.#customer.react(step.before, step.action, view);
    this.#timing.act(at, reply, { readMs: 0, runFinal: run.isFinal, stepId: run.snapshot().stepId });
  }

  /** 20 ms (or any length) of the trainee's audio that arrived at `now`. */
  onAudio(samples: Int16Array, now: number): void {
    if (this.#state === 'ringing' || this.#state === 'ended') return;
    for (let i = 0; i + FRAME_SAMPLES <= samples.length; i += FRAME_SAMPLES) {
      const frame = samples.subarray(i, i + FRAME_SAMPLES);
      const at = this.#rel(now) + (i / FRAME_SAMPLES) * FRAME_MS;
      let slot = Math.floor(at / FRAME_MS);
      while (this.#inFrames[slot] !== undefined) slot += 1;
      if (slot * FRAME_MS < MAX_CALL_MS) this.#inFrames[slot] = encode(frame, 'PCMU');
      this.#framesReceived += 1;
      this.#voice(this.#vad.push(frame, at));
    }
  }

  /** Advances the persona and the voice detector to `now`; returns what the line must do. */
  tick(now: number): SessionSignal[] {
    if (this.#state !== 'talking') return [];
    const at = this.#rel(now);
    this.#voice(this.#vad.idle(at));
    const out: SessionSignal[] = [];
    for (const e of this.#timing.advance(at)) {
      if (e.type === 'say') this.#say(e.line, e.at, e.endsAt);
      else if (e.type === 'hang_up') {
        this.#hangUp = e.reason;
        out.push(this.#hangingUp(e.reason));
      } else out.push(this.#hangingUp('ended'));
    }
    if (this.#state === 'talking' && at >= MAX_CALL_MS) out.push(this.#hangingUp('too_long'));
    return out;
  }

  /** The frames of the customer's audio due by `now` (call it every 20 ms; it catches up on late ticks). */
  framesDue(now: number, max = 10): Int16Array[] {
    if (this.#state !== 'talking' && this.#state !== 'hanging_up') return [];
    const due = Math.floor(this.#rel(now) / FRAME_MS) + 1;
    const out: Int16Array[] = [];
    while (this.#sentFrames < due && out.length < max) {
      const frame = this.#frameAt(this.#sentFrames);
      if (this.#sentFrames * FRAME_MS < MAX_CALL_MS) this.#outFrames.push(frame === SILENCE ? SILENT_ULAW : encode(frame, 'PCMU'));
      out.push(frame);
      this.#sentFrames += 1;
    }
    // Too far behind (the process stalled): skip ahead rather than send a burst.
    if (this.#sentFrames < due) this.#sentFrames = due;
    return out;
  }

  /** The call is over (`by` ended it) at `now`: the facts for scoring. */
  finish(by: VoiceCallFacts['endedBy'], now: number): VoiceCallFacts | undefined {
    if (this.#state === 'ended') return undefined;
    const answered = this.#state !== 'ringing';
    this.#state = 'ended';
    if (!answered || !this.#answeredAt) return undefined;
    const end = this.#rel(now);
    if (this.#speechStart !== undefined) this.#speech.push({ startMs: this.#speechStart, endMs: Math.max(this.#speechStart, end) });
    this.#speechStart = undefined;
    const said = this.#said.map((l) => (l.endMs > end ? { ...l, endMs: Math.max(l.atMs, end) } : l)).filter((l) => l.atMs <= end);
    return {
      answeredAt: this.#answeredAt.toISOString(),
      endedAt: this.deps.wallClock().toISOString(),
      endedBy: by,
      customerHungUp: this.#hangUp,
      said: said.slice(0, 500),
      traineeSpeech: this.#speech.slice(0, 5000),
      events: this.#events.slice(0, 200),
      framesReceived: this.#framesReceived,
      desync: this.#desync,
    };
  }

  /** Both sides of the call as one stereo 8 kHz recording: the customer left, the trainee right. */
  recording(): Pcm {
    const frames = Math.max(this.#outFrames.length, this.#inFrames.length);
    const samples = new Int16Array(frames * FRAME_SAMPLES * 2);
    for (let f = 0; f < frames; f++) {
      const left = decode(this.#outFrames[f] ?? SILENT_ULAW, 'PCMU');
      const right = decode(this.#inFrames[f] ?? SILENT_ULAW, 'PCMU');
      const base = f * FRAME_SAMPLES * 2;
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        samples[base + i * 2] = left[i] as number;
        samples[base + i * 2 + 1] = right[i] as number;
      }
    }
    return { rate: 8000, channels: 2, samples };
  }

  #rel(now: number): number {
    return Math.max(0, Math.round(now - this.#t0));
  }

  #hangingUp(reason: SessionSignal['reason']): SessionSignal {
    this.#state = 'hanging_up';
    return { type: 'hang_up', reason };
  }

  #voice(t: ReturnType<VoiceActivity['push']>): void {
    if (!t) return;
    if (t.type === 'start') this.#speechStart = t.at;
    else if (this.#speechStart !== undefined) {
      this.#speech.push({ startMs: this.#speechStart, endMs: t.at });
      this.#speechStart = undefined;
    }
    this.#timing.agentVoice(t.type === 'start', t.at);
  }

  #say(line: CustomerLine, at: number, endsAt: number): void {
    this.#said.push({ kind: line.kind, stepId: line.stepId, text: line.text, atMs: at, endMs: endsAt });
    const audio = this.deps.speech(line);
    if (!audio) {
      this.deps.log?.(`practice call ${this.spec.callId}: no audio for a line (${line.kind}); it is not heard`);
      return;
    }
    this.#playing = { samples: audio.samples, startFrame: Math.max(this.#sentFrames, Math.ceil(at / FRAME_MS)) };
  }

  #frameAt(index: number): Int16Array {
    const p = this.#playing;
    if (!p || index < p.startFrame) return SILENCE;
    const from = (index - p.startFrame) * FRAME_SAMPLES;
    if (from >= p.samples.length) {
      this.#playing = undefined;
      return SILENCE;
    }
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(p.samples.subarray(from, Math.min(from + FRAME_SAMPLES, p.samples.length)));
    return frame;
  }
}
