import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/locale';
import type { TranscriptEntry } from '../state/practice-slice';

/** The conversation as text bubbles: the simulated customer on the left, the agent on the right. */
export function Transcript({ entries, speaking, locale }: { entries: readonly TranscriptEntry[]; speaking: boolean; locale: Locale }) {
  const { t } = useTranslation();
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [entries.length]);
  return (
    <section className="transcript" aria-labelledby="transcript-title">
      <h2 id="transcript-title">{t('practice.call.transcript')}</h2>
      {/* Scrollable, so reachable by keyboard (Tab, then the arrow keys scroll it). */}
      <ol className="bubbles" aria-live="polite" aria-labelledby="transcript-title" tabIndex={0} data-testid="transcript" lang={locale}>
        {entries.map((e) => (
          <li key={e.id} className={`bubble bubble-${e.who} mood-${e.mood}`} data-who={e.who} data-kind={e.kind}>
            <span className="bubble-who">{e.who === 'customer' ? t('practice.call.customer') : t('practice.call.agent')}</span>
            {e.text}
          </li>
        ))}
        {speaking && (
          <li className="bubble bubble-customer bubble-typing" data-testid="customer-speaking">
            {t('practice.call.speaking')}
          </li>
        )}
        <li ref={end} className="bubble-end" aria-hidden="true" />
      </ol>
    </section>
  );
}
