import { memo, useMemo, type KeyboardEvent, type PointerEvent } from 'react';
import { clock, peaksPath, positionAt } from './recording-moments';

export interface WaveformMarker {
  readonly id: string;
  readonly ms: number;
  readonly kind: string;
  readonly label: string;
}

export interface WaveformProps {
  /** Peaks per channel (agent, customer), 0..1, as the API computed them from the decoded audio. */
  readonly peaks: readonly (readonly number[])[];
  readonly durationMs: number;
  readonly positionMs: number;
  readonly markers: readonly WaveformMarker[];
  readonly label: string;
  readonly channelLabels: readonly string[];
  readonly onSeek: (ms: number) => void;
}

const LANE = 50;
const STEP_MS = 5000;

/**
 * The recording's two channels (agent above, customer below) drawn from the server's peaks, the consent
 * events as markers at their moment, and the play position. It is a slider: a click or the arrow keys
 * (5 s, Home/End) move the position; screen readers hear the position as `0:12 / 1:30`.
 */
function WaveformInner(p: WaveformProps) {
  const width = Math.max(1, p.peaks[0]?.length ?? 1);
  const paths = useMemo(() => p.peaks.slice(0, 2).map((c, i) => peaksPath(c, LANE * i + LANE / 2, LANE - 6)), [p.peaks]);
  const x = (ms: number): number => (p.durationMs > 0 ? (ms / p.durationMs) * width : 0);
  const seekBy = (e: KeyboardEvent<HTMLDivElement>): void => {
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowUp'
        ? p.positionMs + STEP_MS
        : e.key === 'ArrowLeft' || e.key === 'ArrowDown'
          ? p.positionMs - STEP_MS
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? p.durationMs
              : null;
    if (to === null) return;
    e.preventDefault();
    p.onSeek(Math.min(p.durationMs, Math.max(0, to)));
  };
  const seekAt = (e: PointerEvent<HTMLDivElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    p.onSeek(positionAt(e.clientX, box.left, box.width, p.durationMs));
  };
  return (
    <div
      className="waveform"
      role="slider"
      tabIndex={0}
      aria-label={p.label}
      aria-valuemin={0}
      aria-valuemax={Math.round(p.durationMs / 1000)}
      aria-valuenow={Math.round(p.positionMs / 1000)}
      aria-valuetext={`${clock(p.positionMs)} / ${clock(p.durationMs)}`}
      onKeyDown={seekBy}
      onPointerDown={seekAt}
      data-testid="waveform"
      data-position-ms={Math.round(p.positionMs)}
    >
      <svg viewBox={`0 0 ${width} ${LANE * 2}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {paths.map((d, i) => (
          <path key={i} d={d} className={`wave wave-${i === 0 ? 'agent' : 'customer'}`} vectorEffect="non-scaling-stroke" />
        ))}
        <line x1={0} x2={width} y1={LANE} y2={LANE} className="wave-split" vectorEffect="non-scaling-stroke" />
        {p.markers.map((m) => (
          <line key={m.id} x1={x(m.ms)} x2={x(m.ms)} y1={0} y2={LANE * 2} className={`wave-marker marker-${m.kind}`} vectorEffect="non-scaling-stroke" data-testid="wave-marker" />
        ))}
        <line x1={x(p.positionMs)} x2={x(p.positionMs)} y1={0} y2={LANE * 2} className="wave-playhead" vectorEffect="non-scaling-stroke" />
      </svg>
      <span className="wave-lane-label lane-agent" aria-hidden="true">
        {p.channelLabels[0]}
      </span>
      <span className="wave-lane-label lane-customer" aria-hidden="true">
        {p.channelLabels[1]}
      </span>
    </div>
  );
}

export const Waveform = memo(WaveformInner);
