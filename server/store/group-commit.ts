import type { Db, Sql } from './sql';

/** A unit of work in the default mode: run under its own savepoint. */
export type Work = (sql: Sql) => Promise<unknown>;

interface Pending<U> {
  readonly unit: U;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** What became of one unit of a group. */
export type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Runs a group inside its transaction, one outcome per unit in order. A throw fails the whole group.
 * The default runs each unit under a SAVEPOINT (a group of one without).
 */
export type GroupRunner<U> = (sql: Sql, units: readonly U[]) => Promise<Outcome[]>;

export const savepointPerUnit: GroupRunner<Work> = async (sql, units) => {
  const only = units.length === 1 ? units[0] : undefined;
  // Alone: no savepoint; a failure rolls the whole (one-unit) transaction back.
  if (only) return [{ ok: true, value: await only(sql) }];
  const outcomes: Outcome[] = [];
  for (const work of units) {
    await sql.run('SAVEPOINT group_unit');
    try {
      const value = await work(sql);
      await sql.run('RELEASE SAVEPOINT group_unit');
      outcomes.push({ ok: true, value });
    } catch (error) {
      await sql.run('ROLLBACK TO SAVEPOINT group_unit');
      await sql.run('RELEASE SAVEPOINT group_unit');
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
};

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
 *   (each group's units are answered when its commit is durable, which may be after the next group began)
 * ```
 *
 * By default each unit is a function run under a SAVEPOINT of its own: a unit that throws is rolled back
 * to its savepoint and rejected with its own error, and the others of the group go on. A custom runner
 * (the evidence ingest's) may instead validate every unit first and write the group's rows together.
 * Every unit is answered only after the group's COMMIT returned (its writes are durable); if the group
 * fails or its COMMIT does, every unit of the group is rejected with that error.
 */
export class GroupCommitter<U = Work> {
  readonly #queue: Pending<U>[] = [];
  #running = false;
  /** Groups committed and units in them (for the bench and tests). */
  groups = 0;
  units = 0;

  constructor(
    readonly db: Db,
    readonly runGroup: GroupRunner<U> = savepointPerUnit as unknown as GroupRunner<U>,
    readonly maxGroup = 512,
  ) {}

  /** Runs `unit` inside the next group's transaction; resolves with its result once that commits. */
  submit<T>(unit: U): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ unit, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#running) {
        this.#running = true;
        // The next turn of the event loop, not a timer: requests already read from their sockets join.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    const group = this.#queue.splice(0, this.maxGroup);
    const { outcomes, durable } = await this.#commit(group);
    this.groups += 1;
    this.units += group.length;
    // Committed: the next group may start while this one's commit is made durable (decision 0026).
    // Units that arrived during this commit form it, after one turn of the event loop (a synchronous
    // driver's COMMIT blocks it: the requests that queued up meanwhile are read first).
    if (this.#queue.length > 0) setImmediate(() => void this.#drain());
    else this.#running = false;
    // Every unit is answered only once its group is durable; a failed flush fails the whole group.
    durable.then(
      () =>
        group.forEach((p, i) => {
          const o = outcomes[i];
          if (o?.ok) p.resolve(o.value);
          else p.reject(o ? o.error : new Error('group commit: no outcome'));
        }),
      (error: unknown) => group.forEach((p) => p.reject(error)),
    );
  }

  async #commit(group: readonly Pending<U>[]): Promise<{ outcomes: Outcome[]; durable: Promise<void> }> {
    try {
      const { value, durable } = await this.db.groupTx((sql) => this.runGroup(sql, group.map((p) => p.unit)));
      return { outcomes: value, durable };
    } catch (error) {
      return { outcomes: group.map(() => ({ ok: false, error })), durable: Promise.resolve() };
    }
  }
}
