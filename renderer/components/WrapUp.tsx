import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_OUTCOMES, type CallOutcome } from '../../shared/domain/consent-event';

export interface WrapUpProps {
  readonly proposed: CallOutcome | null;
  readonly endText: string;
  readonly optOutConfirmed: boolean;
  readonly onFinish: (outcome: CallOutcome, callbackAt?: string) => void;
}

/** After the call: confirm the outcome (and when to call back), then the next lead. */
export function WrapUp({ proposed, endText, optOutConfirmed, onFinish }: WrapUpProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<CallOutcome>(proposed ?? 'not_interested');
  const [callbackAt, setCallbackAt] = useState('');
  const needsTime = outcome === 'callback';
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    if (needsTime && !callbackAt) return;
    onFinish(outcome, needsTime ? new Date(callbackAt).toISOString() : undefined);
  };
  return (
    <form className="wrap-up" onSubmit={submit} aria-labelledby="wrap-title" data-testid="wrap-up">
      <h2 id="wrap-title">{t('wrapUp.title')}</h2>
      <p>{endText}</p>
      {optOutConfirmed && <p className="opt-out-done">{t('wrapUp.optOutDone')}</p>}
      <label>
        {t('outcome.title')}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as CallOutcome)} data-testid="outcome-select" autoFocus>
          {CALL_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`outcome.names.${o}`)}
            </option>
          ))}
        </select>
      </label>
      {needsTime && (
        <label>
          {t('outcome.callbackAt')}
          <input type="datetime-local" value={callbackAt} onChange={(e) => setCallbackAt(e.target.value)} required aria-describedby="cb-hint" />
          <small id="cb-hint">{t('outcome.callbackRequired')}</small>
        </label>
      )}
      <button type="submit" className="btn btn-primary" data-testid="wrap-done">
        {t('wrapUp.done')}
      </button>
    </form>
  );
}
