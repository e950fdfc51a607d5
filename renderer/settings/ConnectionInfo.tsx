import { useTranslation } from 'react-i18next';
import { useDesk } from '../desk/context';

/** Where the desk connects (API, SIP edge, ICE servers): shown, never edited (the administrator's policy decides it). */
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
      <p>
        {t('settings.sipWsUrl')}: {connection.sip.wsUrl ? <code data-testid="sip-ws-url">{connection.sip.wsUrl}</code> : t('connection.noSipEdge')}
      </p>
      <p>
        {t('settings.iceServers')}:{' '}
        {connection.sip.iceServers.length > 0 ? <code data-testid="ice-servers">{connection.sip.iceServers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls])).join(', ')}</code> : t('connection.noIceServers')}
      </p>
      <p className="muted">{connection.source === 'policy' ? t('connection.byPolicy', { file: connection.policyFile ?? '' }) : t('connection.development')}</p>
    </section>
  );
}
