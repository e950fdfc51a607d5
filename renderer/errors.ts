import type { TFunction } from 'i18next';
import { PROBLEM_BASE } from '../shared/api/problem';
import type { IpcError } from '../shared/ipc/define';
import { BridgeError } from './bridge';

/** An error as the UI keeps it: the bridge's structured error (its `message` is for logs, not for screens). */
export type UiError = IpcError;

/** Any thrown value as a UiError. */
export function toUiError(err: unknown): UiError {
  if (err instanceof BridgeError) return err.error;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/**
 * The agent's-language text of an error: by its code and, for the central API's errors, its problem
 * type (RFC 9457). The server's English `detail` never reaches a Korean screen; an unknown problem type
 * still gets a text of the screen's language with the HTTP status.
 */
export function errorText(e: UiError, t: TFunction): string {
  if (e.code === 'api-unreachable') return t('errors.apiUnreachable');
  if (e.code === 'invalid-payload' || e.code === 'unknown-channel') return t('errors.invalid');
  if (e.code === 'api-error') {
    const kind = e.problemType?.startsWith(PROBLEM_BASE) ? e.problemType.slice(PROBLEM_BASE.length) : null;
    const key = kind === null ? null : `errors.problem.${kind}`;
    if (key && t(key, { defaultValue: '' }) !== '') return t(key);
    return t('errors.http', { status: e.status ?? 0 });
  }
  return t('errors.internal');
}
