import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallControls, DialPad, QualityIndicator, RegistrationStatus } from '../phone/components';
import { useDesk, useDeskPhone } from './context';

/** Ticks once a second, for the reconnect countdown. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/**
 * The phone beside the script: registration (with retry), call controls (hold only once the far end
 * accepted, mute, hang up) and the line quality; the DTMF pad and the transfer stay behind a toggle,
 * so the in-call desk fits a 1366x768 screen. Connected: feeds the phone's presentational pieces from
 * the store and the SipPort.
 */
export function PhonePanel() {
  const { t } = useTranslation();
  const locale = useDesk((s) => s.settings.locale);
  const registration = useDesk((s) => s.registration);
  const call = useDesk((s) => s.call.phoneCall);
  const quality = useDesk((s) => s.quality);
  const hangUp = useDesk((s) => s.hangUp);
  const phone = useDeskPhone();
  const now = useNow();
  const [sent, setSent] = useState('');
  const [more, setMore] = useState(false);
  const moreId = useId();
  useEffect(() => {
    setSent('');
    setMore(false);
  }, [call?.id]);
  const port = phone();
  const run = (work: Promise<unknown> | undefined): void => {
    void work?.catch(() => undefined); // the phone reports failures as notices and call state
  };
  return (
    <aside className="phone-panel" aria-label={t('status.sip')}>
      {registration && <RegistrationStatus registration={registration} locale={locale} now={now} onRetry={() => run(port?.register())} />}
      {call && (
        <>
          <CallControls
            call={call}
            locale={locale}
            transfer={more}
            onAnswer={() => run(port?.answer(call.id))}
            onHangUp={() => void hangUp()}
            onHold={() => run(port?.hold(call.id))}
            onResume={() => run(port?.unhold(call.id))}
            onMute={(muted) => port?.setMuted(call.id, muted)}
            onTransfer={(target) => run(port?.transfer(call.id, target))}
          />
          <QualityIndicator quality={quality?.callId === call.id ? quality : null} locale={locale} />
          <button type="button" className="btn btn-link" aria-expanded={more} aria-controls={moreId} onClick={() => setMore(!more)} data-testid="phone-more">
            {t('call.phoneMore')}
          </button>
          <div id={moreId} hidden={!more}>
            {more && (
              <DialPad
                locale={locale}
                disabled={call.state !== 'active'}
                sent={sent}
                onKey={(key) => {
                  setSent((s) => s + key);
                  run(port?.sendDtmf(call.id, key));
                }}
              />
            )}
          </div>
        </>
      )}
    </aside>
  );
}
