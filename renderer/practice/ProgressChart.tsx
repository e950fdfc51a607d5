import type { TraineeProgress } from '../../shared/api/practice';

const W = 520;
const H = 140;
const PAD = 24;

/** Scores over time as a line (SVG, no chart library; CSP allows inline SVG attributes). Pass mark at 80. */
export function ProgressChart({ progress, label }: { progress: TraineeProgress; label: string }) {
  const pts = progress.series;
  if (pts.length === 0) return null;
  const t0 = Date.parse(pts[0]?.at ?? '');
  const t1 = Date.parse(pts.at(-1)?.at ?? '');
  const x = (at: string, i: number): number => (t1 > t0 ? PAD + ((Date.parse(at) - t0) / (t1 - t0)) * (W - 2 * PAD) : PAD + (i * (W - 2 * PAD)) / Math.max(1, pts.length - 1));
  const y = (score: number): number => H - PAD - (score / 100) * (H - 2 * PAD);
  const line = pts.map((p, i) => `${x(p.at, i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  return (
    <svg className="progress-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="progress-chart" data-points={pts.length}>
      <line x1={PAD} x2={W - PAD} y1={y(80)} y2={y(80)} className="pass-line" />
      <text x={2} y={y(80) + 4} className="axis">
        80
      </text>
      <polyline points={line} className="score-line" fill="none" />
      {pts.map((p, i) => (
        <circle key={p.attemptId} cx={x(p.at, i)} cy={y(p.score)} r={4} className={p.passed ? 'pt-pass' : 'pt-fail'}>
          <title>{`${p.scenarioId}: ${p.score}`}</title>
        </circle>
      ))}
    </svg>
  );
}
