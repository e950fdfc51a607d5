import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { OutboxList, OutboxRefusal, OutboxStatus, RefusedEvent } from '../../shared/ipc/outbox';
import { openJournal, type Journal } from './journal';
import type { JournalFs } from './journal-fs';
import { eventRecord, readRecord, RECORD_VERSION, type OutboxRecord, type RawRecord } from './records';

/**
 * The desktop's durable outbox of ConsentEvents (DESIGN.md flow 3-4).
 *
 * `enqueue` resolves only after the events are fsync'd: the UI shows an answer as recorded only then.
 * Delivery marks events delivered once the central API acknowledged them; the API accepts each
 * eventId once, so an event sent twice (crash between send and mark) is still stored once. An event the
 * API refused for good is kept with the reason, shown, never retried, and blocks nothing after it.
 * Holds ids and script texts only, never phone numbers or names (the events carry none).
 *
 * Speed (issue 12 item 10): recording an answer costs one journal write + fsync and little else. The
 * events come checked against ConsentEventSchema by the IPC channel's schema (the trust boundary,
 * electron/ipc/dispatch.ts), so they are not parsed a second time here; listeners hear of changes once
 * per turn of the event loop, after the answer was acknowledged (a burst of answers and delivery marks
 * is one status message to the window, not one each).
 */
interface Pending {
  readonly event: ConsentEvent;
  readonly enqueuedAt: string;
}

interface Refused {
  readonly event: ConsentEvent;
  readonly refusal: OutboxRefusal;
  readonly at: string;
}

export class OutboxConflictError extends Error {
  override readonly name = 'OutboxConflictError';
}

export interface OutboxOptions {
  readonly now?: () => Date;
  /** Compact when the journal grows past this many bytes and at least half of it is delivered. */
  readonly compactBytes?: number;
  /** The file system under the journal (tests inject faults). */
  readonly fs?: JournalFs;
  /** How long a delivery mark waits for an answer to be written with (see Journal.append). */
  readonly deferMs?: number;
}

export class Outbox {
  private readonly pending = new Map<string, Pending>();
  private readonly refused = new Map<string, Refused>();
  private readonly unreadable: RawRecord[] = [];
  /** Ids delivered since the last compaction: a re-enqueue of one of them is a no-op. */
  private readonly delivered = new Set<string>();
  private readonly listeners = new Set<(s: OutboxStatus) => void>();
  private lastDeliveredAt: string | undefined;
  private lastError: string | undefined;
  private notifyScheduled = false;

  private constructor(
    private readonly journal: Journal,
    private readonly now: () => Date,
    private readonly compactBytes: number,
  ) {
    for (const value of journal.recovered) this.apply(readRecord(value));
  }

  static async open(dir: string, options: OutboxOptions = {}): Promise<Outbox> {
    const now = options.now ?? (() => new Date());
    const journal = await openJournal(dir, { now, ...(options.fs ? { fs: options.fs } : {}), ...(options.deferMs === undefined ? {} : { deferMs: options.deferMs }) });
    return new Outbox(journal, now, options.compactBytes ?? 4 * 1024 * 1024);
  }

  private apply(r: OutboxRecord | RawRecord): void {
    switch (r.t) {
      case 'e':
        if (!this.delivered.has(r.e.eventId) && !this.refused.has(r.e.eventId)) this.pending.set(r.e.eventId, { event: r.e, enqueuedAt: r.at });
        break;
      case 'd':
        for (const id of r.ids) {
          this.pending.delete(id);
          this.delivered.add(id);
        }
        this.lastDeliveredAt = r.at;
        break;
      case 'x': {
        const p = this.pending.get(r.id);
        if (p) this.refused.set(r.id, { event: p.event, refusal: r.refusal, at: r.at });
        this.pending.delete(r.id);
        break;
      }
      case 'raw':
        this.unreadable.push(r);
        break;
    }
  }

  /**
   * Makes events durable. Resolves after fsync with the new status. An event already held with the same
   * body is not written again; the same eventId with another body is an OutboxConflictError (nothing
   * written). Rejects, and acknowledges nothing, when the disk refused the write. The events must have
   * passed ConsentEventSchema (the `consent:record` channel's schema does that at the IPC boundary).
   */
  async enqueue(events: readonly ConsentEvent[]): Promise<OutboxStatus> {
    const fresh: ConsentEvent[] = [];
    for (const e of events) {
      const held = this.pending.get(e.eventId)?.event ?? this.refused.get(e.eventId)?.event;
      if (held) {
        if (JSON.stringify(held) !== JSON.stringify(e)) throw new OutboxConflictError(`event ${e.eventId} is already held with another body`);
        continue;
      }
      if (this.delivered.has(e.eventId) || fresh.some((f) => f.eventId === e.eventId)) continue;
      fresh.push(e);
    }
    const at = this.now().toISOString();
    const records = fresh.map((e) => eventRecord(at, e));
    try {
      await this.journal.append(records, { onApplied: () => records.forEach((r) => this.apply(r)) });
    } catch (err) {
      this.changed(); // the journal's fault shows in the status bar
      throw err;
    }
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

  /**
   * Marks events delivered. Not written on its own (it rides with the next answer, or is written after
   * a quiet spell): a mark lost in a crash means one more delivery, which the API acknowledges as a
   * duplicate.
   */
  async markDelivered(ids: readonly string[]): Promise<void> {
    const known = ids.filter((id) => this.pending.has(id));
    if (known.length === 0) return;
    const r: OutboxRecord = { v: RECORD_VERSION, t: 'd', at: this.now().toISOString(), ids: known };
    await this.journal.append([r], { durable: false, onApplied: () => this.apply(r) });
    this.lastError = undefined;
    await this.maybeCompact();
    this.changed();
  }

  /** Sets an event aside for good with the API's reason (not fsync'd alone: a lost mark means the API refuses it again). */
  async markRefused(id: string, refusal: OutboxRefusal): Promise<void> {
    if (!this.pending.has(id)) return;
    const r: OutboxRecord = { v: RECORD_VERSION, t: 'x', at: this.now().toISOString(), id, refusal };
    await this.journal.append([r], { durable: false, onApplied: () => this.apply(r) });
    this.changed();
  }

  /** Every refused event (newest last) and every record this desk could not read. */
  list(): OutboxList {
    return {
      refused: [...this.refused.values()].map((r) => this.refusedView(r)),
      unreadable: this.unreadable.map((u) => ({ eventId: u.eventId, reason: u.reason, recordedAt: u.recordedAt })),
      recovery: this.journal.recovery,
    };
  }

  noteError(message: string | undefined): void {
    if (this.lastError === message) return;
    this.lastError = message;
    this.changed();
  }

  status(): OutboxStatus {
    const first = this.pending.values().next();
    let last: Refused | undefined;
    for (const r of this.refused.values()) last = r;
    return {
      pending: this.pending.size,
      oldestPendingSince: first.done ? null : first.value.enqueuedAt,
      refused: this.refused.size,
      lastRefused: last ? this.refusedView(last) : null,
      unreadable: this.unreadable.length,
      recovery: this.journal.recovery,
      journalFault: this.journal.fault(),
      lastDeliveredAt: this.lastDeliveredAt ?? null,
      lastError: this.lastError ?? null,
    };
  }

  onChange(listener: (s: OutboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private refusedView(r: Refused): RefusedEvent {
    const e = r.event;
    return { eventId: e.eventId, callId: e.callId, seq: e.seq, scriptId: e.scriptId, scriptVersion: e.scriptVersion, stepId: e.stepId, kind: e.kind, refusedAt: r.at, refusal: r.refusal };
  }

  /** The status now; listeners hear of it once the current turn of the event loop is done (coalesced). */
  private changed(): OutboxStatus {
    if (!this.notifyScheduled && this.listeners.size > 0) {
      this.notifyScheduled = true;
      setImmediate(() => {
        this.notifyScheduled = false;
        const s = this.status();
        for (const l of this.listeners) l(s);
      });
    }
    return this.status();
  }

  private async maybeCompact(): Promise<void> {
    if (this.journal.size() < this.compactBytes) return;
    await this.journal.compact(() => {
      const live: unknown[] = [];
      for (const p of this.pending.values()) live.push(eventRecord(p.enqueuedAt, p.event));
      for (const [id, x] of this.refused) live.push(eventRecord(x.at, x.event), { v: RECORD_VERSION, t: 'x', at: x.at, id, refusal: x.refusal } satisfies OutboxRecord);
      for (const u of this.unreadable) live.push(u.value); // written back exactly as found
      // Delivered ids are forgotten with the compaction; the API's idempotency covers a late duplicate.
      this.delivered.clear();
      return live;
    });
  }

  async close(): Promise<void> {
    await this.journal.close();
  }
}
