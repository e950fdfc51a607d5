import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/locale';
import type { VerdictDto } from '../../shared/api/common';

/** The pre-dial verdict: allowed, or every reason with its rule id, in the agent's language. */
export function VerdictPanel({ verdict, locale }: { verdict: VerdictDto; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <section className={`verdict ${verdict.allowed ? 'verdict-ok' : 'verdict-blocked'}`} aria-live="polite" data-testid="verdict">
      <h3>{verdict.allowed ? t('verdict.allowed') : t('verdict.blocked')}</h3>
      {verdict.reasons.length > 0 && (
        <ul aria-label={t('verdict.reasons')}>
          {verdict.reasons.map((r) => (
            <li key={`${r.code}-${r.detail}`} data-code={r.code}>
              <span className="rule-id">{r.code}</span> {r.message[locale]}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
