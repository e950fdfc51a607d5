// Tones for recording tests: generated as samples, analysed with sox (band-pass + RMS), so a test can
// say "this channel holds the 1 kHz tone and none of the 440 Hz one" about a real recording.
import { spawnSync } from 'node:child_process';
import { requireBinary } from './system';

/** `ms` of a sine at `hz` (8 kHz, 16-bit, amplitude 0..1), starting at sample `offset` of an endless tone. */
export function tone(hz: number, ms: number, amplitude = 0.5, offset = 0, rate = 8000): Int16Array {
  const n = Math.round((rate * ms) / 1000);
  return Int16Array.from({ length: n }, (_, i) => Math.round(Math.sin((2 * Math.PI * hz * (i + offset)) / rate) * amplitude * 32767));
}

/**
 * RMS amplitude (0..1) of one channel (1-based) of a WAV file in a band around `centerHz`, measured by
 * sox: `sox FILE -n remix CH sinc LOW-HIGH stat` (stat reports on stderr). A sine of amplitude a in the
 * band reads about a/sqrt(2); a tone outside it, close to 0.
 */
export function bandLevel(wavFile: string, channel: number, centerHz: number, halfWidthHz = 60): number {
  const sox = requireBinary('sox');
  const args = [wavFile, '-n', 'remix', String(channel), 'sinc', `${centerHz - halfWidthHz}-${centerHz + halfWidthHz}`, 'stat'];
  const r = spawnSync(sox, args, { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`sox ${args.join(' ')} failed (${r.status}):\n${text}`);
  const m = /RMS\s+amplitude:\s+([0-9.]+)/.exec(text);
  if (!m?.[1]) throw new Error(`sox stat printed no RMS amplitude:\n${text}`);
  return Number(m[1]);
}

/** Length in seconds of a WAV file, by sox (`soxi -D`). */
export function wavSeconds(wavFile: string): number {
  const r = spawnSync(requireBinary('sox'), ['--i', '-D', wavFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sox --i failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/**
 * Goertzel power of `hz` in `samples` (8 kHz), normalised to 0..1 for a full-scale sine: how much of
 * that tone a stream of decoded audio holds, without writing a file.
 */
export function toneLevel(samples: Int16Array, hz: number, rate = 8000): number {
  const n = samples.length;
  if (n === 0) return 0;
  const k = (2 * Math.PI * hz) / rate;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = (samples[i] ?? 0) / 32768 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(power)) / n;
}
