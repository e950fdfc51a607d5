/** The DTMF keys a phone can send: digits, `*`, `#` and the rarely used A-D. */
export const DTMF_PATTERN = /^[0-9A-D*#]+$/;

/** How DTMF travels: RFC 4733 telephone-events in the media stream, or SIP INFO requests. */
export type DtmfMethod = 'rfc4733' | 'info';

/** True if `digits` is a non-empty string of DTMF keys (at most 64). */
export function isDtmfDigits(digits: string): boolean {
  return digits.length > 0 && digits.length <= 64 && DTMF_PATTERN.test(digits);
}

/**
 * The digit carried by a SIP INFO body: `application/dtmf-relay` (`Signal=5\r\nDuration=160`) or
 * `application/dtmf` (`5`). Returns null for anything else.
 */
export function dtmfFromInfoBody(contentType: string, body: string): string | null {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/dtmf-relay') {
    const match = /^\s*signal\s*=\s*([0-9A-Da-d*#])\s*$/im.exec(body);
    return match?.[1] ? match[1].toUpperCase() : null;
  }
  if (type === 'application/dtmf') {
    const digit = body.trim().toUpperCase();
    return /^[0-9A-D*#]$/.test(digit) ? digit : null;
  }
  return null;
}

/** The `application/dtmf-relay` body for one digit (the format SIP INFO DTMF peers expect). */
export function dtmfRelayBody(digit: string, durationMs = 160): string {
  return `Signal=${digit}\r\nDuration=${durationMs}\r\n`;
}
