import { useTranslation } from 'react-i18next';
import { useDesk } from '../desk/context';

/** Where the desk connects: shown, never edited (the administrator's policy decides it). */
export function ConnectionInfo() {
  const { t } = useTranslation();
  const connection = useDesk((s) => s.connection);
  if (!connection) return null;
  return (
    <section className="connection-info" aria-labelledby="connection-title" data-testid="connection-info">
      <h2 id="connection-title">{t('connection.title')}</h2>
      <p>
        {t('connection.address')}: <code data-testid="api-url">{connection.apiUrl}</code>
      </p>
      <p className="muted">{connection.source === 'policy' ? t('connection.byPolicy', { file: connection.policyFile ?? '' }) : t('connection.development')}</p>
    </section>
  );
}
