import { z } from 'zod';
import { ConsentEventSchema, type ConsentEvent } from '../../shared/domain/consent-event';
import type { OutboxStatus } from '../../shared/ipc/outbox';
import { openJournal, type Journal } from './journal';

/**
 * The desktop's durable outbox of ConsentEvents (DESIGN.md flow 3-4).
 *
 * `enqueue` resolves only after the events are fsync'd: the UI shows an answer as recorded only then.
 * Delivery marks events delivered once the central API acknowledged them; the API accepts each
 * eventId once, so an event sent twice (crash between send and mark) is still stored once.
 * Holds ids and script texts only, never phone numbers or names (the events carry none).
 *
 * Journal records: `e` an event enqueued, `d` events delivered, `x` an event the API refused for good.
 */
const RecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('e'), at: z.string(), e: ConsentEventSchema }),
  z.object({ t: z.literal('d'), at: z.string(), ids: z.array(z.string()) }),
  z.object({ t: z.literal('x'), at: z.string(), id: z.string(), reason: z.string() }),
]);
type JournalRecord = z.infer<typeof RecordSchema>;

interface Pending {
  readonly event: ConsentEvent;
  readonly enqueuedAt: string;
}

export class OutboxConflictError extends Error {
  override readonly name = 'OutboxConflictError';
}

export interface OutboxOptions {
  readonly now?: () => Date;
  /** Compact when the journal grows past this many bytes and at least half of it is delivered. */
  readonly compactBytes?: number;
}

export class Outbox {
  private readonly pending = new Map<string, Pending>();
  private readonly rejected = new Map<string, { event: ConsentEvent; reason: string }>();
  /** Ids delivered since the last compaction: a re-enqueue of one of them is a no-op. */
  private readonly delivered = new Set<string>();
  private readonly listeners = new Set<(s: OutboxStatus) => void>();
  private lastDeliveredAt: string | undefined;
  private lastError: string | undefined;

  private constructor(
    private readonly journal: Journal<JournalRecord>,
    private readonly now: () => Date,
    private readonly compactBytes: number,
  ) {
    for (const r of journal.recovered) this.apply(r);
  }

  static async open(dir: string, options: OutboxOptions = {}): Promise<Outbox> {
    const journal = await openJournal(dir, (v) => RecordSchema.parse(v));
    return new Outbox(journal, options.now ?? (() => new Date()), options.compactBytes ?? 4 * 1024 * 1024);
  }

  /** Bytes cut from a torn journal tail at open (a crash mid-write). */
  get recoveredTruncatedBytes(): number {
    return this.journal.truncatedBytes;
  }

  private apply(r: JournalRecord): void {
    if (r.t === 'e') {
      if (!this.delivered.has(r.e.eventId)) this.pending.set(r.e.eventId, { event: r.e, enqueuedAt: r.at });
    } else if (r.t === 'd') {
      for (const id of r.ids) {
        this.pending.delete(id);
        this.delivered.add(id);
      }
      this.lastDeliveredAt = r.at;
    } else {
      const p = this.pending.get(r.id);
      if (p) this.rejected.set(r.id, { event: p.event, reason: r.reason });
      this.pending.delete(r.id);
    }
  }

  /**
   * Makes events durable. Resolves after fsync with the new status. An event already held with the same
   * body is not written again; the same eventId with another body is an OutboxConflictError (nothing written).
   */
  async enqueue(events: readonly unknown[]): Promise<OutboxStatus> {
    const parsed = events.map((e) => ConsentEventSchema.parse(e));
    const fresh: ConsentEvent[] = [];
    for (const e of parsed) {
      const held = this.pending.get(e.eventId)?.event ?? this.rejected.get(e.eventId)?.event;
      if (held) {
        if (JSON.stringify(held) !== JSON.stringify(e)) throw new OutboxConflictError(`event ${e.eventId} is already held with another body`);
        continue;
      }
      if (this.delivered.has(e.eventId) || fresh.some((f) => f.eventId === e.eventId)) continue;
      fresh.push(e);
    }
    const at = this.now().toISOString();
    const records: JournalRecord[] = fresh.map((e) => ({ t: 'e', at, e }));
    await this.journal.append(records, () => {
      for (const r of records) this.apply(r);
    });
    return this.changed();
  }

  /** The oldest pending events, in the order they were recorded (so per call, in seq order). */
  nextBatch(max: number): ConsentEvent[] {
    const out: ConsentEvent[] = [];
    for (const p of this.pending.values()) {
      if (out.length >= max) break;
      out.push(p.event);
    }
    return out;
  }

  async markDelivered(ids: readonly string[]): Promise<void> {
    const known = ids.filter((id) => this.pending.has(id));
    if (known.length === 0) return;
    const r: JournalRecord = { t: 'd', at: this.now().toISOString(), ids: known };
    await this.journal.append([r], () => this.apply(r));
    this.lastError = undefined;
    await this.maybeCompact();
    this.changed();
  }

  async markRejected(id: string, reason: string): Promise<void> {
    if (!this.pending.has(id)) return;
    const r: JournalRecord = { t: 'x', at: this.now().toISOString(), id, reason };
    await this.journal.append([r], () => this.apply(r));
    this.changed();
  }

  /** Events the API refused for good, with its reason (kept for an administrator, never dropped). */
  rejections(): { eventId: string; callId: string; seq: number; reason: string }[] {
    return [...this.rejected.entries()].map(([eventId, r]) => ({ eventId, callId: r.event.callId, seq: r.event.seq, reason: r.reason }));
  }

  noteError(message: string | undefined): void {
    if (this.lastError === message) return;
    this.lastError = message;
    this.changed();
  }

  status(): OutboxStatus {
    const first = this.pending.values().next();
    return {
      pending: this.pending.size,
      oldestPendingSince: first.done ? null : first.value.enqueuedAt,
      rejected: this.rejected.size,
      lastDeliveredAt: this.lastDeliveredAt ?? null,
      lastError: this.lastError ?? null,
    };
  }

  onChange(listener: (s: OutboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): OutboxStatus {
    const s = this.status();
    for (const l of this.listeners) l(s);
    return s;
  }

  private async maybeCompact(): Promise<void> {
    if (this.journal.size() < this.compactBytes) return;
    await this.journal.compact(() => {
      const at = this.now().toISOString();
      const live: JournalRecord[] = [];
      for (const p of this.pending.values()) live.push({ t: 'e', at: p.enqueuedAt, e: p.event });
      for (const [id, x] of this.rejected) live.push({ t: 'e', at, e: x.event }, { t: 'x', at, id, reason: x.reason });
      // Delivered ids are forgotten with the compaction; the API's idempotency covers a late duplicate.
      this.delivered.clear();
      return live;
    });
  }

  async close(): Promise<void> {
    await this.journal.close();
  }
}
