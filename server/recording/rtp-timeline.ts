import { decodePcma, decodePcmu } from './g711';
import type { RtpPacket } from './pcap';

/** The sample rate recordings are stored at: narrowband telephony (the trunk side is G.711). */
export const RECORDING_RATE = 8000;

/** A codec name as rtpengine's `query` reports it (`PCMU/8000`), or a static payload type's. */
const DECODERS: Readonly<Record<string, (p: Uint8Array) => Int16Array>> = { PCMU: decodePcmu, PCMA: decodePcma };
const STATIC_PT: Readonly<Record<number, string>> = { 0: 'PCMU', 8: 'PCMA' };

export class RecordingFormatError extends Error {
  override readonly name = 'RecordingFormatError';
}

/** One direction of the call's media as recorded: the packets sent to one rtpengine port. */
export interface Direction {
  readonly port: number;
  /** `PCMU/8000`-style name from rtpengine's query, when known. */
  readonly codec?: string | undefined;
}

/** The payload type most packets of a direction carry (telephone-event and comfort noise are the rest). */
function mainPayloadType(packets: readonly RtpPacket[]): number {
  const counts = new Map<number, number>();
  for (const p of packets) counts.set(p.payloadType, (counts.get(p.payloadType) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1;
}

function decoderFor(d: Direction, pt: number): (p: Uint8Array) => Int16Array {
  const name = (d.codec?.split('/')[0] ?? STATIC_PT[pt] ?? '').toUpperCase();
  const decode = DECODERS[name];
  if (!decode) throw new RecordingFormatError(`codec ${d.codec ?? `payload type ${pt}`} on port ${d.port} cannot be decoded (PCMU and PCMA can)`);
  return decode;
}

/**
 * Decodes one direction onto a timeline that starts at `originUs` (capture time), at 8 kHz. Packets are
 * placed by their RTP timestamp within a stream (an SSRC), and each stream by the capture time of its
 * first packet, so gaps (hold, loss) stay silent and the two directions stay aligned.
 */
export function decodeDirection(packets: readonly RtpPacket[], d: Direction, originUs: number): Int16Array {
  const mine = packets.filter((p) => p.dstPort === d.port);
  const pt = mainPayloadType(mine);
  const audio = mine.filter((p) => p.payloadType === pt);
  if (audio.length === 0) return new Int16Array(0);
  const decode = decoderFor(d, pt);
  const firstOf = new Map<number, RtpPacket>();
  for (const p of audio) if (!firstOf.has(p.ssrc)) firstOf.set(p.ssrc, p);
  const pieces: { at: number; samples: Int16Array }[] = [];
  let length = 0;
  for (const p of audio) {
    const first = firstOf.get(p.ssrc) ?? p;
    const streamAt = Math.round(((first.atUs - originUs) * RECORDING_RATE) / 1e6);
    // Unsigned 32-bit difference: RTP timestamps wrap.
    const delta = (p.timestamp - first.timestamp) >>> 0;
    if (delta > 0x7fffffff) continue; // older than the stream's first packet (reordered before it)
    const at = Math.max(0, streamAt + delta);
    const samples = decode(p.payload);
    pieces.push({ at, samples });
    length = Math.max(length, at + samples.length);
  }
  const out = new Int16Array(length);
  for (const piece of pieces) out.set(piece.samples, piece.at);
  return out;
}

/** The capture time of the first audio packet of any direction (the recording's start). */
export function originOf(packets: readonly RtpPacket[]): number | null {
  let min: number | null = null;
  for (const p of packets) if (min === null || p.atUs < min) min = p.atUs;
  return min;
}

/** Pads the directions to the same length (the longer one's). */
export function equalLength(channels: readonly Int16Array[]): Int16Array[] {
  const n = Math.max(0, ...channels.map((c) => c.length));
  return channels.map((c) => {
    if (c.length === n) return c;
    const out = new Int16Array(n);
    out.set(c);
    return out;
  });
}
