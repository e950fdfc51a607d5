// The phone's presentational components in a real page, so keyboard reachability and accessible
// names are checked by Chromium's own accessibility tree. Bundled by test/sip/pages.ts.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Locale } from '../../../../shared/domain/locale';
import type { CallQuality } from '../../../../shared/phone/call-quality';
import type { RegistrationSnapshot } from '../../../../shared/phone/registration-state';
import type { AudioDevices, CallSnapshot } from '../../../../shared/phone/sip-port';
import { CallControls, DevicePicker, DialPad, QualityIndicator, RegistrationStatus } from '../../../../renderer/phone/components';

export interface ComponentsState {
  readonly locale: Locale;
  readonly now: number;
  readonly registration: RegistrationSnapshot;
  readonly call: CallSnapshot | null;
  readonly devices: AudioDevices;
  readonly quality: CallQuality | null;
  readonly sent: string;
}

export interface ComponentsHarness {
  render(state: ComponentsState): void;
  /** Every callback fired, as [name, argument]. */
  readonly fired: [string, unknown][];
}

declare global {
  interface Window {
    components: ComponentsHarness;
  }
}

const root = createRoot(document.body.appendChild(document.createElement('main')));
const fired: [string, unknown][] = [];
const record = (name: string) => (arg?: unknown): void => void fired.push([name, arg ?? null]);

window.components = {
  fired,
  // flushSync: the DOM holds the new state when render() returns, so a test reading textContent right
  // after `await render(...)` never sees the previous one (React 19 batches root.render otherwise).
  render(s) {
    flushSync(() => root.render(
      <>
        <RegistrationStatus registration={s.registration} locale={s.locale} now={s.now} onRetry={record('retry')} />
        <CallControls
          call={s.call}
          locale={s.locale}
          onAnswer={record('answer')}
          onHangUp={record('hangUp')}
          onHold={record('hold')}
          onResume={record('resume')}
          onMute={record('mute')}
          onTransfer={record('transfer')}
        />
        <DialPad locale={s.locale} disabled={s.call === null} onKey={record('key')} sent={s.sent} />
        <DevicePicker devices={s.devices} locale={s.locale} onInput={record('input')} onOutput={record('output')} />
        <QualityIndicator quality={s.quality} locale={s.locale} />
      </>,
    ));
  },
};
