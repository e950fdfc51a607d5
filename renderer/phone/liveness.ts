import type { PhoneSettings } from '../../shared/phone/phone-settings';

/** Timers the monitor runs on: the phone's environment, fakes in unit tests. */
export interface LivenessClock {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LivenessHooks {
  /** Sends a keepalive that the server must answer (SIP OPTIONS to the domain). */
  ping(): void;
  /** Nothing arrived within the timeout after a keepalive: the server is frozen or cut off. */
  unresponsive(): void;
}

/**
 * Knows whether the SIP server still answers on an open connection. A server that freezes
 * (SIGSTOP, a hung host) or a path that black-holes packets never closes the WebSocket, so without
 * this the phone would show "Ready for calls" and a live call for as long as it lasts.
 *
 * While running: whenever nothing has arrived from the server for `intervalMs`, it pings; if
 * still nothing has arrived `timeoutMs` after the ping, the server is unresponsive. Any message
 * from the server counts as an answer (the ping's 200, a re-INVITE, a BYE...). A request that
 * needs an answer (an INVITE, a REGISTER) calls expectAnswer(): if nothing comes back within
 * `timeoutMs`, a ping is sent at once instead of at the next interval.
 *
 * ```
 *   stopped ──start()──▶ idle ──nothing for intervalMs──▶ pinging ──nothing for timeoutMs──▶ (unresponsive) stopped
 *                          ▲                                 │
 *                          └──────── anything received ──────┘
 * ```
 */
export class LivenessMonitor {
  private running = false;
  private lastReceivedAt = 0;
  private pingSentAt: number | null = null;
  private timer: unknown = null;

  constructor(
    private readonly clock: LivenessClock,
    private readonly settings: PhoneSettings['liveness'],
    private readonly hooks: LivenessHooks,
  ) {}

  get active(): boolean {
    return this.running;
  }

  /** Starts watching (the phone is registered). */
  start(): void {
    this.running = true;
    this.lastReceivedAt = this.clock.now();
    this.pingSentAt = null;
    this.schedule(this.settings.intervalMs);
  }

  /** Stops watching (disconnected, unregistered, disposed); no timer is left. */
  stop(): void {
    this.running = false;
    this.pingSentAt = null;
    this.clear();
  }

  /** Something arrived from the server. */
  received(): void {
    this.lastReceivedAt = this.clock.now();
    if (!this.running) return;
    if (this.pingSentAt !== null) {
      this.pingSentAt = null;
      this.schedule(this.settings.intervalMs);
    }
  }

  /** A request that needs an answer was sent: check sooner than the next interval. */
  expectAnswer(): void {
    if (!this.running || this.pingSentAt !== null) return;
    const sentAt = this.clock.now();
    this.clear();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.lastReceivedAt >= sentAt) this.schedule(this.settings.intervalMs);
      else this.sendPing();
    }, this.settings.timeoutMs);
  }

  private schedule(ms: number): void {
    this.clear();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.tick();
    }, ms);
  }

  private tick(): void {
    if (!this.running) return;
    const quiet = this.clock.now() - this.lastReceivedAt;
    if (quiet < this.settings.intervalMs) {
      this.schedule(this.settings.intervalMs - quiet);
      return;
    }
    this.sendPing();
  }

  private sendPing(): void {
    this.pingSentAt = this.clock.now();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.running || this.pingSentAt === null) return;
      this.stop();
      this.hooks.unresponsive();
    }, this.settings.timeoutMs);
    this.hooks.ping();
  }

  private clear(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
