import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../../server/store/group-commit';
import { SqliteDb } from '../../../server/store/sqlite-db';
import { waitUntil } from '../../sip/net';
import type { Sql } from '../../../server/store/sql';
import { PostgresDb } from '../../../server/store/postgres-db';
import { TEST_DATABASE_URL } from '../../support/system';
import { DB_KINDS, makeEvent, openCall, startTestServer, type TestServer } from '../../support/server-harness';

// Issue 11 item 6: group commit. Concurrent ingest requests share a transaction and its one durable
// commit, each is answered on its own, a bad request fails alone, and practice batches never lock the ledger.
describe.each(DB_KINDS)('group commit on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const verify = async () => (await s.request('GET', '/v1/ledger/verify', { token: await s.login('admin') })).json;

  it('units submitted while a transaction is in flight share the next one; a failing unit is rolled back alone; a lone unit starts at once', async () => {
    const db = s.ctx.store.db;
    await db.exec('CREATE TABLE gc_probe (id TEXT PRIMARY KEY)');
    const gc = new GroupCommitter(db);
    const insert = (id: string) => async (sql: Sql) => {
      await sql.run('INSERT INTO gc_probe (id) VALUES (?)', [id]);
      return id;
    };
    const failing = async (sql: Sql) => {
      await sql.run('INSERT INTO gc_probe (id) VALUES (?)', ['bad']);
      throw new Error('this unit is invalid');
    };
    // A lone unit: its own group, committed before submit's promise resolves (no window to wait for).
    expect(await gc.submit<string>(insert('alone'))).toBe('alone');
    expect(gc.groups).toBe(1);
    expect(await s.count("SELECT COUNT(*) AS n FROM gc_probe WHERE id = 'alone'")).toBe(1);
    // Units submitted while a transaction is in flight share the next one; each gets its own outcome.
    let during: Promise<string>[] = [];
    const first = gc.submit<string>(async (sql) => {
      await sql.run('INSERT INTO gc_probe (id) VALUES (?)', ['first']);
      during = [gc.submit<string>(insert('a')), gc.submit<string>(insert('b')), gc.submit<string>(failing), gc.submit<string>(insert('c')), gc.submit<string>(insert('a'))];
      return 'first';
    });
    expect(await first).toBe('first');
    const results = await Promise.allSettled(during);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('this unit is invalid');
    expect(gc.groups).toBe(3);
    expect(gc.units).toBe(7);
    expect((await db.all('SELECT id FROM gc_probe ORDER BY id')).map((r) => r['id'])).toEqual(['a', 'alone', 'b', 'c', 'first']);
  });

  it('concurrent ingest requests are grouped, each answered with its own result; a bad batch fails alone', async () => {
    const agent = await s.login('agent1');
    const calls = [];
    for (const lead of ['lead-kr-valid', 'lead-kr-night', 'lead-kr-3p-ok', 'lead-kr-reconfirmed', 'lead-kr-own-recent']) calls.push((await openCall(s, lead)).call);
    const [c0, c1, c2, c3, c4] = calls;
    await s.ingest(agent, [makeEvent(c4, 0)]);
    const dup = makeEvent(c4, 1);
    const before = s.ctx.ingestGroup.groups;
    const replies = await Promise.all([
      s.ingest(agent, [makeEvent(c0, 0), makeEvent(c0, 1)]),
      s.ingest(agent, [makeEvent(c1, 0)]),
      s.ingest(agent, [makeEvent(c2, 3)]), // a gap: 422 out-of-order for this batch only
      s.ingest(agent, [makeEvent(c3, 0), makeEvent(c3, 1, { kind: 'pitch', stepId: 'pitch', answer: 'delivered' })]), // refused inside a 200
      s.ingest(agent, [dup, { ...dup, answer: 'no' }]), // same id, different body: 409 for this batch only
      s.ingest(agent, [makeEvent(c2, 0)]),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 422, 200, 409, 200]);
    expect(replies[0]?.json.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
    expect(replies[3]?.json.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'refused']);
    expect(s.ctx.ingestGroup.groups - before).toBeLessThan(6);
    expect(await s.count('SELECT COUNT(*) AS n FROM consent_events')).toBe(1 + 2 + 1 + 1 + 1);
    expect(await s.count('SELECT COUNT(*) AS n FROM refused_events')).toBe(1);
    expect(await s.count('SELECT COUNT(*) AS n FROM consent_events WHERE call_id = ?', [c2.id])).toBe(1);
    const v = await verify();
    expect(v).toMatchObject({ ok: true });
    expect(v.entries).toBe(await s.count('SELECT COUNT(*) AS n FROM ledger'));
    // The calls' counters follow only what was stored.
    expect((await s.request('GET', `/v1/calls/${c4.id}`, { token: agent })).json.call.eventCount).toBe(1);
  });

  it('practice-only batches never take the ledger lock', async () => {
    const { token, call } = await openCall(s);
    const db = s.ctx.store.db;
    const statements: string[] = [];
    const tx = db.tx.bind(db);
    const groupTx = db.groupTx.bind(db);
    const tracing = (sql: Sql): Sql => ({
      dialect: sql.dialect,
      all: (q, p) => (statements.push(q), sql.all(q, p)),
      get: (q, p) => (statements.push(q), sql.get(q, p)),
      run: (q, p) => (statements.push(q), sql.run(q, p)),
    });
    // Practice batches run in a plain transaction, evidence in the group commit's: both are traced.
    const traced = <T>(fn: (sql: Sql) => Promise<T>): Promise<T> => tx((sql) => fn(tracing(sql)));
    const tracedGroup = <T>(fn: (sql: Sql) => Promise<T>) => groupTx((sql) => fn(tracing(sql)));
    Object.assign(db, { tx: traced, groupTx: tracedGroup });
    try {
      const practice = [0, 1].map((i) => makeEvent(call, i, { practice: true }));
      expect((await s.ingest(token, practice)).json.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.filter((q) => /ledger_head|INTO ledger |FROM ledger /.test(q))).toEqual([]);
      statements.length = 0;
      await s.ingest(token, [makeEvent(call, 0)]);
      expect(statements.some((q) => /FROM ledger_head/.test(q))).toBe(true);
    } finally {
      Object.assign(db, { tx, groupTx });
    }
  });
});

// PostgreSQL only: SQLite has one writer at a time, so a held lock there blocks every write anyway.
describe('group commit on postgres: the ledger lock', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer('postgres');
  });
  afterEach(async () => {
    await s?.close();
  });

  it('a practice batch is stored while another transaction holds the ledger lock', async () => {
    const { token, call } = await openCall(s);
    const other = new PostgresDb(TEST_DATABASE_URL, s.schema);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = other.tx(async (sql) => {
      await sql.get('SELECT seq FROM ledger_head WHERE id = 1 FOR UPDATE');
      locked();
      await held;
    });
    try {
      await isLocked;
      const practice = s.ingest(token, [makeEvent(call, 0, { practice: true })]);
      const outcome = await Promise.race([practice.then((r) => r.status), new Promise((r) => setTimeout(() => r('blocked by the ledger lock'), 5000))]);
      expect(outcome).toBe(200);
    } finally {
      release();
      await holder;
      await other.close();
    }
  });
});

// SQLite only (decision 0026): a group's COMMIT does not wait for the disk; its WAL is flushed off the
// event loop and its units are answered only when that flush returned. The flush is a stand-in here so
// the test decides when (and whether) the disk "answers"; the database is a real file.
describe('group commit on sqlite: answered when the WAL flush returns', () => {
  let dir: string;
  let db: SqliteDb;
  const flushes: ((err: NodeJS.ErrnoException | null) => void)[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-gc-flush-'));
    flushes.length = 0;
    db = new SqliteDb(join(dir, 'db.sqlite'), (_fd, done) => flushes.push(done));
    await db.exec('CREATE TABLE gc_probe (id TEXT PRIMARY KEY)');
  });
  afterEach(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string) => async (sql: Sql) => {
    await sql.run('INSERT INTO gc_probe (id) VALUES (?)', [id]);
    return id;
  };
  const settled = (p: Promise<unknown>) => {
    const state = { done: false };
    p.then(
      () => (state.done = true),
      () => (state.done = true),
    );
    return state;
  };
  const rows = async () => (await db.all('SELECT id FROM gc_probe ORDER BY id')).map((r) => r['id']);

  it('a unit is answered only after its flush; the next group commits while the flush is pending', async () => {
    const gc = new GroupCommitter(db);
    const a = gc.submit<string>(insert('a'));
    const aState = settled(a);
    await waitUntil(() => (flushes.length === 1 ? true : undefined), 5000, 'the first group asked for a flush');
    // Committed (visible) but not answered: the disk has not said it has it.
    expect(await rows()).toEqual(['a']);
    expect(aState.done).toBe(false);
    // The next group does not wait for the first one's flush.
    const b = gc.submit<string>(insert('b'));
    const bState = settled(b);
    await waitUntil(() => (flushes.length === 2 ? true : undefined), 5000, 'the second group committed while the first flush was pending');
    expect(aState.done).toBe(false);
    flushes[0]?.(null);
    expect(await a).toBe('a');
    expect(bState.done).toBe(false);
    flushes[1]?.(null);
    expect(await b).toBe('b');
    // Other transactions keep synchronous=FULL (2).
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('a failed flush fails its group, and every later group is refused before it writes', async () => {
    const gc = new GroupCommitter(db);
    const a = gc.submit<string>(insert('a'));
    await waitUntil(() => (flushes.length === 1 ? true : undefined), 5000, 'the group asked for a flush');
    flushes[0]?.(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(a).rejects.toThrow(/WAL could not be flushed to disk \(EIO\)/);
    await expect(gc.submit<string>(insert('later'))).rejects.toThrow(/WAL could not be flushed/);
    expect(await rows()).toEqual(['a']);
    expect(flushes).toHaveLength(1);
  });

  it('checkpoints run on their own thread: the WAL reaches the database file without a checkpoint on the writer', async () => {
    const file = join(dir, 'ckpt.sqlite');
    const real = new SqliteDb(file);
    try {
      await real.exec('CREATE TABLE gc_blob (id INTEGER PRIMARY KEY, b TEXT NOT NULL)');
      const before = statSync(file).size;
      const gc = new GroupCommitter(real);
      // 8 MB: twice SQLite's default auto-checkpoint (1000 pages), below the writer's safety net.
      const chunk = 'x'.repeat(64 * 1024);
      for (let g = 0; g < 16; g++) {
        await Promise.all(Array.from({ length: 8 }, (_, i) => gc.submit(async (sql: Sql) => sql.run('INSERT INTO gc_blob (id, b) VALUES (?, ?)', [g * 8 + i, chunk]))));
      }
      expect(real.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      await waitUntil(() => (statSync(file).size > before + 8_000_000 ? true : undefined), 15_000, () => `the database file stayed at ${statSync(file).size} bytes: no checkpoint copied the WAL`);
    } finally {
      await real.close();
    }
  });

  it('with the real fdatasync, units are answered and their rows are there after a reopen', async () => {
    const file = join(dir, 'real.sqlite');
    const real = new SqliteDb(file);
    await real.exec('CREATE TABLE gc_probe (id TEXT PRIMARY KEY)');
    const gc = new GroupCommitter(real);
    expect(await Promise.all(['x', 'y', 'z'].map((id) => gc.submit<string>(insert(id))))).toEqual(['x', 'y', 'z']);
    await real.close();
    const again = new SqliteDb(file);
    expect((await again.all('SELECT id FROM gc_probe ORDER BY id')).map((r) => r['id'])).toEqual(['x', 'y', 'z']);
    await again.close();
  });
});
