import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutcome } from '../../shared/domain/consent-event';

export interface WrapUpProps {
  /** Exactly the outcomes the call's script run allows (empty while the end of the call is being saved). */
  readonly outcomes: readonly CallOutcome[];
  readonly proposed: CallOutcome | null;
  /** The callback time the script already recorded, if any. */
  readonly callbackFixed: string | null;
  readonly endText: string;
  readonly saving: boolean;
  readonly finishing: boolean;
  /** Recording where the call stopped failed: offer to try again. */
  readonly endFailed: boolean;
  readonly onRetryEnd: () => void;
  readonly onFinish: (outcome: CallOutcome, callbackAt?: string) => void;
}

/** After the call: confirm the outcome (and when to call back), then the next lead. */
export function WrapUp(p: WrapUpProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<CallOutcome | null>(p.proposed);
  useEffect(() => setOutcome(p.proposed), [p.proposed]);
  const [callbackAt, setCallbackAt] = useState('');
  const chosen = outcome !== null && p.outcomes.includes(outcome) ? outcome : null;
  const needsTime = chosen === 'callback' && !p.callbackFixed;
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    if (!chosen || (needsTime && !callbackAt)) return;
    onFinish(chosen);
  };
  const onFinish = (o: CallOutcome): void => p.onFinish(o, needsTime ? new Date(callbackAt).toISOString() : undefined);
  return (
    <form className="wrap-up" onSubmit={submit} aria-labelledby="wrap-title" data-testid="wrap-up">
      <h2 id="wrap-title">{t('wrapUp.title')}</h2>
      <p>{p.endText}</p>
      {p.saving && <p aria-busy="true">{t('wrapUp.savingEnd')}</p>}
      {p.endFailed && !p.saving && (
        <button type="button" className="btn" onClick={p.onRetryEnd} data-testid="retry-end">
          {t('wrapUp.retryEnd')}
        </button>
      )}
      {p.outcomes.length === 1 && chosen && (
        <p data-testid="outcome-only" data-outcome={chosen}>
          {t('outcome.title')}: <strong>{t(`outcome.names.${chosen}`)}</strong>
        </p>
      )}
      {p.outcomes.length > 1 && (
        <label>
          {t('outcome.title')}
          <select value={chosen ?? ''} onChange={(e) => setOutcome(e.target.value as CallOutcome)} data-testid="outcome-select" autoFocus>
            {p.outcomes.map((o) => (
              <option key={o} value={o}>
                {t(`outcome.names.${o}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {needsTime && (
        <label>
          {t('outcome.callbackAt')}
          <input type="datetime-local" value={callbackAt} onChange={(e) => setCallbackAt(e.target.value)} required aria-describedby="cb-hint" />
          <small id="cb-hint">{t('outcome.callbackRequired')}</small>
        </label>
      )}
      <button type="submit" className="btn btn-primary" data-testid="wrap-done" disabled={!chosen || p.finishing} autoFocus={p.outcomes.length === 1}>
        {t('wrapUp.done')}
      </button>
    </form>
  );
}
