import type { Db, Sql } from './sql';

interface Pending {
  readonly work: (sql: Sql) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit (issue 11 item 6, decision 0021): units of work submitted while a transaction is in flight
 * share the next transaction and its one durable COMMIT (one fsync on SQLite's WAL, one WAL flush on
 * PostgreSQL); a unit submitted while nothing is in flight starts a transaction on the next turn of the
 * event loop (`setImmediate`: no window, no timer; a lone request never waits for others).
 *
 * ```
 *   idle ──submit──▶ committing(group = [w])
 *   committing ──submit──▶ committing (w queued for the next group)
 *   committing ──COMMIT done──▶ committing(next group = all queued, at most maxGroup) | idle (none queued)
 * ```
 *
 * Each unit runs under a SAVEPOINT of its own: a unit that throws (a refused or invalid request) is
 * rolled back to its savepoint and rejected with its own error, and the others of the group go on. Every
 * unit is answered only after the group's COMMIT returned (its writes are durable); if the COMMIT itself
 * fails, every unit of the group is rejected with that error. A group of one runs without a savepoint.
 */
export class GroupCommitter {
  readonly #queue: Pending[] = [];
  #running = false;
  /** Groups committed and units in them (for the bench and tests). */
  groups = 0;
  units = 0;

  constructor(
    readonly db: Db,
    readonly maxGroup = 512,
  ) {}

  /** Runs `work` inside the next group's transaction; resolves with its result once that commits. */
  submit<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#running) {
        this.#running = true;
        // The next turn of the event loop, not a timer: requests already read from their sockets join.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    const group = this.#queue.splice(0, this.maxGroup);
    const outcomes = await this.#commit(group);
    this.groups += 1;
    this.units += group.length;
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o?.ok) p.resolve(o.value);
      else p.reject(o ? o.error : new Error('group commit: no outcome'));
    });
    // Units that arrived during this commit form the next group, after one turn of the event loop (a
    // synchronous driver's COMMIT blocks it: the requests that queued up meanwhile are read first).
    if (this.#queue.length > 0) setImmediate(() => void this.#drain());
    else this.#running = false;
  }

  async #commit(group: readonly Pending[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    try {
      await this.db.tx(async (sql) => {
        const only = group.length === 1 ? group[0] : undefined;
        if (only) {
          // Alone: no savepoint; a failure rolls the whole (one-unit) transaction back.
          outcomes.push({ ok: true, value: await only.work(sql) });
          return;
        }
        for (const p of group) {
          await sql.run('SAVEPOINT group_unit');
          try {
            const value = await p.work(sql);
            await sql.run('RELEASE SAVEPOINT group_unit');
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql.run('ROLLBACK TO SAVEPOINT group_unit');
            await sql.run('RELEASE SAVEPOINT group_unit');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      return group.map(() => ({ ok: false, error }));
    }
    return outcomes;
  }
}
