import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOTKEY_ACTIONS, type HotkeyAction, type Settings } from '../../shared/ipc/settings';
import { getBridge, unwrap } from '../bridge';
import { errorText, toUiError } from '../errors';
import { fieldProblemText, settingsFieldLabel } from '../field-errors';
import { useDesk, useDeskPhone } from '../desk/context';
import { DevicePicker } from '../phone/components';
import type { AudioDevices } from '../../shared/phone/sip-port';
import { OutboxView } from '../outbox/OutboxView';
import { ConnectionInfo } from './ConnectionInfo';

/**
 * The desk's settings: ICE gathering time, devices, language and hotkeys. Saved through the bridge (the
 * main process validates with the settings schema and names any bad field). No SIP account and no
 * connection here: the API issues the session's ephemeral SIP credentials (decision 0011), and the SIP
 * edge and ICE servers are provisioned by the administrator (decision 0015, shown in ConnectionInfo).
 */
export function SettingsForm({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const settings = useDesk((s) => s.settings);
  const applySettings = useDesk((s) => s.applySettings);
  const [iceTimeout, setIceTimeout] = useState(String(settings.sip.iceGatheringTimeoutMs));
  const [hotkeys, setHotkeys] = useState<Record<HotkeyAction, string>>({ ...settings.hotkeys });
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // The outcome line is under the form, below the fold at 1366x768: brought into view when it says something.
  const statusLine = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (status) statusLine.current?.scrollIntoView({ block: 'nearest' });
  }, [status]);
  const port = useDeskPhone()();
  const [devices, setDevices] = useState<AudioDevices | null>(null);
  useEffect(() => {
    void port?.audioDevices().then(setDevices, () => setDevices(null));
  }, [port]);
  const chooseDevice = async (kind: 'inputId' | 'outputId', deviceId: string | null): Promise<void> => {
    await (kind === 'inputId' ? port?.setAudioInput(deviceId) : port?.setAudioOutput(deviceId))?.catch(() => undefined);
    applySettings(await unwrap(getBridge().settings.update({ devices: { ...settings.devices, [kind]: deviceId } })));
    if (port) setDevices(await port.audioDevices());
  };

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    setStatus(null);
    const patch: Partial<Settings> = {
      sip: { ...settings.sip, iceGatheringTimeoutMs: Number(iceTimeout) },
      hotkeys,
    };
    try {
      const next = await unwrap(getBridge().settings.update(patch));
      applySettings(next);
      setStatus({ kind: 'ok', text: t('settings.saved') });
    } catch (err) {
      const e = toUiError(err);
      const fields = e.fields ?? [];
      setStatus({
        kind: 'error',
        text: fields.length ? fields.map((f) => `${settingsFieldLabel(f.path, t)}: ${fieldProblemText(f, t)}`).join(' ') : errorText(e, t),
      });
    }
  };

  return (
    <form className={`settings ${compact ? 'settings-compact' : ''}`} onSubmit={(e) => void save(e)} aria-labelledby="settings-title" data-testid="settings">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {!compact && (
        <>
          <fieldset>
            <legend>{t('settings.phone')}</legend>
            <label>
              {t('settings.iceTimeout')}
              <input name="iceTimeout" type="number" min={50} max={10000} value={iceTimeout} onChange={(e) => setIceTimeout(e.target.value)} />
            </label>
          </fieldset>
          {devices && (
            <fieldset>
              <legend>{t('settings.devices')}</legend>
              <DevicePicker devices={devices} locale={settings.locale} onInput={(id) => void chooseDevice('inputId', id)} onOutput={(id) => void chooseDevice('outputId', id)} />
            </fieldset>
          )}
          <fieldset>
            <legend>{t('hotkeys.title')}</legend>
            <div className="hotkey-grid">
              {HOTKEY_ACTIONS.map((a) => (
                <label key={a}>
                  {t(`settings.hotkey.${a}`)}
                  <input value={hotkeys[a]} onChange={(e) => setHotkeys({ ...hotkeys, [a]: e.target.value })} maxLength={20} aria-label={t(`settings.hotkey.${a}`)} />
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
      <button type="submit" className="btn btn-primary">
        {t('settings.save')}
      </button>
      <p ref={statusLine} role={status?.kind === 'error' ? 'alert' : 'status'} className={status?.kind === 'error' ? 'error' : 'ok'}>
        {status?.text ?? ''}
      </p>
    </form>
  );
}

/** The settings as a workspace (every role): the connection (read-only), the form, the evidence outbox. */
export function SettingsView() {
  const { t } = useTranslation();
  return (
    <main className="settings-view" aria-labelledby="settings-view-title">
      <h1 id="settings-view-title" className="visually-hidden">
        {t('settings.title')}
      </h1>
      <ConnectionInfo />
      <SettingsForm />
      <OutboxView />
    </main>
  );
}
