/**
 * Reads the pcap files rtpengine writes with `--recording-method=pcap` (libpcap format, link type 101
 * "raw IP", one file per call, the window between `start recording` and `stop recording`): each record
 * is an IPv4/UDP datagram carrying one RTP packet. Anything else in the file is skipped, not guessed.
 */
export interface RtpPacket {
  /** Capture time, microseconds since the epoch. */
  readonly atUs: number;
  readonly srcPort: number;
  readonly dstAddress: string;
  readonly dstPort: number;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Buffer;
}

export class PcapError extends Error {
  override readonly name = 'PcapError';
}

const LINKTYPE_RAW = 101;
const LINKTYPE_IPV4 = 228;

/** The RTP packets of a pcap file, in capture order. */
export function readRtpPcap(file: Buffer): RtpPacket[] {
  if (file.length < 24) throw new PcapError('not a pcap file (shorter than its header)');
  const magic = file.readUInt32LE(0);
  let le: boolean;
  let nanos = false;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) le = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) le = false;
  else throw new PcapError(`not a pcap file (magic ${magic.toString(16)})`);
  if (magic === 0xa1b23c4d || magic === 0x4d3cb2a1) nanos = true;
  const u32 = (o: number): number => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
  const link = u32(20) & 0xffff;
  if (link !== LINKTYPE_RAW && link !== LINKTYPE_IPV4) throw new PcapError(`link type ${link} is not raw IP`);
  const out: RtpPacket[] = [];
  let o = 24;
  while (o + 16 <= file.length) {
    const sec = u32(o);
    const frac = u32(o + 4);
    const incl = u32(o + 8);
    const start = o + 16;
    o = start + incl;
    if (o > file.length) break; // a record cut off by a crash: the rest is unreadable
    const p = rtpOfIp(file.subarray(start, o), sec * 1_000_000 + (nanos ? Math.floor(frac / 1000) : frac));
    if (p) out.push(p);
  }
  return out;
}

function rtpOfIp(ip: Buffer, atUs: number): RtpPacket | null {
  if (ip.length < 20 || ip[0] === undefined || ip[0] >> 4 !== 4 || ip[9] !== 17) return null;
  const ihl = (ip[0] & 0x0f) * 4;
  if (ip.length < ihl + 8 + 12) return null;
  const udp = ip.subarray(ihl);
  const rtp = udp.subarray(8, udp.readUInt16BE(4));
  const b0 = rtp[0] ?? 0;
  if (b0 >> 6 !== 2) return null;
  const b1 = rtp[1] ?? 0;
  // RTCP shares the port when rtcp-mux is on: payload types 72-76 with the marker are RTCP.
  if ((b1 & 0x7f) >= 72 && (b1 & 0x7f) <= 76) return null;
  let headerLen = 12 + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    if (rtp.length < headerLen + 4) return null;
    headerLen += 4 + rtp.readUInt16BE(headerLen + 2) * 4;
  }
  let end = rtp.length;
  if (b0 & 0x20) end -= rtp[rtp.length - 1] ?? 0;
  if (end < headerLen) return null;
  return {
    atUs,
    srcPort: udp.readUInt16BE(0),
    dstAddress: `${ip[16]}.${ip[17]}.${ip[18]}.${ip[19]}`,
    dstPort: udp.readUInt16BE(2),
    payloadType: b1 & 0x7f,
    sequence: rtp.readUInt16BE(2),
    timestamp: rtp.readUInt32BE(4),
    ssrc: rtp.readUInt32BE(8),
    payload: rtp.subarray(headerLen, end),
  };
}
