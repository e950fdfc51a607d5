import type { G711 } from './g711';

/**
 * The SDP offer/answer of a practice call (RFC 3264), audio only: the offer comes from the SIP edge's
 * rtpengine (plain RTP/AVP towards us); we answer with one G.711 codec (PCMU preferred, else PCMA),
 * telephone-event if offered, 20 ms packets, and the mirrored direction.
 */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface AudioOffer {
  readonly address: string;
  readonly port: number;
  readonly codec: G711;
  /** telephone-event's payload type in the offer, if any (DTMF keeps the offerer's number). */
  readonly telephoneEvent: number | undefined;
  readonly direction: Direction;
}

/** Why an offer cannot be answered (488 Not Acceptable Here). */
export class SdpError extends Error {
  override readonly name = 'SdpError';
}

export function parseOffer(sdp: string): AudioOffer {
  const lines = sdp.split(/\r?\n/).map((l) => l.trim());
  let sessionAddress: string | undefined;
  let mediaAddress: string | undefined;
  let audio: { port: number; proto: string; formats: string[] } | undefined;
  const rtpmap = new Map<string, string>();
  let direction: Direction = 'sendrecv';
  let inAudio = false;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [media, port, proto, ...formats] = line.slice(2).split(/\s+/);
      inAudio = media === 'audio' && audio === undefined;
      if (inAudio) audio = { port: Number(port), proto: proto ?? '', formats };
    } else if (line.startsWith('c=')) {
      const addr = /^c=IN IP4 (\S+)/.exec(line)?.[1];
      if (audio === undefined) sessionAddress = addr;
      else if (inAudio) mediaAddress = addr;
    } else if (inAudio && line.startsWith('a=rtpmap:')) {
      const m = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)/.exec(line);
      if (m) rtpmap.set(m[1] as string, `${(m[2] as string).toLowerCase()}/${m[3] as string}`);
    } else if (inAudio && /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line)) {
      direction = line.slice(2) as Direction;
    }
  }
  if (!audio) throw new SdpError('no audio stream in the offer');
  if (audio.proto !== 'RTP/AVP') throw new SdpError(`the practice line speaks plain RTP/AVP, not ${audio.proto}`);
  if (!Number.isInteger(audio.port) || audio.port <= 0 || audio.port > 65_535) throw new SdpError('bad audio port');
  const address = mediaAddress ?? sessionAddress;
  if (!address) throw new SdpError('no IPv4 connection address');
  const named = (pt: string): string | undefined => rtpmap.get(pt) ?? (pt === '0' ? 'pcmu/8000' : pt === '8' ? 'pcma/8000' : undefined);
  const codec: G711 | undefined = audio.formats.some((f) => named(f) === 'pcmu/8000') ? 'PCMU' : audio.formats.some((f) => named(f) === 'pcma/8000') ? 'PCMA' : undefined;
  if (!codec) throw new SdpError('the offer has neither PCMU nor PCMA');
  const te = audio.formats.find((f) => named(f) === 'telephone-event/8000');
  return { address, port: audio.port, codec, telephoneEvent: te === undefined ? undefined : Number(te), direction };
}

const MIRROR: Readonly<Record<Direction, Direction>> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

export interface AnswerOptions {
  readonly address: string;
  readonly port: number;
  readonly sessionId: string;
  readonly version: number;
}

/** Our answer to `offer`, with our RTP address. */
export function buildAnswer(offer: AudioOffer, o: AnswerOptions): string {
  const pt = offer.codec === 'PCMU' ? 0 : 8;
  const formats = [pt, ...(offer.telephoneEvent !== undefined ? [offer.telephoneEvent] : [])];
  const lines = [
    'v=0',
    `o=callgate-practice ${o.sessionId} ${o.version} IN IP4 ${o.address}`,
    's=Callgate practice line',
    `c=IN IP4 ${o.address}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP ${formats.join(' ')}`,
    `a=rtpmap:${pt} ${offer.codec}/8000`,
    ...(offer.telephoneEvent !== undefined ? [`a=rtpmap:${offer.telephoneEvent} telephone-event/8000`, `a=fmtp:${offer.telephoneEvent} 0-16`] : []),
    'a=ptime:20',
    `a=${MIRROR[offer.direction]}`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}
