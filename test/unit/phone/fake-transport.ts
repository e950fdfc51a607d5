// A scripted SIP server behind a fake sip.js Transport, for unit tests of the registration logic
// without a network (sip.js's own tests use the same seam: UserAgentOptions.transportConstructor).
import { EmitterImpl, TransportState, type Transport } from 'sip.js';
import type { ProbeSocket } from '../../../renderer/phone/server-probe';

export type RegisterAnswer = 200 | 403 | 503 | 'silent';

export class FakeSipServer {
  /** Accepts connections. */
  up = true;
  /** How an authenticated REGISTER is answered. */
  answer: RegisterAnswer = 200;
  /** REGISTER requests received with credentials. */
  registers = 0;
  /** OPTIONS keepalives received. */
  keepalives = 0;
  /** Frozen (SIGSTOP): connections stay open, nothing is answered, new connections hang. */
  private frozen = false;
  private readonly thawed: (() => void)[] = [];
  readonly transports = new Set<FakeTransport>();
  /** Requests other than REGISTER and OPTIONS (INVITE, ACK, BYE...), for tests that script calls. */
  onRequest: ((transport: FakeTransport, message: string) => void) | null = null;

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** The process stops (SIGSTOP): nothing answers, nothing closes. */
  freeze(): void {
    this.frozen = true;
  }

  /** The process continues (SIGCONT): hanging connection attempts complete. */
  thaw(): void {
    this.frozen = false;
    for (const done of this.thawed.splice(0)) done();
  }

  /** A bare connection attempt (the phone's ServerProbe): refused when down, hangs while frozen. */
  probe(): ProbeSocket {
    const result = new Promise<boolean>((resolve) => {
      if (!this.up) resolve(false);
      else if (this.frozen) this.thawed.push(() => resolve(this.up));
      else resolve(true);
    });
    return { result, close: () => undefined };
  }

  /** The server process dies: every connection drops. */
  crash(): void {
    this.up = false;
    for (const t of [...this.transports]) t.drop();
  }

  handle(transport: FakeTransport, message: string): void {
    const [requestLine = ''] = message.split('\r\n');
    const method = requestLine.split(' ')[0];
    const header = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1] ?? '';
    const reply = (status: number, reason: string, extra: string[] = []): void => {
      const lines = [
        `SIP/2.0 ${status} ${reason}`,
        `Via: ${header('Via')}`,
        `From: ${header('From')}`,
        `To: ${header('To')};tag=fake`,
        `Call-ID: ${header('Call-ID')}`,
        `CSeq: ${header('CSeq')}`,
        ...extra,
        'Content-Length: 0',
        '',
        '',
      ];
      setTimeout(() => transport.receive(lines.join('\r\n')), 1);
    };
    if (this.frozen) return;
    if (method === 'OPTIONS') {
      this.keepalives += 1;
      reply(200, 'Keepalive');
      return;
    }
    if (method !== 'REGISTER') {
      this.onRequest?.(transport, message);
      return;
    }
    const unregister = /expires=0/.test(header('Contact'));
    if (!/^Authorization:/im.test(message)) {
      reply(401, 'Unauthorized', ['WWW-Authenticate: Digest realm="callgate.test", nonce="n0nce", algorithm=MD5, qop="auth"']);
      return;
    }
    this.registers += unregister ? 0 : 1;
    if (this.answer === 'silent') return;
    if (this.answer === 200) reply(200, 'OK', [`Contact: ${header('Contact').replace(/;expires=\d+/, '')};expires=${unregister ? 0 : 300}`]);
    else reply(this.answer, this.answer === 403 ? 'Forbidden' : 'Service Unavailable');
  }
}

export class FakeTransport implements Transport {
  readonly protocol = 'WSS';
  state = TransportState.Disconnected;
  readonly stateChange = new EmitterImpl<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  constructor(private readonly server: FakeSipServer) {}

  async connect(): Promise<void> {
    if (this.state === TransportState.Connected) return;
    if (!this.server.up) throw new Error('connection refused');
    // A frozen server accepts the TCP connection but never completes the WebSocket handshake.
    if (this.server.isFrozen) throw new Error('connection timed out');
    this.server.transports.add(this);
    this.set(TransportState.Connected);
    this.onConnect?.();
  }

  async disconnect(): Promise<void> {
    if (this.state !== TransportState.Connected) return;
    this.server.transports.delete(this);
    this.set(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  isConnected(): boolean {
    return this.state === TransportState.Connected;
  }

  async send(message: string): Promise<void> {
    if (!this.isConnected()) throw new Error('not connected');
    this.server.handle(this, message);
  }

  /** A message from the server. */
  receive(message: string): void {
    if (this.isConnected()) this.onMessage?.(message);
  }

  /** Drops the connection now, reported as a loss (as PhoneTransport.abandon). */
  abandon(reason: string): void {
    if (!this.isConnected()) return;
    this.server.transports.delete(this);
    this.set(TransportState.Disconnected);
    this.onDisconnect?.(new Error(reason));
  }

  /** The connection drops under us. */
  drop(): void {
    if (!this.isConnected()) return;
    this.server.transports.delete(this);
    this.set(TransportState.Disconnected);
    this.onDisconnect?.(new Error('connection lost'));
  }

  private set(state: TransportState): void {
    this.state = state;
    this.stateChange.emit(state);
  }
}

/** A transportConstructor bound to `server`. */
export function fakeTransportFor(server: FakeSipServer): new () => Transport {
  return class extends FakeTransport {
    constructor() {
      super(server);
    }
  };
}
