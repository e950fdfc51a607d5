import { useTranslation } from 'react-i18next';
import type { LeadCard } from '../../shared/api/campaigns';
import type { Locale } from '../../shared/domain/locale';
import { VerdictPanel } from './VerdictPanel';

function day(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleDateString(locale === 'ko' ? 'ko-KR' : 'en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

function localTime(zone: string, locale: Locale): string {
  try {
    return new Date().toLocaleTimeString(locale === 'ko' ? 'ko-KR' : 'en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  } catch {
    return zone;
  }
}

/** The lead as the agent sees it: masked number only, source, consents, and the verdict. */
export function LeadCardView({ card, locale }: { card: LeadCard; locale: Locale }) {
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
        <dd>
          {localTime(lead.timeZone, locale)} ({lead.timeZone})
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
