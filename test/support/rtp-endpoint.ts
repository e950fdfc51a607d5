// A plain-RTP endpoint for media tests without a SIP stack: a UDP socket that sends 20 ms PCMU frames of
// a tone it is told to play (changeable at any moment) and counts what it receives.
import { createSocket, type Socket } from 'node:dgram';
import { decodePcmu, encodePcmu } from '../../server/recording/g711';
import { tone } from './tones';

export interface RtpEndpoint {
  readonly port: number;
  /** Starts sending to `port` on 127.0.0.1 (rtpengine's port for this party). */
  sendTo(port: number): void;
  /** The tone sent from now on (Hz), or 0 for silence. */
  play(hz: number): void;
  received(): number;
  /** What it received so far, decoded (PCMU payloads in arrival order, 8 kHz). */
  heard(): Int16Array;
  close(): void;
}

export async function rtpEndpoint(ssrc: number): Promise<RtpEndpoint> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  let target: number | null = null;
  let hz = 0;
  let seq = 0;
  let ts = 0;
  let got = 0;
  const payloads: Buffer[] = [];
  socket.on('message', (msg) => {
    got += 1;
    if (msg.length > 12 && ((msg[1] ?? 0) & 0x7f) === 0) payloads.push(msg.subarray(12));
  });
  // Frames are sent on a 20 ms timer; the RTP timestamp advances 160 per frame, so a late timer only
  // shifts arrival, never the recorded timeline.
  const timer = setInterval(() => {
    if (target === null) return;
    const pcm = hz > 0 ? tone(hz, 20, 0.5, ts) : new Int16Array(160);
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = 0; // PCMU
    header.writeUInt16BE(seq & 0xffff, 2);
    header.writeUInt32BE(ts >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    socket.send(Buffer.concat([header, encodePcmu(pcm)]), target, '127.0.0.1');
    seq += 1;
    ts += 160;
  }, 20);
  return {
    port: socket.address().port,
    sendTo: (port) => {
      target = port;
    },
    play: (f) => {
      hz = f;
    },
    received: () => got,
    heard: () => decodePcmu(Buffer.concat(payloads)),
    close: () => {
      clearInterval(timer);
      socket.close();
    },
  };
}

/** An SDP offer/answer for a plain PCMU endpoint on 127.0.0.1. */
export function pcmuSdp(port: number, sessionId: string): string {
  return `v=0\r\no=- ${sessionId} 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n`;
}
