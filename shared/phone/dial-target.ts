import { PhoneError } from './phone-error';

/**
 * What a SipPort may dial: a SIP URI (`sip:user@host`), a phone number (`+821012345678`,
 * digits only), or a bare SIP user name (`agent17`), which is dialled in the AOR's domain.
 */
export const DIAL_TARGET_PATTERN = /^(sips?:[A-Za-z0-9._~+-]+@[A-Za-z0-9.-]+(:\d+)?|\+?[0-9]{2,20}|[A-Za-z][A-Za-z0-9._~-]{0,63})$/;

/**
 * The SIP URI to INVITE for `target` in `domain`. Throws PhoneError `invalid_target` (without
 * echoing the target, which may be a phone number) if it is none of the forms above.
 */
export function dialUri(target: string, domain: string): string {
  const trimmed = target.trim();
  if (!DIAL_TARGET_PATTERN.test(trimmed)) {
    throw new PhoneError('invalid_target', 'the dial target is not a SIP URI, a phone number or a SIP user name');
  }
  return /^sips?:/.test(trimmed) ? trimmed : `sip:${trimmed}@${domain}`;
}

/**
 * The far end as the agent may see it: a phone number keeps only its last four digits
 * (`***-5678`, never in clear on the desktop); a single-use dial or practice token (`d-…`, `p-…`,
 * a credential for one call) is shown as `***`; a SIP user name is shown as is.
 */
export function remoteLabel(user: string): string {
  if (/^[dp]-[A-Za-z0-9_-]{8,}$/.test(user)) return '***';
  const digits = user.replace(/[^0-9]/g, '');
  if (/^\+?[0-9][0-9 ()-]{3,}$/.test(user) && digits.length >= 5) return `***-${digits.slice(-4)}`;
  return user;
}
