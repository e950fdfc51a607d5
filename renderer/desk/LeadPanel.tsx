import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Kbd } from '../components/Kbd';
import { LeadCardView } from '../components/LeadCardView';
import { errorText } from '../errors';
import { isCallOpen } from '../state/call-controller';
import { useDesk, useDeskPhone } from './context';
import { PhonePanel } from './PhonePanel';

/** Why the Call button is disabled now (`null`: it is not), as a translation key with its values. */
export type DialBlock = { readonly key: string; readonly values?: Record<string, string> } | null;

/** The desk never offers a call it knows cannot happen: no phone, phone not registered, gate says no, a call open. */
export function useDialBlock(): DialBlock {
  const { t } = useTranslation();
  const phase = useDesk((s) => s.call.phase);
  const card = useDesk((s) => s.card);
  const registration = useDesk((s) => s.registration);
  const phone = useDeskPhone();
  if (!card || (phase !== 'idle' && phase !== 'refused')) return { key: '' };
  if (!phone() || !registration) return { key: 'call.cannotDial.noPhone' };
  if (registration.state !== 'registered') return { key: 'call.cannotDial.phoneNotReady', values: { state: t(`phoneState.${registration.state}`) } };
  if (!card.verdict.allowed) return { key: 'call.cannotDial.blocked' };
  return null;
}

/** The left column: campaign, the lead and its verdict, dial / next lead, the phone. */
export function LeadPanel() {
  const { t } = useTranslation();
  const s = useDesk((x) => x);
  const locale = s.settings.locale;
  const { call } = s;
  const open = isCallOpen(call.phase);
  const block = useDialBlock();
  const reasonId = useId();
  const phaseText: Partial<Record<typeof call.phase, string>> = {
    authorizing: t('call.authorizing'),
    dialing: t('call.dialing'),
    ringing: t('call.ringing'),
    connected: t('call.connected'),
    closing: t('call.closing'),
    refused: t('call.refused'),
  };
  const skipped = s.skipped && s.skipped.count > 0 ? s.skipped : null;
  return (
    <section className="lead-column" aria-labelledby="lead-title" data-in-call={open ? 'true' : 'false'}>
      <h2 id="lead-title">{t('lead.title')}</h2>
      {s.campaigns && s.campaigns.campaigns.length > 1 && (
        <label className="campaign-picker">
          {t('campaign.title')}
          <select value={s.campaignId ?? ''} onChange={(e) => void s.chooseCampaign(e.target.value)} disabled={open} data-testid="campaign-select" aria-describedby={open ? `${reasonId}-campaign` : undefined}>
            <option value="" disabled>
              {t('campaign.choose')}
            </option>
            {s.campaigns.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name[locale]}
              </option>
            ))}
          </select>
          {open && (
            <small id={`${reasonId}-campaign`} data-testid="campaign-locked">
              {t('campaign.locked')}
            </small>
          )}
        </label>
      )}
      {s.campaigns && s.campaigns.campaigns.length === 0 && <p>{t('campaign.none')}</p>}
      {s.leadPhase === 'loading' && <p aria-busy="true">{t('lead.loading')}</p>}
      {s.leadPhase === 'empty' && <p data-testid="no-leads">{t('lead.none')}</p>}
      {s.leadPhase === 'error' && s.leadError && (
        <p role="alert" className="error">
          {errorText(s.leadError, t)}
        </p>
      )}
      {skipped && (
        <p className="muted skipped" data-testid="skipped" data-count={skipped.count}>
          {t('lead.skipped', { count: skipped.count, reasons: skipped.reasons.map((r) => `${t(`rules.${r.code}`, { defaultValue: r.code })} ${r.count}`).join(', ') })}
        </p>
      )}
      {s.card && <LeadCardView card={s.card} locale={locale} compact={open} optedOut={call.optedOut && call.leadId === s.card.lead.id} />}
      <div className="call-controls" role="group" aria-label={t('call.dial')}>
        {!open && s.campaignId && (
          <button type="button" className="btn btn-neutral" onClick={() => void s.nextLead()} disabled={s.leadPhase === 'loading'} data-testid="next-lead" aria-keyshortcuts={s.settings.hotkeys.nextLead}>
            {t('lead.next')} <Kbd k={s.settings.hotkeys.nextLead} />
          </button>
        )}
        {s.card && (call.phase === 'idle' || call.phase === 'refused') && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={block !== null}
            onClick={() => void s.dial()}
            data-testid="dial"
            aria-keyshortcuts={s.settings.hotkeys.dial}
            aria-describedby={block?.key ? reasonId : undefined}
          >
            {t('call.dial')} <Kbd k={s.settings.hotkeys.dial} />
          </button>
        )}
        <span className="call-phase" role="status" data-testid="call-phase">
          {phaseText[call.phase] ?? ''}
        </span>
      </div>
      {block?.key && (
        <p id={reasonId} className="dial-block" data-testid="dial-block">
          {t(block.key, block.values ?? {})}
        </p>
      )}
      {call.problem && (
        <p role="alert" className="error" data-testid="call-problem" data-code={call.problem.code}>
          {t(`call.problem.${call.problem.code}`, { error: call.problem.error ? errorText(call.problem.error, t) : '' })}
        </p>
      )}
      <PhonePanel />
    </section>
  );
}
