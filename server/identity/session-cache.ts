import type { Sql } from '../store/sql';
import { sessionByDigest, type Session } from './tokens';

/**
 * Open sessions (token digest -> user and expiry) kept in memory for `ttlMs` (decision 0025): a request
 * authenticates without a database round trip while its session was looked up in the last `ttlMs`. The
 * token's own expiry is checked on every use against the server's clock. A sign-out in this process drops
 * the entry at once (`forget`); another process (several API processes, decision 0023) sees it within
 * `ttlMs`. Concurrent lookups of one digest share one query. `ttlMs` 0 turns the cache off.
 */
export class SessionCache {
  readonly #entries = new Map<string, { session: Session; until: number }>();
  readonly #pending = new Map<string, Promise<Session | undefined>>();

  constructor(
    readonly ttlMs: number,
    readonly capacity = 10_000,
    /** A monotonic clock in ms (the TTL is real time, whatever the server's clock says). */
    readonly monotonic: () => number = () => performance.now(),
  ) {}

  /** The open session of token digest `digest` at `now`, or undefined (unknown, signed out, expired). */
  async resolve(sql: Sql, digest: string, now: Date): Promise<Session | undefined> {
    const at = now.toISOString();
    const hit = this.#entries.get(digest);
    if (hit && hit.until > this.monotonic()) return hit.session.expiresAt > at ? hit.session : undefined;
    this.#entries.delete(digest);
    const pending = this.#pending.get(digest);
    if (pending) {
      const shared = await pending;
      return shared && shared.expiresAt > at ? shared : undefined;
    }
    const lookup = sessionByDigest(sql, digest, now);
    this.#pending.set(digest, lookup);
    try {
      const session = await lookup;
      // Kept only if no sign-out came while the lookup was in flight.
      if (session && this.ttlMs > 0 && this.#pending.get(digest) === lookup) this.#keep(digest, session);
      return session;
    } finally {
      if (this.#pending.get(digest) === lookup) this.#pending.delete(digest);
    }
  }

  /** Drops the session of `digest` (sign-out), and a lookup of it in flight is not kept. */
  forget(digest: string): void {
    this.#entries.delete(digest);
    this.#pending.delete(digest);
  }

  #keep(digest: string, session: Session): void {
    this.#entries.set(digest, { session, until: this.monotonic() + this.ttlMs });
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
