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
 * card and the briefing tell one clock). During a call (`compact`) the source and consents fold away (the
 * script reads them out anyway); after an opt-out in this call the verdict says so at once, before the
 * server's next answer.
 */
export function LeadCardView(p: { card: LeadCard; locale: Locale; at?: Date; compact?: boolean; optedOut?: boolean }) {
  const { card, locale, at, compact = false, optedOut = false } = p;
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
        {!compact && (
          <>
            <dt>{t('lead.source')}</dt>
            <dd>{source}</dd>
            <dt>{t('lead.consents')}</dt>
            <dd>
              {card.grants.length === 0 && card.refusals.length === 0 ? (
                t('lead.noConsents')
              ) : (
                <ul className="grants">
                  {card.grants.map((g) => (
                    <li key={g.id} className={g.withdrawnAt ? 'withdrawn' : ''}>
                      {t('lead.grant', { kind: t(`consentKind.${g.kind}`), granted: day(g.reconfirmedAt ?? g.grantedAt, locale) })}
                      {g.withdrawnAt ? ` (${t('lead.withdrawn')})` : ''}
                    </li>
                  ))}
                  {/* A refusal is never a consent (decision 0054): its own line, not a withdrawn grant. */}
                  {card.refusals.map((r) => (
                    <li key={r.id} className="refused" data-testid="lead-refusal">
                      {t('lead.refusal', { kind: t(`consentKind.${r.kind}`), refused: day(r.refusedAt, locale) })}
                      {r.form === 'legacy_grant' ? ` ${t('lead.refusalOldForm')}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
      </dl>
      {optedOut && !card.onInternalDnc ? (
        <p className="verdict verdict-blocked" role="status" data-testid="opted-out">
          {t('lead.optedOut')}
        </p>
      ) : (
        (!compact || optedOut) && <VerdictPanel verdict={card.verdict} locale={locale} />
      )}
    </article>
  );
}
