import { useTranslation } from 'react-i18next';
import { LeadCardView } from '../components/LeadCardView';
import { ScriptPanel } from '../components/ScriptPanel';
import { VerdictPanel } from '../components/VerdictPanel';
import { WrapUp } from '../components/WrapUp';
import { Kbd } from '../components/Kbd';
import { useHotkeys } from '../hotkeys';
import { useDesk } from './context';
import { PhonePanel } from './PhonePanel';
import { scriptButtons } from './script-buttons';

/** The agent's desk: status, lead + verdict, dial, script, wrap-up. */
export function DeskView() {
  const { t } = useTranslation();
  const s = useDesk((x) => x);
  const locale = s.settings.locale;
  const run = s.run;
  const step = run && s.runSnapshot ? run.currentStep : null;
  const { buttons, endings, pitch } =
    step && run ? scriptButtons(step, run.availableActions, locale, s.settings.hotkeys, t) : { buttons: [], endings: [], pitch: undefined };
  const canDial = s.card?.verdict.allowed === true && (s.phase === 'idle' || s.phase === 'refused');
  const inCall = s.phase === 'dialing' || s.phase === 'ringing' || s.phase === 'connected';

  const keys: Record<string, (() => void) | undefined> = {};
  for (const b of [...buttons, ...endings, ...(pitch ? [pitch] : [])]) if (b.hotkey) keys[b.hotkey] = () => void s.act(b.action);
  if (canDial) keys[s.settings.hotkeys.dial] = () => void s.dial();
  if (inCall) keys[s.settings.hotkeys.hangUp] = () => void s.hangUp();
  if (s.phase === 'idle' || s.phase === 'refused' || s.phase === 'wrapped') {
    if (s.leadPhase !== 'loading' && s.campaignId) keys[s.settings.hotkeys.nextLead] = () => void s.nextLead();
  }
  useHotkeys(keys);

  const phaseText: Record<string, string> = {
    authorizing: t('call.authorizing'),
    dialing: t('call.dialing'),
    ringing: t('call.ringing'),
    connected: t('call.connected'),
    refused: t('call.refused'),
  };

  return (
    <div className="desk" data-phase={s.phase}>
      {s.outbox.lastError && s.outbox.pending > 0 && (
        <p className="banner banner-warn" role="status" data-testid="api-down">
          {t('status.apiDown')}
        </p>
      )}
      <main className="desk-main">
        <section className="lead-column" aria-labelledby="lead-title">
          <h2 id="lead-title">{t('lead.title')}</h2>
          {s.campaigns && s.campaigns.campaigns.length > 1 && (
            <label className="campaign-picker">
              {t('campaign.title')}
              <select value={s.campaignId ?? ''} onChange={(e) => void s.chooseCampaign(e.target.value)} data-testid="campaign-select">
                <option value="" disabled>
                  {t('campaign.choose')}
                </option>
                {s.campaigns.campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name[locale]}
                  </option>
                ))}
              </select>
            </label>
          )}
          {s.campaigns && s.campaigns.campaigns.length === 0 && <p>{t('campaign.none')}</p>}
          {s.leadPhase === 'loading' && <p aria-busy="true">{t('lead.loading')}</p>}
          {s.leadPhase === 'empty' && <p data-testid="no-leads">{t('lead.none')}</p>}
          {s.leadPhase === 'error' && (
            <p role="alert" className="error">
              {t('errors.generic', { message: s.leadError ?? '' })}
            </p>
          )}
          {s.card && <LeadCardView card={s.card} locale={locale} />}
          <div className="call-controls" role="group" aria-label={t('call.dial')}>
            {(s.phase === 'idle' || s.phase === 'refused' || s.phase === 'wrapped') && s.campaignId && (
              <button type="button" className="btn btn-neutral" onClick={() => void s.nextLead()} data-testid="next-lead" aria-keyshortcuts={s.settings.hotkeys.nextLead}>
                {t('lead.next')} <Kbd k={s.settings.hotkeys.nextLead} />
              </button>
            )}
            {s.card && !inCall && s.phase !== 'ended' && s.phase !== 'wrapped' && (
              <button type="button" className="btn btn-primary" disabled={!canDial} onClick={() => void s.dial()} data-testid="dial" aria-keyshortcuts={s.settings.hotkeys.dial}>
                {t('call.dial')} <Kbd k={s.settings.hotkeys.dial} />
              </button>
            )}
            <span className="call-phase" role="status" data-testid="call-phase">
              {phaseText[s.phase] ?? ''}
            </span>
          </div>
          <PhonePanel />
          {s.phase === 'refused' && s.card && <VerdictPanel verdict={s.card.verdict} locale={locale} />}
          {s.callError && (
            <p role="alert" className="error">
              {s.callError === 'no-phone' ? t('call.noPhone') : t('errors.generic', { message: s.callError })}
            </p>
          )}
        </section>
        <section className="script-column">
          {run && step && s.runSnapshot && (
            <ScriptPanel
              locale={locale}
              step={step}
              stepNumber={s.runSnapshot.seq + 1}
              seq={s.runSnapshot.seq}
              prompt={run.prompt}
              pitchLocked={run.pitchLocked}
              missing={run.missingForPitch}
              finished={run.isFinal}
              buttons={buttons}
              pitch={pitch}
              endings={endings}
              saving={s.saving}
              saveError={s.saveError}
              onAction={(a) => void s.act(a)}
            />
          )}
          {s.phase === 'ended' && (
            <WrapUp
              proposed={s.proposedOutcome()}
              endText={run?.outcome?.partial ? t('call.dropped') : t('call.ended', { reason: s.callEnd?.reason ?? '' })}
              optOutConfirmed={s.optOutConfirmed}
              onFinish={(o, cb) => void s.finishCall(o, cb).then(() => s.nextLead())}
            />
          )}
        </section>
      </main>
    </div>
  );
}
