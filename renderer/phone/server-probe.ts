/** A connection attempt the probe can watch and abort (a WebSocket in the browser). */
export interface ProbeSocket {
  /** Resolves true when the server accepted the connection, false when it refused or failed. */
  readonly result: Promise<boolean>;
  close(): void;
}

/**
 * Asks the server's own URL over plain HTTP(S) (`ws:` -> `http:`, `wss:` -> `https:`), no-cors: any
 * answer (Kamailio's xhttp route answers a plain GET with 404) proves the server is accepting
 * connections again; a refused or failed connection rejects. Not a WebSocket on purpose: Chromium
 * throttles WebSocket connects per renderer after failures (delay = rand(1..5 s) x
 * 2^min(pending + failed/(succeeded+1), 16) / 65536), so probing a down server once a second
 * with WebSockets made every later connect, the phone's own included, wait 1-5 s (measured: 7.7 s to
 * re-register after a 30 s outage). fetch has no such throttle. CSP: `connect-src wss://host`
 * also allows `https://host` (CSP3 scheme matching), so the desk's policy needs nothing more.
 */
export function httpProbe(serverUrl: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): ProbeSocket {
  const controller = new AbortController();
  let url: string;
  try {
    const u = new URL(serverUrl);
    u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
    url = u.toString();
  } catch {
    return { result: Promise.resolve(false), close: () => undefined };
  }
  const result = fetchImpl(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: controller.signal }).then(
    () => true,
    () => false,
  );
  return { result, close: () => controller.abort() };
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
