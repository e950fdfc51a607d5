import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionButton } from '../components/ScriptPanel';
import { ScriptPanel } from '../components/ScriptPanel';
import { WrapUp } from '../components/WrapUp';
import { Kbd } from '../components/Kbd';
import { errorText } from '../errors';
import { callEndText, phoneMessages } from '../phone/messages';
import { useDesk } from './context';

interface CallPanelProps {
  readonly buttons: readonly ActionButton[];
  readonly endings: readonly ActionButton[];
  readonly pitch: ActionButton | undefined;
}

/**
 * The right column: the script while the call is connected; once the run ended, what to read to the
 * customer (after an opt-out or a refusal) and the hang-up; after the call, the wrap-up with exactly
 * the outcomes the run allows.
 */
export const CallPanel = forwardRef<HTMLDivElement, CallPanelProps>(function CallPanel({ buttons, endings, pitch }, ref) {
  const { t } = useTranslation();
  const call = useDesk((s) => s.call);
  const monitoring = useDesk((s) => s.monitoring);
  const whisperLeg = useDesk((s) => s.whisperLeg);
  const locale = useDesk((s) => s.settings.locale);
  const hotkeys = useDesk((s) => s.settings.hotkeys);
  const { act, acknowledge, finishCall, retryAbort, nextLead } = useDesk((s) => s);
  const run = call.run;
  const step = run && call.runSnapshot ? run.currentStep : null;
  const showScript = run && step && call.runSnapshot && (call.phase === 'connected' || call.phase === 'closing');
  const endText = (): string => {
    if (run?.outcome?.partial) return t('call.dropped');
    const reason = call.callEnd ? callEndText(phoneMessages[locale], call.callEnd) : '';
    return t('call.ended', { reason });
  };
  // The agent hears the lead on the whisper leg: said whatever the profile's indicator rule (it is no secret then).
  const hearsLead = whisperLeg.phase === 'playing';
  const whispering = monitoring.whispering || hearsLead;
  return (
    <div className="script-column" ref={ref}>
      {(monitoring.shown || hearsLead) && (call.phase === 'connected' || call.phase === 'closing') && (
        <div className="monitoring-indicator" role="status" aria-live="polite" data-testid="monitoring-indicator" data-mode={whispering ? 'whisper' : 'listen'} data-whisper-leg={whisperLeg.phase}>
          <span className="monitoring-dot" aria-hidden="true" />
          <strong>{whispering ? t('call.monitoring.whisper') : t('call.monitoring.listen')}</strong>
          {monitoring.leads.length > 0 && <span className="monitoring-who">{t('call.monitoring.who', { names: monitoring.leads.join(', ') })}</span>}
        </div>
      )}
      {showScript && (
        <ScriptPanel
          locale={locale}
          run={run}
          seq={call.runSnapshot.seq}
          buttons={buttons}
          pitch={pitch}
          endings={endings}
          saving={call.saving}
          saveError={call.problem?.code === 'record-failed' && call.problem.error ? errorText(call.problem.error, t) : null}
          onAction={(a) => void act(a)}
        >
          {call.phase === 'closing' && (
            <div className={`acknowledgement ${call.acknowledgement ? 'acknowledgement-read' : ''}`} data-testid="closing">
              {call.acknowledgement && (
                <>
                  <h3>{t(`call.acknowledgement.${call.acknowledgement.kind}`)}</h3>
                  <blockquote className="prompt" lang={locale} data-testid="acknowledgement">
                    {call.acknowledgement.text}
                  </blockquote>
                </>
              )}
              <button type="button" className="btn btn-danger" onClick={() => void acknowledge()} data-testid="acknowledge" aria-keyshortcuts={`${hotkeys.confirm} ${hotkeys.hangUp}`}>
                {call.acknowledgement ? t('call.acknowledgement.confirm') : t('call.hangUp')} <Kbd k={hotkeys.confirm} />
              </button>
            </div>
          )}
        </ScriptPanel>
      )}
      {call.phase === 'ended' && (
        <WrapUp
          outcomes={call.outcomes}
          proposed={call.proposedOutcome}
          callbackFixed={run?.outcome?.callbackAt ?? null}
          endText={endText()}
          saving={call.saving}
          finishing={call.finishing}
          endFailed={call.problem?.code === 'record-failed'}
          onRetryEnd={() => void retryAbort()}
          onFinish={(o, cb) => void finishCall(o, cb).then(() => nextLead())}
        />
      )}
    </div>
  );
});
