/**
 * Voice activity of the trainee, from the audio the practice line receives: a frame is voiced when its
 * level is above a threshold; speech starts after `onsetFrames` voiced frames in a row (so a click is
 * not a word) and stops after `hangoverMs` without a voiced frame (so the pauses between words are not
 * silence). Pure: frames and their times in, transitions out.
 *
 * ```
 *  quiet --voiced x onsetFrames--> speaking (start at the first of them)
 *  speaking --no voiced frame for hangoverMs--> quiet (stop at the end of the last voiced frame)
 * ```
 */
export interface VoiceActivityOptions {
  /** Level above which a frame counts as voice, in dBFS (default -42). */
  readonly thresholdDbfs?: number;
  readonly onsetFrames?: number;
  readonly hangoverMs?: number;
  readonly frameMs?: number;
}

export type VoiceTransition = { readonly type: 'start' | 'stop'; readonly at: number };

/** RMS level of a frame of 16-bit samples, in dBFS (-Infinity for digital silence). */
export function levelDbfs(frame: Int16Array): number {
  if (frame.length === 0) return -Infinity;
  let sum = 0;
  for (const s of frame) sum += s * s;
  const rms = Math.sqrt(sum / frame.length) / 32768;
  return rms === 0 ? -Infinity : 20 * Math.log10(rms);
}

export class VoiceActivity {
  readonly #threshold: number;
  readonly #onset: number;
  readonly #hangover: number;
  readonly #frameMs: number;
  #run = 0;
  #runStart = 0;
  #speaking = false;
  #lastVoicedEnd = 0;

  constructor(o: VoiceActivityOptions = {}) {
    this.#threshold = o.thresholdDbfs ?? -42;
    this.#onset = o.onsetFrames ?? 3;
    this.#hangover = o.hangoverMs ?? 400;
    this.#frameMs = o.frameMs ?? 20;
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  /** One frame that started at `at` (ms); returns the transition it caused, if any. */
  push(frame: Int16Array, at: number): VoiceTransition | undefined {
    const voiced = levelDbfs(frame) > this.#threshold;
    if (voiced) {
      if (this.#run === 0) this.#runStart = at;
      this.#run += 1;
      this.#lastVoicedEnd = at + this.#frameMs;
      if (!this.#speaking && this.#run >= this.#onset) {
        this.#speaking = true;
        return { type: 'start', at: this.#runStart };
      }
      return undefined;
    }
    this.#run = 0;
    return this.idle(at + this.#frameMs);
  }

  /** Time passes without frames (none arrive when the far end stops sending): may end the speech. */
  idle(now: number): VoiceTransition | undefined {
    if (this.#speaking && now - this.#lastVoicedEnd >= this.#hangover) {
      this.#speaking = false;
      return { type: 'stop', at: this.#lastVoicedEnd };
    }
    return undefined;
  }
}
