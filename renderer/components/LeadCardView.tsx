import { useTranslation } from 'react-i18next';
import type { LeadCard } from '../../shared/api/campaigns';
import type { Locale } from '../../shared/domain/locale';
import { VerdictPanel } from './VerdictPanel';

function day(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleDateString(locale === 'ko' ? 'ko-KR' : 'en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

function localTime(zone: string, locale: Locale, at: Date): string {
  try {
    return at.toLocaleTimeString(locale === 'ko' ? 'ko-KR' : 'en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  } catch {
    return zone;
  }
}

/**
 * The lead as the agent sees it: masked number only, source, consents, and the verdict. The customer's
 * local time is the time of `at` (now, for a real lead; the practice scenario's hour in practice, so the
 * card and the briefing tell one clock).
 */
export function LeadCardView({ card, locale, at }: { card: LeadCard; locale: Locale; at?: Date }) {
  const { t } = useTranslation();
  const { lead } = card;
  const source =
    lead.source.kind === 'own_customer'
      ? t('lead.sourceOwn', { description: lead.source.description })
      : t('lead.sourceThirdParty', {
          provider: lead.source.providerName,
          description: lead.source.description,
          date: day(lead.source.consentDate, locale),
          reference: lead.source.reference,
        });
  return (
    <article className="lead-card" aria-labelledby="lead-name" data-testid="lead-card">
      <dl>
        <dt>{t('lead.name')}</dt>
        <dd id="lead-name">{lead.name}</dd>
        <dt>{t('lead.number')}</dt>
        <dd data-testid="masked-number">{lead.maskedNumber}</dd>
        <dt>{t('lead.localTime')}</dt>
        <dd data-testid="lead-local-time">
          {localTime(lead.timeZone, locale, at ?? new Date())} ({lead.timeZone})
        </dd>
        <dt>{t('lead.source')}</dt>
        <dd>{source}</dd>
        <dt>{t('lead.consents')}</dt>
        <dd>
          {card.grants.length === 0 ? (
            t('lead.noConsents')
          ) : (
            <ul className="grants">
              {card.grants.map((g) => (
                <li key={g.id} className={g.withdrawnAt ? 'withdrawn' : ''}>
                  {t('lead.grant', { kind: t(`consentKind.${g.kind}`), granted: day(g.reconfirmedAt ?? g.grantedAt, locale) })}
                  {g.withdrawnAt ? ` (${t('lead.withdrawn')})` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <VerdictPanel verdict={card.verdict} locale={locale} />
    </article>
  );
}
