import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { decode, encode, PAYLOAD_TYPE, type G711 } from './g711';
import { buildRtp, parseRtp } from './rtp';

/**
 * One call's audio over RTP/UDP: sends the customer's 20 ms G.711 frames (continuously, silence
 * included, so the media path and the far end's jitter buffer stay warm) and hands the trainee's
 * decoded audio to `onAudio`. Symmetric RTP: once the far end's packets arrive, replies go where they
 * come from (rtpengine's port), not only where the SDP said.
 */
export class RtpStream {
  readonly #socket: Socket;
  #remote: { address: string; port: number };
  #codec: G711;
  #sequence = randomInt(0, 0xffff);
  #timestamp = randomInt(0, 0x7fffffff);
  readonly #ssrc = randomInt(1, 0x7fffffff);
  #first = true;
  #latched = false;
  packetsSent = 0;
  packetsReceived = 0;

  private constructor(socket: Socket, remote: { address: string; port: number }, codec: G711) {
    this.#socket = socket;
    this.#remote = remote;
    this.#codec = codec;
  }

  /** Binds a UDP port on `host` (any free one). */
  static async open(host: string, remote: { address: string; port: number }, codec: G711, onAudio: (samples: Int16Array) => void): Promise<RtpStream> {
    const socket = createSocket('udp4');
    const stream = new RtpStream(socket, remote, codec);
    socket.on('message', (msg, rinfo) => {
      const p = parseRtp(msg);
      if (!p || p.payloadType !== PAYLOAD_TYPE[stream.#codec]) return;
      if (!stream.#latched) {
        stream.#latched = true;
        stream.#remote = { address: rinfo.address, port: rinfo.port };
      }
      stream.packetsReceived += 1;
      onAudio(decode(p.payload, stream.#codec));
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return stream;
  }

  get port(): number {
    return this.#socket.address().port;
  }

  /** A new offer (re-INVITE) may move the far end or change the codec. */
  update(remote: { address: string; port: number }, codec: G711): void {
    if (!this.#latched) this.#remote = remote;
    this.#codec = codec;
  }

  send(frame: Int16Array): void {
    const packet = buildRtp({ marker: this.#first, payloadType: PAYLOAD_TYPE[this.#codec], sequence: this.#sequence, timestamp: this.#timestamp, ssrc: this.#ssrc, payload: encode(frame, this.#codec) });
    this.#first = false;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + frame.length) >>> 0;
    this.packetsSent += 1;
    this.#socket.send(packet, this.#remote.port, this.#remote.address);
  }

  close(): void {
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }
}
