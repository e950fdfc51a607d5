/**
 * G.711 µ-law (PCMU) and A-law (PCMA), ITU-T G.711: the codecs every SIP trunk and rtpengine speak.
 * 16-bit linear PCM in, one byte per sample out, and back. Pure and table-driven (decoding is a lookup).
 */

const BIAS = 0x84;
const CLIP = 32635;

/** One 16-bit sample to µ-law. */
export function linearToUlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function ulawToLinearSlow(u: number): number {
  const v = ~u & 0xff;
  const sign = v & 0x80;
  const exponent = (v >> 4) & 0x07;
  const mantissa = v & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** One 16-bit sample to A-law. */
export function linearToAlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample))) >> 3;
  let mask = 0xd5;
  if (s < 0) {
    mask = 0x55;
    s = -s - 1;
  }
  const seg = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff].findIndex((end) => s <= end);
  if (seg < 0) return 0x7f ^ mask;
  const aval = (seg << 4) | (seg < 2 ? (s >> 1) & 0x0f : (s >> seg) & 0x0f);
  return aval ^ mask;
}

function alawToLinearSlow(a: number): number {
  const v = a ^ 0x55;
  let t = (v & 0x0f) << 4;
  const seg = (v & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return v & 0x80 ? t : -t;
}

const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => ulawToLinearSlow(i));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => alawToLinearSlow(i));

/** The G.711 codecs by their static RTP payload type. */
export type G711 = 'PCMU' | 'PCMA';
export const PAYLOAD_TYPE: Readonly<Record<G711, number>> = { PCMU: 0, PCMA: 8 };

/** The byte of digital silence in each law. */
export const SILENCE_BYTE: Readonly<Record<G711, number>> = { PCMU: 0xff, PCMA: 0xd5 };

export function encode(pcm: Int16Array, law: G711): Uint8Array {
  const out = new Uint8Array(pcm.length);
  const f = law === 'PCMU' ? linearToUlaw : linearToAlaw;
  for (let i = 0; i < pcm.length; i++) out[i] = f(pcm[i] as number);
  return out;
}

export function decode(bytes: Uint8Array, law: G711): Int16Array {
  const table = law === 'PCMU' ? ULAW_TABLE : ALAW_TABLE;
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i] as number] as number;
  return out;
}

/** Converts a frame between the two laws (through linear). */
export function transcode(bytes: Uint8Array, from: G711, to: G711): Uint8Array {
  return from === to ? bytes : encode(decode(bytes, from), to);
}
