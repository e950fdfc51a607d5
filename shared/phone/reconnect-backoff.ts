import { backoffDelay } from '../util/backoff';

/** Parameters of the reconnection backoff (part of PhoneSettings). */
export interface ReconnectBackoff {
  /** Wait before the first retry, before jitter, in ms. */
  readonly baseMs: number;
  /** Upper bound of any wait, before jitter, in ms. */
  readonly maxMs: number;
}

/**
 * How long to wait before reconnection attempt number `attempt` (0 = the first retry after the
 * connection was lost), RFC 5626 section 4.5 style:
 *
 *   wait = min(maxMs, baseMs * 2^attempt), then a random point between 50 % and 100 % of it.
 *
 * The jitter matters in a call centre: when the SIP server restarts, hundreds of phones lose it at
 * the same instant and must not all come back in the same millisecond. `random` returns [0, 1).
 */
export function reconnectDelayMs(attempt: number, backoff: ReconnectBackoff, random: () => number = Math.random): number {
  // The same policy as the outbox's delivery retries (shared/util/backoff.ts), with half of the wait random.
  const failures = Math.max(0, Math.floor(attempt)) + 1;
  return backoffDelay(failures, { baseMs: backoff.baseMs, maxMs: backoff.maxMs, jitter: 0.5 }, () => Math.min(Math.max(random(), 0), 1));
}
