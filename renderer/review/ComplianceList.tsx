import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewCompliance } from '../../shared/api/review-compliance';
import type { Locale } from '../../shared/domain/locale';
import { count, shortDateTime } from './format';

/** Items a section shows before "and N more". */
const SHOWN = 5;

function Section(p: { id: string; title: string; total: number; alert?: boolean; note?: string; children?: ReactNode; more: number }) {
  const { t } = useTranslation();
  return (
    <section className={`compliance-section${p.alert ? ' alert' : ''}`} aria-labelledby={`cmp-${p.id}`} data-testid={`compliance-${p.id}`}>
      <h3 id={`cmp-${p.id}`}>
        {p.title} <span className="badge">{p.total}</span>
      </h3>
      {p.note && <p className="muted">{p.note}</p>}
      {p.total === 0 ? <p className="muted">{t('review.compliance.none')}</p> : <ul>{p.children}</ul>}
      {p.more > 0 && <p className="muted">{t('review.compliance.more', { count: p.more })}</p>}
    </section>
  );
}

/** The compliance flags the server computed for the period; a call in a list opens its timeline. */
function ComplianceListInner({ c, locale, zone, onOpenCall }: { c: ReviewCompliance; locale: Locale; zone: string; onOpenCall: (callId: string) => void }) {
  const { t } = useTranslation();
  const when = (iso: string): string => shortDateTime(iso, locale, zone);
  const person = (p: { leadName: string | null; maskedNumber: string | null; leadId: string }): string =>
    [p.leadName, p.maskedNumber].filter((x) => x !== null).join(' ') || p.leadId;
  const callLink = (callId: string, label: string) => (
    <button type="button" className="btn-link" onClick={() => onOpenCall(callId)}>
      {label}
    </button>
  );
  return (
    <section className="compliance" aria-labelledby="compliance-title" data-testid="compliance">
      <h2 id="compliance-title">{t('review.compliance.title')}</h2>
      <Section id="late" title={t('review.compliance.late')} total={c.lateEvents.events} alert={c.lateEvents.events > 0} more={c.lateEvents.calls - Math.min(SHOWN, c.lateEvents.items.length)}>
        {c.lateEvents.items.slice(0, SHOWN).map((i) => (
          <li key={i.callId}>{callLink(i.callId, t('review.compliance.lateItem', { agent: i.agentName, time: when(i.startedAt), count: i.lateEvents, delay: Math.round(i.maxDelaySec) }))}</li>
        ))}
      </Section>
      <Section id="pitch" title={t('review.compliance.pitch')} total={c.pitchWithoutConsent.calls} alert={c.pitchWithoutConsent.calls > 0} note={t('review.compliance.pitchNote')} more={c.pitchWithoutConsent.calls - Math.min(SHOWN, c.pitchWithoutConsent.items.length)}>
        {c.pitchWithoutConsent.items.slice(0, SHOWN).map((i) => (
          <li key={i.callId}>{callLink(i.callId, `${i.agentName} · ${when(i.startedAt)}`)}</li>
        ))}
      </Section>
      <Section id="refusals" title={t('review.compliance.refusals')} total={c.gateRefusals.attempts} more={0}>
        {c.gateRefusals.byReason.map((r) => (
          <li key={r.code}>
            <span className="rule-id">{r.code}</span> {count(r.count, locale)}
          </li>
        ))}
      </Section>
      <Section id="optouts" title={t('review.compliance.optOuts')} total={c.optOuts.count} alert={c.optOuts.unconfirmed > 0 || c.optOuts.noticesOverdue > 0} more={c.optOuts.items.length - Math.min(SHOWN, c.optOuts.items.length)}>
        {c.optOuts.items.slice(0, SHOWN).map((o) => (
          <li key={o.optOutId}>
            {o.callId ? callLink(o.callId, `${person(o)} · ${when(o.at)}`) : `${person(o)} · ${when(o.at)}`}{' '}
            <span className={o.dncListedAt ? 'ok' : 'error'}>
              {o.dncListedAt ? t('review.compliance.optOutListed', { at: when(o.dncListedAt) }) : t('review.compliance.optOutNotListed')}
            </span>{' '}
            <span className={o.notice.state === 'overdue' ? 'flag flag-opt_out' : 'muted'} data-testid="notice-state">
              {t(`review.compliance.notice.${o.notice.state}`, { due: when(o.notice.dueBy), sent: o.notice.sentAt ? when(o.notice.sentAt) : '' })}
            </span>
          </li>
        ))}
      </Section>
      <Section id="reconf" title={t('review.compliance.reconf')} total={c.reconfirmationDue.count} alert={c.reconfirmationDue.overdue > 0} more={c.reconfirmationDue.count - Math.min(SHOWN, c.reconfirmationDue.items.length)}>
        {c.reconfirmationDue.items.slice(0, SHOWN).map((g) => (
          <li key={g.grantId}>
            {t('review.compliance.reconfItem', { lead: person(g), due: when(g.dueAt) })} {g.overdue && <span className="flag flag-opt_out">{t('review.compliance.overdue')}</span>}
          </li>
        ))}
      </Section>
    </section>
  );
}

/** Re-renders only when its own data changes (not on every page of the calls table). */
export const ComplianceList = memo(ComplianceListInner);
