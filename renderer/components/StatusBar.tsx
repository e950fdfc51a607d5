import { useTranslation } from 'react-i18next';
import type { OutboxStatus } from '../../shared/ipc/outbox';
import type { Locale } from '../../shared/domain/locale';

export interface StatusBarProps {
  readonly userName: string;
  readonly outbox: OutboxStatus;
  /** The phone's state; absent for roles that do not call (team leads, trainers). */
  readonly phone?: { readonly label: string; readonly ok: boolean };
  readonly locale: Locale;
  readonly onSwitchLocale: () => void;
  readonly onSignOut: () => void;
}

function since(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleTimeString(locale === 'ko' ? 'ko-KR' : 'en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Who is signed in, how much evidence waits for delivery, the phone's state, language, sign-out. */
export function StatusBar(p: StatusBarProps) {
  const { t } = useTranslation();
  const waiting = p.outbox.pending > 0;
  return (
    <header className="status-bar">
      <strong className="brand">{t('app.title')}</strong>
      <span className="user">{p.userName}</span>
      <span className={`outbox ${waiting ? 'waiting' : 'clear'}`} role="status" aria-live="polite" data-testid="outbox-status" data-pending={p.outbox.pending}>
        {waiting ? t('status.outboxWaiting', { count: p.outbox.pending, since: since(p.outbox.oldestPendingSince ?? new Date().toISOString(), p.locale) }) : t('status.outboxEmpty')}
      </span>
      {p.outbox.rejected > 0 && <span className="outbox-rejected">{t('status.outboxRejected', { count: p.outbox.rejected })}</span>}
      {p.phone && (
        <span className={`phone-state ${p.phone.ok ? 'ok' : 'down'}`} data-testid="phone-state">
          {t('status.sip')}: {p.phone.label}
        </span>
      )}
      <button type="button" className="btn btn-link" onClick={p.onSwitchLocale} aria-label={t('app.language')}>
        {t('app.switchTo')}
      </button>
      <button type="button" className="btn btn-link" onClick={p.onSignOut}>
        {t('status.signOut')}
      </button>
    </header>
  );
}
