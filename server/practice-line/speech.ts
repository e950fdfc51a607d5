import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../../shared/domain/locale';
import type { Mood } from '../../shared/practice/scenario';
import { resample } from './resample';
import { parseWav } from './wav';

/**
 * The simulated customer's voice: espeak-ng (Korean and English), resampled to 8 kHz for the telephone,
 * cached per line: in memory for the lines of live calls, on disk (`<dataDir>/practice-voice/`) across
 * restarts. The key is the engine's version, the voice and the exact text, so an edited scenario line
 * is synthesized again and an unchanged one never is.
 */
export const LINE_RATE = 8000;

/** Speed and pitch of the persona (scenario `persona.voice`), and the line's mood. */
export interface VoiceStyle {
  readonly rate: number;
  readonly pitch: number;
  readonly mood: Mood;
}

/** A synthesized line: 8 kHz mono 16-bit samples. */
export interface SpokenLine {
  readonly key: string;
  readonly samples: Int16Array;
  readonly durationMs: number;
}

/** espeak-ng is missing or failed: the practice line offers no voice (the desk stays in text mode). */
export class SpeechEngineError extends Error {
  override readonly name = 'SpeechEngineError';
}

const VOICES: Readonly<Record<Locale, string>> = { ko: 'ko', en: 'en-us' };
/** espeak-ng's words per minute at rate 1: a calm telephone pace (Korean a little slower). */
const BASE_WPM: Readonly<Record<Locale, number>> = { ko: 150, en: 165 };
/** Anger speaks faster and higher (the same heat as the text mode's Web Speech voice). */
const HEAT: Readonly<Record<Mood, number>> = { calm: 1, pleased: 1, hesitant: 0.95, annoyed: 1.07, angry: 1.15 };

export interface SpeechOptions {
  /** Where lines are kept across restarts. */
  readonly dir: string;
  /** The espeak-ng binary (default `espeak-ng` on PATH). */
  readonly binary?: string;
  /** Keep at most this many bytes of samples in memory (default 64 MiB). */
  readonly memoryBytes?: number;
}

/** espeak-ng's arguments for a line. */
export function espeakArgs(locale: Locale, style: VoiceStyle): string[] {
  const heat = HEAT[style.mood];
  const wpm = Math.round(Math.min(450, Math.max(80, BASE_WPM[locale] * style.rate * heat)));
  const pitch = Math.round(Math.min(99, Math.max(0, 50 * style.pitch * heat)));
  return ['-v', VOICES[locale], '-s', String(wpm), '-p', String(pitch), '--stdout'];
}

export class SpeechCache {
  readonly #dir: string;
  readonly #binary: string;
  readonly #memoryBytes: number;
  readonly #memory = new Map<string, SpokenLine>();
  readonly #inflight = new Map<string, Promise<SpokenLine>>();
  #bytes = 0;
  #version: Promise<string> | undefined;
  #versionValue: string | undefined;
  /** Lines synthesized (not found in a cache) since start, for the bench and the tests. */
  synthesized = 0;

  constructor(o: SpeechOptions) {
    this.#dir = o.dir;
    this.#binary = o.binary ?? 'espeak-ng';
    this.#memoryBytes = o.memoryBytes ?? 64 * 1024 * 1024;
  }

  /** The engine's version line; rejects with SpeechEngineError when espeak-ng cannot run. */
  version(): Promise<string> {
    this.#version ??= run(this.#binary, ['--version'], '').then((b) => {
      this.#versionValue = b.toString('utf8').trim().split('\n')[0] ?? 'espeak-ng';
      return this.#versionValue;
    });
    return this.#version;
  }

  /** The line if it is in memory now (what a live call uses: no waiting on the media clock). */
  peek(text: string, locale: Locale, style: VoiceStyle): SpokenLine | undefined {
    const key = this.#keySync(text, locale, style);
    return key === undefined ? undefined : this.#touch(key);
  }

  /** The line, from memory, from disk, or synthesized now. */
  async get(text: string, locale: Locale, style: VoiceStyle): Promise<SpokenLine> {
    const key = this.#key(await this.version(), text, locale, style);
    const hit = this.#touch(key);
    if (hit) return hit;
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const p = this.#load(key, text, locale, style).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, p);
    return p;
  }

  #keySync(text: string, locale: Locale, style: VoiceStyle): string | undefined {
    return this.#versionValue === undefined ? undefined : this.#key(this.#versionValue, text, locale, style);
  }

  #key(version: string, text: string, locale: Locale, style: VoiceStyle): string {
    return createHash('sha256').update(JSON.stringify([version, espeakArgs(locale, style), text])).digest('hex');
  }

  #touch(key: string): SpokenLine | undefined {
    const hit = this.#memory.get(key);
    if (hit) {
      this.#memory.delete(key);
      this.#memory.set(key, hit);
    }
    return hit;
  }

  async #load(key: string, text: string, locale: Locale, style: VoiceStyle): Promise<SpokenLine> {
    const file = join(this.#dir, `${key.slice(0, 2)}`, `${key}.pcm`);
    let samples: Int16Array | undefined;
    try {
      const raw = readFileSync(file);
      samples = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.byteLength & ~1)));
    } catch {
      const wav = parseWav(await run(this.#binary, espeakArgs(locale, style), text));
      if (wav.channels !== 1) throw new SpeechEngineError('espeak-ng wrote more than one channel');
      samples = trimSilence(resample(wav.samples, wav.rate, LINE_RATE));
      this.synthesized += 1;
      mkdirSync(join(this.#dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
      renameSync(tmp, file);
    }
    const line: SpokenLine = { key, samples, durationMs: Math.round((samples.length * 1000) / LINE_RATE) };
    this.#remember(line);
    return line;
  }

  #remember(line: SpokenLine): void {
    this.#memory.set(line.key, line);
    this.#bytes += line.samples.byteLength;
    for (const [k, v] of this.#memory) {
      if (this.#bytes <= this.#memoryBytes) break;
      this.#memory.delete(k);
      this.#bytes -= v.samples.byteLength;
    }
  }
}

/** Drops the leading and trailing near-silence espeak-ng adds (the persona's pauses are timed apart). */
export function trimSilence(samples: Int16Array, threshold = 200): Int16Array {
  let start = 0;
  let end = samples.length;
  while (start < end && Math.abs(samples[start] as number) < threshold) start += 1;
  while (end > start && Math.abs(samples[end - 1] as number) < threshold) end -= 1;
  return samples.slice(start, end);
}

function run(binary: string, args: readonly string[], stdin: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      reject(new SpeechEngineError(`cannot start ${binary}: ${(err as Error).message}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) =>
      reject(new SpeechEngineError(`${binary} is not available (${e.message}); install it with: apt-get install -y --no-install-recommends espeak-ng`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new SpeechEngineError(`${binary} exited with ${String(code)}: ${Buffer.concat(err).toString('utf8').slice(0, 200)}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}
