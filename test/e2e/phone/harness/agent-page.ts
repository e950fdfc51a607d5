// The agent side of the phone e2e tests: the real SipJsPhone adapter in a page, with every event it
// emits recorded (and timestamped) for the test to read. Bundled by test/sip/pages.ts.
import './live-handles';
import type { CallQuality } from '../../../../shared/phone/call-quality';
import type { PhoneSettingsInput } from '../../../../shared/phone/phone-settings';
import type { RegistrationSnapshot } from '../../../../shared/phone/registration-state';
import type { CallSnapshot, PhoneNotice, ReceivedDtmf } from '../../../../shared/phone/sip-port';
import { SipJsPhone } from '../../../../renderer/phone/sipjs-phone';

export interface Stamped<T> {
  readonly at: number;
  readonly value: T;
}

export interface AgentHarness {
  phone: SipJsPhone | null;
  readonly registration: Stamped<RegistrationSnapshot>[];
  readonly calls: Stamped<CallSnapshot>[];
  readonly dtmf: Stamped<ReceivedDtmf>[];
  readonly quality: Stamped<CallQuality>[];
  readonly notices: Stamped<PhoneNotice>[];
  /** sip.js and phone log lines (numbers redacted). */
  readonly log: string[];
  create(settings: PhoneSettingsInput): void;
}

declare global {
  interface Window {
    agent: AgentHarness;
  }
}

const harness: AgentHarness = {
  phone: null,
  registration: [],
  calls: [],
  dtmf: [],
  quality: [],
  notices: [],
  log: [],
  create(settings) {
    const phone = SipJsPhone.create(settings, {
      logger: (level, message) => {
        if (level !== 'debug') harness.log.push(`${new Date().toISOString()} ${level} ${message.slice(0, 2_000)}`);
      },
    });
    const stamp = <T,>(list: Stamped<T>[]) => (value: T): void => void list.push({ at: Date.now(), value });
    phone.onRegistrationChange(stamp(harness.registration));
    phone.onCallChange(stamp(harness.calls));
    phone.onDtmfReceived(stamp(harness.dtmf));
    phone.onQuality(stamp(harness.quality));
    phone.onNotice(stamp(harness.notices));
    harness.phone = phone;
  },
};
window.agent = harness;
