/** The desk's entry point to the phone: the sip.js SipPort and its presentational pieces. */
import type { PhoneSettingsInput } from '../../shared/phone/phone-settings';
import type { SipPort } from '../../shared/phone/sip-port';
import type { PhoneEnvironment } from './environment';
import { SipJsPhone } from './sipjs-phone';

export { SipJsPhone } from './sipjs-phone';
export { browserEnvironment, type PhoneEnvironment } from './environment';
export { phoneMessages, type PhoneMessages } from './messages';

/** Builds the sip.js phone from settings (defaults filled in; PhoneSettingsError on a bad field). */
export function createSipPhone(settings: PhoneSettingsInput, env: Partial<PhoneEnvironment> = {}): SipPort {
  return SipJsPhone.create(settings, env);
}
