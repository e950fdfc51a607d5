/**
 * RTP packets (RFC 3550), fixed 12-byte header plus CSRCs and an extension when present; no padding
 * games. The practice line sends 20 ms G.711 frames (160 samples) and reads the trainee's.
 */
export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

export function buildRtp(p: RtpPacket): Buffer {
  const out = Buffer.alloc(12 + p.payload.length);
  out[0] = 0x80;
  out[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  out.writeUInt16BE(p.sequence & 0xffff, 2);
  out.writeUInt32BE(p.timestamp >>> 0, 4);
  out.writeUInt32BE(p.ssrc >>> 0, 8);
  out.set(p.payload, 12);
  return out;
}

/** Parses a packet; undefined for anything that is not RTP version 2 (RTCP on a muxed port included). */
export function parseRtp(buf: Uint8Array): RtpPacket | undefined {
  if (buf.length < 12 || (buf[0] as number) >> 6 !== 2) return undefined;
  const b1 = buf[1] as number;
  const pt = b1 & 0x7f;
  if (pt >= 72 && pt <= 76) return undefined; // RTCP (SR, RR, SDES, BYE, APP) on a muxed port
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const cc = (buf[0] as number) & 0x0f;
  let at = 12 + cc * 4;
  if ((buf[0] as number) & 0x10) {
    if (buf.length < at + 4) return undefined;
    at += 4 + view.getUint16(at + 2) * 4;
  }
  let end = buf.length;
  if ((buf[0] as number) & 0x20) end -= buf[buf.length - 1] as number;
  if (at > end) return undefined;
  return { marker: (b1 & 0x80) !== 0, payloadType: pt, sequence: view.getUint16(2), timestamp: view.getUint32(4), ssrc: view.getUint32(8), payload: buf.subarray(at, end) };
}
