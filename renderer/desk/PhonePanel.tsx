import { useEffect, useState } from 'react';
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
 * accepted, mute, transfer), the DTMF pad and the line quality. Connected: feeds the phone's
 * presentational pieces from the store and the SipPort.
 */
export function PhonePanel() {
  const locale = useDesk((s) => s.settings.locale);
  const registration = useDesk((s) => s.registration);
  const call = useDesk((s) => s.phoneCall);
  const quality = useDesk((s) => s.quality);
  const hangUp = useDesk((s) => s.hangUp);
  const phone = useDeskPhone();
  const now = useNow();
  const [sent, setSent] = useState('');
  useEffect(() => setSent(''), [call?.id]);
  const port = phone();
  const run = (work: Promise<unknown> | undefined): void => {
    void work?.catch(() => undefined); // the phone reports failures as notices and call state
  };
  return (
    <aside className="phone-panel" aria-label="phone">
      {registration && <RegistrationStatus registration={registration} locale={locale} now={now} onRetry={() => run(port?.register())} />}
      {call && (
        <>
          <CallControls
            call={call}
            locale={locale}
            onAnswer={() => run(port?.answer(call.id))}
            onHangUp={() => void hangUp()}
            onHold={() => run(port?.hold(call.id))}
            onResume={() => run(port?.unhold(call.id))}
            onMute={(muted) => port?.setMuted(call.id, muted)}
            onTransfer={(target) => run(port?.transfer(call.id, target))}
          />
          <DialPad
            locale={locale}
            disabled={call.state !== 'active'}
            sent={sent}
            onKey={(key) => {
              setSent((s) => s + key);
              run(port?.sendDtmf(call.id, key));
            }}
          />
          <QualityIndicator quality={quality?.callId === call.id ? quality : null} locale={locale} />
        </>
      )}
    </aside>
  );
}
