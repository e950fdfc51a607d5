import { ApiError, fieldError } from '../../http/api-error';

/** An opaque cursor: a JSON tuple, base64url. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * Reads a cursor this API gave out. `shape` names the type of each element; anything else is a 400
 * naming `/cursor` (a cursor of another sort order included).
 */
export function decodeCursor(raw: string, shape: readonly ('string' | 'number' | 'key')[]): (string | number)[] {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === shape.length &&
      v.every((x, i) => (shape[i] === 'key' ? typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)) : typeof x === shape[i]))
    ) {
      return v as (string | number)[];
    }
  } catch {
    // the problem below
  }
  throw new ApiError('validation', 'cursor is not one this API gave out for this query', { errors: [fieldError('querystring', '/cursor', 'invalid cursor')] });
}
