/**
 * Exponential backoff with full jitter (RFC 5626 section 4.5 style: the wait grows with each failure
 * up to a ceiling, and a random share keeps many clients from retrying in lockstep after an outage).
 */
export interface BackoffPolicy {
  /** Wait after the first failure, in ms. */
  readonly baseMs: number;
  /** Ceiling of the wait, in ms. */
  readonly maxMs: number;
  /** Share of the wait that is random, 0..1 (RFC 5626 uses 0.5: wait in [w/2, w]). */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, jitter: 0.5 };

/** The wait before retry number `failures` (1 = after the first failure). `random` returns [0, 1). */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  const fixed = ceiling * (1 - policy.jitter);
  return Math.round(fixed + random() * ceiling * policy.jitter);
}
