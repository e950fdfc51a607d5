import type { Locale } from '../../../shared/domain/locale';
import type { CallQuality } from '../../../shared/phone/call-quality';
import { phoneMessages } from '../messages';

export interface QualityIndicatorProps {
  readonly quality: CallQuality | null;
  readonly locale: Locale;
}

/** Three bars and a word for the line quality (estimated MOS), the figures for screen readers. */
export function QualityIndicator({ quality, locale }: QualityIndicatorProps) {
  const m = phoneMessages[locale];
  if (!quality) {
    return (
      <div className="cg-phone-quality" data-level="unknown" role="group" aria-label={m.controls.callQuality}>
        <span>{m.controls.noQualityYet}</span>
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
