import { useTranslation } from 'react-i18next';
import type { OutboxStatus } from '../../shared/ipc/outbox';
import type { Locale } from '../../shared/domain/locale';
import { refusalText } from '../outbox/refusal-text';

export interface StatusBarProps {
  readonly userName: string;
  readonly outbox: OutboxStatus;
  /** The phone's state; absent for roles that do not call (team leads, trainers). */
  readonly phone?: { readonly label: string; readonly ok: boolean };
  readonly locale: Locale;
  readonly onSwitchLocale: () => void;
  readonly onSignOut: () => void;
  /** Opens the outbox view (refused answers, what recovery repaired). */
  readonly onShowOutbox: () => void;
}

function since(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleTimeString(locale === 'ko' ? 'ko-KR' : 'en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * Who is signed in, how much evidence waits for delivery (and why an answer was refused, or the
 * outbox cannot write), the phone's state, language, sign-out.
 */
export function StatusBar(p: StatusBarProps) {
  const { t } = useTranslation();
  const o = p.outbox;
  const waiting = o.pending > 0;
  const repaired = o.recovery.quarantinedBytes > 0 || o.unreadable > 0;
  const refused = o.lastRefused ? refusalText(o.lastRefused.refusal, t) : null;
  return (
    <header className="status-bar">
      <strong className="brand">{t('app.title')}</strong>
      <span className="user">{p.userName}</span>
      <span className={`outbox ${waiting ? 'waiting' : 'clear'}`} role="status" aria-live="polite" data-testid="outbox-status" data-pending={o.pending}>
        {waiting ? t('status.outboxWaiting', { count: o.pending, since: since(o.oldestPendingSince ?? new Date().toISOString(), p.locale) }) : t('status.outboxEmpty')}
      </span>
      {o.journalFault && (
        <span className="outbox-fault" role="alert" data-testid="outbox-fault">
          {t('outbox.journalFault')}
        </span>
      )}
      {(refused || repaired) && (
        <button type="button" className="btn btn-link outbox-refused" onClick={p.onShowOutbox} data-testid="outbox-refused" data-refused={o.refused}>
          {refused ? (o.refused > 1 ? t('outbox.refusedMore', { count: o.refused, reason: refused }) : t('outbox.refusedLatest', { reason: refused })) : t('outbox.show')}
        </button>
      )}
      {p.phone && (
        <span className={`phone-state ${p.phone.ok ? 'ok' : 'down'}`} data-testid="phone-state">
          {t('status.sip')}: {p.phone.label}
        </span>
      )}
      {/* The button's name is its visible text, in the language it switches to (WCAG 2.5.3). */}
      <button type="button" className="btn btn-link" onClick={p.onSwitchLocale} lang={p.locale === 'ko' ? 'en' : 'ko'} title={t('app.language')} data-testid="switch-language">
        {t('app.switchTo')}
      </button>
      <button type="button" className="btn btn-link" onClick={p.onSignOut} data-testid="sign-out">
        {t('status.signOut')}
      </button>
    </header>
  );
}
