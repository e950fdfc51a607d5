/** A connection attempt the probe can watch and abort (a WebSocket in the browser). */
export interface ProbeSocket {
  /** Resolves true when the server accepted the connection, false when it refused or failed. */
  readonly result: Promise<boolean>;
  close(): void;
}

/** Opens a bare WebSocket (subprotocol `sip`) to `url`: no SIP is sent, it is closed at once. */
export function webSocketProbe(url: string): ProbeSocket {
  let ws: WebSocket | null = null;
  const result = new Promise<boolean>((resolve) => {
    try {
      ws = new WebSocket(url, 'sip');
    } catch {
      resolve(false);
      return;
    }
    ws.addEventListener('open', () => resolve(true), { once: true });
    ws.addEventListener('error', () => resolve(false), { once: true });
    ws.addEventListener('close', () => resolve(false), { once: true });
  });
  return {
    result,
    close: () => {
      try {
        ws?.close();
      } catch {
        // already closed
      }
    },
  };
}

export interface ServerProbeClock {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * While the phone waits to reconnect, watches for the server to come back: one connection attempt
 * at a time, a new one `intervalMs` after each refusal. A server that is down refuses at once; a
 * frozen one leaves the attempt pending until it wakes. The first attempt that connects calls
 * `back()` once, and the probe stops: the phone reconnects then instead of sleeping through the
 * rest of its backoff.
 */
export class ServerProbe {
  private socket: ProbeSocket | null = null;
  private timer: unknown = null;
  private generation = 0;

  constructor(
    private readonly clock: ServerProbeClock,
    private readonly intervalMs: number,
    private readonly open: () => ProbeSocket,
  ) {}

  get running(): boolean {
    return this.socket !== null || this.timer !== null;
  }

  start(back: () => void): void {
    if (this.running) return;
    const generation = ++this.generation;
    const attempt = (): void => {
      this.timer = null;
      const socket = this.open();
      this.socket = socket;
      void socket.result.then((ok) => {
        socket.close();
        if (generation !== this.generation) return;
        this.socket = null;
        if (ok) {
          this.generation += 1;
          back();
        } else {
          this.timer = this.clock.setTimeout(attempt, this.intervalMs);
        }
      });
    };
    attempt();
  }

  stop(): void {
    this.generation += 1;
    this.socket?.close();
    this.socket = null;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
