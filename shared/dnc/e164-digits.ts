/**
 * The digits of an E.164 string from `start` to its end as a number, or -1 if any is not a digit.
 * Hand-rolled: it runs on every lookup, and slicing or Number() would allocate.
 */
export function digitsValue(e164: string, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = e164.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The whole number without `+` as a float64 key (exact: E.164 has at most 15 digits), or -1. */
export function e164Key(e164: string): number {
  const n = e164.length;
  if (n < 2 || n > 16 || e164.charCodeAt(0) !== 43 /* + */ || e164.charCodeAt(1) === 48 /* 0 */) return -1;
  return digitsValue(e164, 1, n);
}

/** The E.164 string of a float64 key. */
export function keyToE164(key: number): string {
  return `+${key}`;
}
