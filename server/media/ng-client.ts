import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { bdecode, bencode, type BValue } from './bencode';

/** An ng answer: `result` is `ok` (or `pong`); errors are thrown as NgError. */
export type NgReply = { readonly [key: string]: BValue };

/** rtpengine answered `result: error` (with its `error-reason`), or did not answer at all. */
export class NgError extends Error {
  override readonly name = 'NgError';
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`rtpengine ${command}: ${reason}`);
  }
}

/**
 * A client of rtpengine's ng control protocol over UDP (`<cookie> <bencoded dict>`). Each request gets a
 * fresh cookie; a lost datagram is re-sent with the same cookie (rtpengine answers a repeat from its
 * cache, so a command never runs twice). One socket for every request.
 */
export class NgClient {
  private readonly socket: Socket;
  private readonly pending = new Map<string, (reply: NgReply) => void>();
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly opts: { timeoutMs?: number; tries?: number } = {},
  ) {
    this.socket = createSocket('udp4');
    this.socket.on('message', (msg) => {
      const space = msg.indexOf(0x20);
      if (space < 0) return;
      const cookie = msg.subarray(0, space).toString('ascii');
      const resolve = this.pending.get(cookie);
      if (!resolve) return;
      try {
        const v = bdecode(msg.subarray(space + 1));
        if (typeof v === 'object' && !Array.isArray(v)) resolve(v as NgReply);
      } catch {
        // a garbled answer is treated as lost: the retry asks again
      }
    });
    this.socket.unref();
  }

  /** `host:port` of an ng socket, e.g. `127.0.0.1:2223`. */
  static fromAddress(address: string, opts?: { timeoutMs?: number; tries?: number }): NgClient {
    const m = /^(.+):(\d+)$/.exec(address);
    if (!m?.[1] || !m[2]) throw new Error(`not an ng address (host:port): ${address}`);
    return new NgClient(m[1], Number(m[2]), opts);
  }

  /** Sends `command` with `args`; resolves with the reply, or throws NgError (error result or no answer). */
  async request(command: string, args: { readonly [key: string]: BValue } = {}): Promise<NgReply> {
    if (this.closed) throw new NgError(command, 'client closed');
    const cookie = randomBytes(8).toString('hex');
    const packet = Buffer.concat([Buffer.from(`${cookie} `), bencode({ ...args, command })]);
    const tries = this.opts.tries ?? 3;
    const timeoutMs = this.opts.timeoutMs ?? 1000;
    try {
      for (let attempt = 0; attempt < tries; attempt++) {
        const reply = await new Promise<NgReply | null>((resolve) => {
          const timer = setTimeout(() => resolve(null), timeoutMs);
          this.pending.set(cookie, (r) => {
            clearTimeout(timer);
            resolve(r);
          });
          this.socket.send(packet, this.port, this.host, (err) => {
            if (err) {
              clearTimeout(timer);
              resolve(null);
            }
          });
        });
        if (reply) {
          const result = reply['result'];
          if (result === 'error') throw new NgError(command, String(reply['error-reason'] ?? 'error'));
          return reply;
        }
      }
    } finally {
      this.pending.delete(cookie);
    }
    throw new NgError(command, `no answer from ${this.host}:${this.port} after ${tries} tries`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}
