import type { RecordingDto } from '../../shared/api/recordings';

/**
 * Where an event of the call falls in its recording. The recording starts at the consent "yes" (or
 * the notice), so the events before it (the identification, the recording question itself) are
 * `before`: they jump to the start. Events after the recording stopped (an opt-out stops it) cannot be
 * heard: `after`, no jump.
 */
export interface Moment {
  readonly where: 'before' | 'inside' | 'after';
  /** Position in the audio (ms), clamped to the recording; null when `after`. */
  readonly ms: number | null;
}

export function momentOf(occurredAt: string, rec: Pick<RecordingDto, 'startedAt' | 'durationMs'>): Moment | null {
  if (!rec.startedAt || rec.durationMs === null) return null;
  const offset = Date.parse(occurredAt) - Date.parse(rec.startedAt);
  if (!Number.isFinite(offset)) return null;
  if (offset < 0) return { where: 'before', ms: 0 };
  if (offset > rec.durationMs) return { where: 'after', ms: null };
  return { where: 'inside', ms: offset };
}

/** `0:07`, `12:03`, `1:02:09` from milliseconds (positions in a recording). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * The SVG path of one channel's peaks in a lane of `height` units centred on `centre`: one vertical
 * stroke per bucket (x = bucket index), as tall as the bucket's loudest sample. Silent buckets draw a
 * hairline so the lane stays visible.
 */
export function peaksPath(peaks: readonly number[], centre: number, height: number): string {
  const half = height / 2;
  const parts: string[] = [];
  for (let i = 0; i < peaks.length; i++) {
    const h = Math.max(0.5, (peaks[i] ?? 0) * half);
    parts.push(`M${i} ${(centre - h).toFixed(1)}V${(centre + h).toFixed(1)}`);
  }
  return parts.join('');
}

/** A position (ms) from a pointer's x over the waveform's box; clamped to the recording. */
export function positionAt(x: number, left: number, width: number, durationMs: number): number {
  if (width <= 0) return 0;
  const f = Math.min(1, Math.max(0, (x - left) / width));
  return Math.round(f * durationMs);
}
