import type { Locale } from '../../../shared/domain/locale';
import type { CallQuality } from '../../../shared/phone/call-quality';
import { phoneMessages } from '../messages';

export interface QualityIndicatorProps {
  readonly quality: CallQuality | null;
  readonly locale: Locale;
}

/**
 * Three bars and a word for the line quality (estimated MOS), the figures for screen readers. An
 * interval without received audio is shown as "no audio" with no bars: never as a good line.
 */
export function QualityIndicator({ quality, locale }: QualityIndicatorProps) {
  const m = phoneMessages[locale];
  if (!quality) {
    return (
      <div className="cg-phone-quality" data-level="unknown" role="group" aria-label={m.controls.callQuality}>
        <span>{m.controls.noQualityYet}</span>
      </div>
    );
  }
  if (quality.mos === null || quality.lossPercent === null || quality.level === 'no_audio') {
    return (
      <div className="cg-phone-quality" data-level="no_audio" role="group" aria-label={m.controls.callQuality}>
        <span className="cg-phone-bars" aria-hidden="true">
          {'▯'.repeat(3)}
        </span>
        <span>{m.quality.no_audio}</span>
      </div>
    );
  }
  const bars = quality.level === 'good' ? 3 : quality.level === 'fair' ? 2 : 1;
  const detail = m.qualityDetail(quality.mos, quality.lossPercent, quality.jitterMs, quality.rttMs);
  return (
    <div className="cg-phone-quality" data-level={quality.level} role="group" aria-label={m.controls.callQuality}>
      <meter min={1} max={4.5} low={3.6} high={4} optimum={4.5} value={quality.mos} aria-label={detail} />
      <span className="cg-phone-bars" aria-hidden="true">
        {'▮'.repeat(bars)}
        {'▯'.repeat(3 - bars)}
      </span>
      <span>{m.quality[quality.level]}</span>
    </div>
  );
}
