import type { Locale } from '../domain/locale';
import type { CustomerLine, CustomerReply } from './customer';
import { NUDGE_LINE, SILENCE_HANG_UP_LINE } from './default-lines';
import { END_AFTER_MS, LINE_GAP_MS } from './pace';
import type { CustomerLineSpec } from './scenario';

/**
 * When the simulated customer says what, on one clock (issue 17): the lines the customer engine
 * (`SimulatedCustomer`) decided, one after the other and never over each other; what the customer does
 * when nobody speaks (asks "hello?", then hangs up); when the customer hangs up; when the call is over.
 * Pure: the caller owns the clock and the timer; it feeds what happened (`answer`, `act`, `agentVoice`)
 * and asks for what is due (`advance(now)`), and sets one timer for `nextAt()`.
 *
 * The same timing runs in three places, so they cannot disagree: the text practice call on the desk
 * (`mode: 'text'`, durations estimated from the text), the voice practice line on the server
 * (`mode: 'voice'`, durations of the synthesized audio, the trainee's voice activity from the media),
 * and the scoring of a text attempt (replayed on the events' times).
 *
 * States (`phase`):
 * ```
 *  waiting --answer(at, reply)--> talking
 *  talking: a line is due ---------------------> say it (starts after the line before it ended + gap)
 *           a line ends, it was marked hangUp -> hung_up  (effect hang_up: persona | silence)
 *           nobody spoke for the wait budget --> say "hello?" (nudge); once more --> say the silence
 *                                                hang-up line, then hang_up (silence)
 *           the run is final and all is said --> ended after END_AFTER_MS (effect end)
 *  talking --act(at, reply)--> talking: lines not started yet are said at once (text) or dropped
 *                              (voice: words cannot be said in no time; a pending hang-up stays)
 *  hung_up | ended: absorbing (every input is ignored)
 * ```
 * Silence is counted only while neither side speaks and no line is due; it starts at the latest of:
 * the customer's last line ended, the agent acted plus the time to read the new step aloud (text mode:
 * the agent reads silently, so reading counts as talking), the agent's voice stopped (voice mode).
 */
export type PersonaPhase = 'waiting' | 'talking' | 'hung_up' | 'ended';

/** Why the customer hung up: a line of the scenario (patience, "I'm hanging up") or silence. */
export type HangUpReason = 'persona' | 'silence';

/** What the caller must do, at `at` (ms on the caller's clock). */
export type PersonaEffect =
  | { readonly type: 'say'; readonly line: CustomerLine; readonly at: number; readonly endsAt: number }
  | { readonly type: 'hang_up'; readonly at: number; readonly reason: HangUpReason }
  | { readonly type: 'end'; readonly at: number };

export interface PersonaTimingOptions {
  readonly mode: 'text' | 'voice';
  readonly locale: Locale;
  /** How long the customer bears silence before "hello?", and again before hanging up (persona `waitMs`). */
  readonly waitMs: number;
  /** How long saying a line takes (text: an estimate from its length; voice: the audio's duration). */
  readonly durationOf: (line: CustomerLine) => number;
}

interface Scheduled {
  readonly line: CustomerLine;
  readonly dueAt: number;
  readonly reason: HangUpReason;
}

interface Speaking {
  readonly line: CustomerLine;
  readonly endsAt: number;
  readonly reason: HangUpReason;
}

/** The persona's timing of one practice call. */
export class PersonaTiming {
  #phase: PersonaPhase = 'waiting';
  #queue: Scheduled[] = [];
  #speaking: Speaking | undefined;
  #lastCustomerEnd = 0;
  #readUntil = 0;
  #agentVoiceEnd = 0;
  #agentSpeaking = false;
  #nudged = false;
  #runFinal = false;
  #stepId = '';
  #saidAny = false;

  constructor(readonly options: PersonaTimingOptions) {}

  get phase(): PersonaPhase {
    return this.#phase;
  }

  /** True while the customer is saying a line (voice: audio is playing; text: the line's estimated time). */
  get customerSpeaking(): boolean {
    return this.#speaking !== undefined;
  }

  /** True once the customer decided to hang up (their last words are due or being said). */
  get hangingUp(): boolean {
    return this.#phase === 'talking' && this.#hangUpDecided();
  }

  /** True while lines are due or being said. */
  get busy(): boolean {
    return this.#speaking !== undefined || this.#queue.length > 0;
  }

  /**
   * The call was answered at `at`: the customer's first reply (hello, then the answer to the first
   * step). `readMs` is how long the agent takes to read the first step aloud; `stepId` is that step.
   */
  answer(at: number, reply: CustomerReply, readMs: number, stepId: string): void {
    if (this.#phase !== 'waiting') return;
    this.#phase = 'talking';
    this.#stepId = stepId;
    this.#lastCustomerEnd = at;
    this.#readUntil = at + readMs;
    this.#schedule(reply, at);
  }

  /**
   * The agent recorded an action at `at`; `reply` is the customer's reaction, `readMs` the time to read
   * the step the run is on now (0 in a final state), `runFinal` whether the run ended. Returns the
   * lines said at once (text mode: what the customer had still to say is said now).
   */
  act(at: number, reply: CustomerReply, o: { readMs: number; runFinal: boolean; stepId: string }): PersonaEffect[] {
    if (this.#phase !== 'talking') return [];
    const out = this.advance(at);
    if (this.#phase !== 'talking') return out;
    this.#stepId = o.stepId;
    this.#nudged = false;
    this.#readUntil = at + o.readMs;
    const left = this.#queue;
    this.#queue = [];
    if (this.options.mode === 'text') {
      // The bubbles the agent skipped appear at once, in order, each taking its time.
      this.#queue = left;
      out.push(...this.#flushAll(at));
      if (this.#speaking?.line.hangUp) return out;
    } else {
      // A hang-up the customer already decided stays; other words are not said any more.
      this.#queue = left.filter((s) => s.line.hangUp);
    }
    this.#runFinal = o.runFinal;
    this.#schedule(reply, at);
    return out;
  }

  /** Voice mode: the trainee started (`true`) or stopped talking at `at`. */
  agentVoice(speaking: boolean, at: number): void {
    if (this.#phase !== 'talking' || speaking === this.#agentSpeaking) return;
    this.#agentSpeaking = speaking;
    this.#nudged = false;
    if (!speaking) this.#agentVoiceEnd = at;
  }

  /** What is due up to `now`, in time order. */
  advance(now: number): PersonaEffect[] {
    const out: PersonaEffect[] = [];
    for (let guard = 0; guard < 1000; guard += 1) {
      const next = this.nextAt();
      if (next === undefined || next > now) break;
      out.push(...this.#step(next));
    }
    return out;
  }

  /** When something is due next (undefined when nothing will happen until an input). */
  nextAt(): number | undefined {
    if (this.#phase !== 'talking') return undefined;
    if (this.#speaking) return this.#speaking.endsAt;
    const head = this.#queue[0];
    if (head) return Math.max(head.dueAt, this.#lastCustomerEnd + this.#gapAfterLast());
    if (this.#runFinal) return this.#lastCustomerEnd + END_AFTER_MS;
    if (this.#agentSpeaking) return undefined;
    return this.#quietSince() + this.options.waitMs;
  }

  #gapAfterLast(): number {
    return this.#saidAny ? LINE_GAP_MS : 0;
  }

  #quietSince(): number {
    return Math.max(this.#lastCustomerEnd, this.#readUntil, this.#agentVoiceEnd);
  }

  /** Handles the one thing due at `t`. */
  #step(t: number): PersonaEffect[] {
    const speaking = this.#speaking;
    if (speaking) {
      this.#speaking = undefined;
      this.#lastCustomerEnd = speaking.endsAt;
      if (speaking.line.hangUp) {
        this.#phase = 'hung_up';
        this.#queue = [];
        return [{ type: 'hang_up', at: t, reason: speaking.reason }];
      }
      return [];
    }
    if (this.#queue.length > 0) return this.#startNext(t);
    if (this.#runFinal) {
      this.#phase = 'ended';
      return [{ type: 'end', at: t }];
    }
    // Silence for the whole budget: "hello?" first, then the last words and the hang-up.
    const spec = this.#nudged ? SILENCE_HANG_UP_LINE : NUDGE_LINE;
    const kind = this.#nudged ? 'hang_up' : 'nudge';
    this.#nudged = true;
    this.#queue.push({ line: this.#lineOf(spec, kind), dueAt: t, reason: 'silence' });
    return this.#startNext(t);
  }

  /** Starts the queue's head at `t` (its start time, from nextAt). */
  #startNext(t: number): PersonaEffect[] {
    const head = this.#queue.shift();
    if (!head) return [];
    if (head.line.hangUp) this.#queue = [];
    const endsAt = t + this.#duration(head.line);
    this.#saidAny = true;
    this.#speaking = { line: head.line, endsAt, reason: head.reason };
    return [{ type: 'say', line: head.line, at: t, endsAt }];
  }

  /**
   * Text mode: every line still queued is said at `at` (the bubbles appear at once), one after the other
   * in speaking time; a hang-up line is the last thing said.
   */
  #flushAll(at: number): PersonaEffect[] {
    const out: PersonaEffect[] = [];
    let end = this.#speaking?.endsAt ?? at;
    for (const s of this.#queue) {
      end = Math.max(end, at) + this.#duration(s.line);
      this.#saidAny = true;
      this.#speaking = { line: s.line, endsAt: end, reason: s.reason };
      out.push({ type: 'say', line: s.line, at, endsAt: end });
      if (s.line.hangUp) break;
    }
    this.#queue = [];
    return out;
  }

  #duration(line: CustomerLine): number {
    return Math.max(0, Math.round(this.options.durationOf(line)));
  }

  /** Queues a reply's lines; nothing after a hang-up the customer already decided. */
  #schedule(reply: CustomerReply, at: number): void {
    if (this.#hangUpDecided()) return;
    const lines = [...reply.lines].sort((a, b) => a.atMs - b.atMs);
    const cut = lines.findIndex((l) => l.hangUp);
    for (const line of cut < 0 ? lines : lines.slice(0, cut + 1)) this.#queue.push({ line, dueAt: at + line.atMs, reason: 'persona' });
  }

  #hangUpDecided(): boolean {
    return this.#speaking?.line.hangUp === true || this.#queue.some((s) => s.line.hangUp);
  }

  #lineOf(spec: CustomerLineSpec, kind: 'nudge' | 'hang_up'): CustomerLine {
    return {
      text: spec.text[this.options.locale],
      atMs: 0,
      mood: spec.mood ?? 'hesitant',
      kind,
      stepId: this.#stepId,
      hangUp: kind === 'hang_up',
    };
  }
}
