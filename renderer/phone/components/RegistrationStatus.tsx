import type { Locale } from '../../../shared/domain/locale';
import type { RegistrationSnapshot } from '../../../shared/phone/registration-state';
import { phoneMessages } from '../messages';

export interface RegistrationStatusProps {
  readonly registration: RegistrationSnapshot;
  readonly locale: Locale;
  /** Epoch ms "now", to show the seconds until the next attempt (pass a ticking clock). */
  readonly now: number;
  /** Offered when registration failed or is waiting for its next attempt. */
  readonly onRetry?: () => void;
}

/** The phone's connection light and words: registered, reconnecting (next attempt in n s), failed... */
export function RegistrationStatus({ registration, locale, now, onRetry }: RegistrationStatusProps) {
  const m = phoneMessages[locale];
  const { state, error, nextAttemptAt } = registration;
  const seconds = state === 'reconnecting' && nextAttemptAt !== null ? Math.max(0, Math.ceil((nextAttemptAt - now) / 1000)) : null;
  const detail = state === 'failed' && error?.kind === 'auth_failed' ? m.wrongPassword : seconds !== null ? m.nextAttempt(seconds) : null;
  const canRetry = onRetry !== undefined && (state === 'failed' || state === 'reconnecting' || state === 'unregistered');
  return (
    <div className="cg-phone-registration" data-state={state} role="group" aria-label={m.controls.registrationStatus}>
      <span className="cg-phone-light" aria-hidden="true" />
      <span role="status" aria-live="polite">
        <span className="cg-phone-registration-label">{m.registration[state]}</span>
        {detail !== null && <span className="cg-phone-registration-detail"> {detail}</span>}
      </span>
      {canRetry && (
        <button type="button" className="btn btn-small" onClick={() => onRetry?.()}>
          {m.controls.retry}
        </button>
      )}
    </div>
  );
}
