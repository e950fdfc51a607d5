/** What went wrong, as a stable code the UI turns into a message (renderer/phone/messages.ts). */
export const PHONE_ERROR_CODES = [
  'not_registered',
  'auth_failed',
  'unreachable',
  'rejected',
  'no_such_call',
  'invalid_state',
  'invalid_target',
  'invalid_dtmf',
  'hold_refused',
  'transfer_failed',
  'device_not_found',
  'media_unavailable',
  'request_pending',
] as const;
export type PhoneErrorCode = (typeof PHONE_ERROR_CODES)[number];

/** The one error type a SipPort rejects with. Never carries a phone number in its message. */
export class PhoneError extends Error {
  override readonly name = 'PhoneError';
  constructor(
    readonly code: PhoneErrorCode,
    message: string,
    /** SIP status of the response behind the error, when there was one. */
    readonly sipStatus: number | null = null,
  ) {
    super(message);
  }
}

/** True if `err` is a PhoneError (with the given code, if one is given). */
export function isPhoneError(err: unknown, code?: PhoneErrorCode): err is PhoneError {
  return err instanceof PhoneError && (code === undefined || err.code === code);
}
