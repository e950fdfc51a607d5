/**
 * Removes phone numbers from a log line: any run of 6 or more digits (optionally with a leading +)
 * keeps only its last two digits. SIP messages carry the dialled number in the Request-URI and
 * To header; those must never reach a log in clear (COMPLIANCE: numbers are never logged).
 */
export function redactNumbers(text: string): string {
  return text.replace(/\+?\d{6,}/g, (run) => `${'#'.repeat(Math.max(0, run.length - 2))}${run.slice(-2)}`);
}

export type PhoneLogLevel = 'debug' | 'log' | 'warn' | 'error';
export type PhoneLogger = (level: PhoneLogLevel, message: string) => void;

/** A sip.js logConnector that forwards to `logger` with numbers redacted. */
export function sipjsLogConnector(logger: PhoneLogger): (level: PhoneLogLevel, category: string, label: string | undefined, content: string) => void {
  return (level, category, _label, content) => logger(level, `${category} ${redactNumbers(content)}`);
}
