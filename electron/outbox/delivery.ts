import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { OutboxRefusal } from '../../shared/ipc/outbox';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../shared/util/backoff';
import type { Outbox } from './outbox';

/** What the central API said about one batch. */
export interface DeliveryReceipt {
  /** Stored now or already stored before (a repeat is acknowledged): either way, delivered. */
  readonly accepted: readonly string[];
  /** Refused for good (the server's replay refused it, or a 409 naming it). Kept aside, never retried. */
  readonly refused: readonly { readonly eventId: string; readonly refusal: OutboxRefusal }[];
}

/**
 * The API refused the request as a whole, for good, without saying which event (403, 413, a proxy's
 * 400...). The deliverer narrows it down by halving the batch until the one event is found.
 */
export class BatchRefusedError extends Error {
  override readonly name = 'BatchRefusedError';
  constructor(readonly refusal: OutboxRefusal) {
    super(refusal.detail || refusal.title);
  }
}

/**
 * Sends a batch. Throws BatchRefusedError for a permanent refusal of the whole request; anything else
 * thrown (network, 5xx, 429, 401 before re-login) is transient: the batch is retried with backoff.
 */
export type SendBatch = (events: readonly ConsentEvent[]) => Promise<DeliveryReceipt>;

export interface DelivererOptions {
  readonly batchSize?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

/**
 * Delivers the outbox to the central API, oldest first, in batches; retries with exponential backoff and
 * jitter; one batch in flight at a time, so the events of a call arrive in seq order. A refused event
 * (per event in the answer, or found by halving a batch the API refused as a whole) is set aside and
 * delivery goes on: nothing waits behind it.
 *
 * ```
 *   idle --kick--> sending --ok, more--> sending
 *     ^               |  \--ok, empty--> idle
 *     |               |--refused as a whole, n > 1--> probing (next batches n/2 until that window is done)
 *     |               |--refused as a whole, n = 1--> that event set aside --> sending
 *     |               \--transient error--> waiting --timer/kick--> sending
 *     \------------------------ stop ----------------------/
 * ```
 */
export class Deliverer {
  private failures = 0;
  private timer: unknown;
  private running = false;
  private sending: Promise<void> | undefined;
  /** A kick scheduled for the next turn of the event loop (kickSoon). */
  private soon: Promise<void> | undefined;
  /** A kick that arrived while a drain was running: drain again when it ends. */
  private rerun = false;
  /** While narrowing down a refused batch: the smaller batch size, and how many events are still suspect. */
  private probe: { size: number; left: number } | undefined;
  private readonly batchSize: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly outbox: Outbox,
    private readonly send: SendBatch,
    options: DelivererOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Try now (new events, network back, logged in again): cancels a pending backoff wait. */
  kick(): void {
    if (!this.running) return;
    if (this.sending) {
      this.rerun = true;
      return;
    }
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
      if (this.rerun && this.timer === undefined) {
        this.rerun = false;
        this.kick();
      }
    });
  }

  /**
   * Kick on the next turn of the event loop: after a newly recorded answer has been acknowledged to the
   * window, so preparing the HTTP request never delays that acknowledgement. Kicks asked for in the same
   * turn are one.
   */
  kickSoon(): void {
    if (!this.running || this.soon) return;
    this.soon = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.soon = undefined;
        this.kick();
        resolve();
      }),
    );
  }

  /** Resolves when nothing is in flight or scheduled (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.soon || this.sending) {
      await this.soon;
      await this.sending;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (this.running) {
      const batch = this.outbox.nextBatch(this.probe?.size ?? this.batchSize);
      if (batch.length === 0) {
        this.probe = undefined;
        return;
      }
      try {
        let receipt: DeliveryReceipt;
        try {
          receipt = await this.send(batch);
        } catch (err) {
          if (!(err instanceof BatchRefusedError)) throw err;
          const [only] = batch;
          if (batch.length === 1 && only) {
            await this.outbox.markRefused(only.eventId, err.refusal);
            this.probe = undefined;
          } else this.probe = { size: Math.ceil(batch.length / 2), left: batch.length };
          continue;
        }
        await this.outbox.markDelivered(receipt.accepted);
        for (const r of receipt.refused) await this.outbox.markRefused(r.eventId, r.refusal);
        this.failures = 0;
        if (receipt.accepted.length === 0 && receipt.refused.length === 0) throw new Error('the API acknowledged none of the batch');
        if (this.probe && (this.probe.left -= batch.length) <= 0) this.probe = undefined;
      } catch (err) {
        this.failures += 1;
        this.outbox.noteError(err instanceof Error ? err.message : String(err));
        const wait = backoffDelay(this.failures, this.backoff, this.random);
        this.rerun = false;
        const handle = this.setTimer(() => {
          if (this.timer === handle) this.timer = undefined;
          this.kick();
        }, wait);
        this.timer = handle;
        return;
      }
    }
  }
}
