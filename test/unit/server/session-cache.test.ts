import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../../server/identity/session-cache';
import type { Row, Sql, SqlValue } from '../../../server/store/sql';

/** A `tokens JOIN users` stand-in: one open session, counting the lookups. */
function fakeSql(expiresAt: string): Sql & { lookups: number; open: boolean } {
  const row: Row = { id: 'u1', username: 'agent1', display_name: 'A', role: 'agent', team_id: null, password_hash: 'x', token_expires_at: expiresAt };
  const db = {
    dialect: 'sqlite' as const,
    lookups: 0,
    open: true,
    async get<T extends Row>(_sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
      db.lookups += 1;
      await Promise.resolve();
      return db.open && params[0] === 'd1' && String(params[1]) < expiresAt ? (row as T) : undefined;
    },
    all: async () => [],
    run: async () => ({ changes: 0 }),
  };
  return db;
}

describe('SessionCache', () => {
  const now = new Date('2026-03-10T01:00:00.000Z');
  const expires = '2026-03-10T02:00:00.000Z';

  it('asks the database once per TTL, then again', async () => {
    let t = 0;
    const sql = fakeSql(expires);
    const cache = new SessionCache(2000, 100, () => t);
    expect((await cache.resolve(sql, 'd1', now))?.user.id).toBe('u1');
    t = 1999;
    expect((await cache.resolve(sql, 'd1', now))?.expiresAt).toBe(expires);
    expect(sql.lookups).toBe(1);
    sql.open = false; // signed out by another process
    t = 2000;
    expect(await cache.resolve(sql, 'd1', now)).toBeUndefined();
    expect(sql.lookups).toBe(2);
  });

  it('checks the token expiry on every use, against the clock it is given', async () => {
    const sql = fakeSql(expires);
    const cache = new SessionCache(60_000, 100, () => 0);
    expect(await cache.resolve(sql, 'd1', now)).toBeDefined();
    expect(await cache.resolve(sql, 'd1', new Date(expires))).toBeUndefined();
    expect(sql.lookups).toBe(1);
  });

  it('a sign-out in this process is at once, even with a lookup in flight', async () => {
    const sql = fakeSql(expires);
    const cache = new SessionCache(60_000, 100, () => 0);
    await cache.resolve(sql, 'd1', now);
    sql.open = false;
    cache.forget('d1');
    expect(await cache.resolve(sql, 'd1', now)).toBeUndefined();
    sql.open = true;
    const inFlight = cache.resolve(sql, 'd1', now);
    cache.forget('d1');
    await inFlight;
    sql.open = false;
    expect(await cache.resolve(sql, 'd1', now)).toBeUndefined();
  });

  it('concurrent lookups of one session share one query; unknown tokens are not kept', async () => {
    const sql = fakeSql(expires);
    const cache = new SessionCache(60_000, 100, () => 0);
    const all = await Promise.all(Array.from({ length: 20 }, () => cache.resolve(sql, 'd1', now)));
    expect(all.every((s) => s?.user.id === 'u1')).toBe(true);
    expect(sql.lookups).toBe(1);
    await cache.resolve(sql, 'nope', now);
    await cache.resolve(sql, 'nope', now);
    expect(sql.lookups).toBe(3);
  });

  it('TTL 0 asks every time', async () => {
    const sql = fakeSql(expires);
    const cache = new SessionCache(0, 100, () => 0);
    await cache.resolve(sql, 'd1', now);
    await cache.resolve(sql, 'd1', now);
    expect(sql.lookups).toBe(2);
  });
});
