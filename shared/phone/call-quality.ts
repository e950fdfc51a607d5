/**
 * Quality of the audio the agent receives, sampled from WebRTC statistics every few seconds. Loss
 * and MOS describe only an interval in which audio packets arrived: an interval without any is
 * `no_audio` (mos and lossPercent null), never "good" (see media-health.ts for the warning).
 */
export interface CallQuality {
  readonly callId: string;
  /** Epoch ms of the sample. */
  readonly at: number;
  /** Packets lost in the last interval, as a percentage of packets expected (0-100); null without packets. */
  readonly lossPercent: number | null;
  /** Interarrival jitter of received audio, in ms. */
  readonly jitterMs: number;
  /** Round-trip time to the far media endpoint in ms, or null before the first RTCP report. */
  readonly rttMs: number | null;
  /** Estimated MOS (1.0-4.5) from the simplified E-model (estimateMos); null without packets. */
  readonly mos: number | null;
  readonly level: QualityLevel;
  /** Running totals, proof that audio flows: bytes and energy received, bytes sent. */
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly audioEnergyReceived: number;
}

/** `no_audio`: no audio packets arrived in the interval, so there is nothing to rate. */
export type QualityLevel = 'good' | 'fair' | 'poor' | 'no_audio';

export interface MosInput {
  readonly lossPercent: number;
  readonly jitterMs: number;
  /** Round trip in ms; null counts as a LAN-like 20 ms. */
  readonly rttMs: number | null;
}

/** Codec + packetisation delay added to the network delay, in ms (20 ms frames plus lookahead). */
const CODEC_DELAY_MS = 10;

/**
 * Estimated MOS from the common simplification of the ITU-T G.107 E-model:
 *
 *   effective latency  Ld = rtt/2 + 2*jitter + 10
 *   R = 93.2 - Ld/40              if Ld < 160
 *   R = 93.2 - (Ld - 120)/10      otherwise
 *   R = R - 2.5 * loss%           (clamped to 0..100)
 *   MOS = 1 + 0.035 R + 0.000007 R (R - 60) (100 - R)
 *
 * It ignores the codec's own impairment (Ie), so it is an upper bound for narrow-band codecs;
 * good enough to warn an agent that the line is bad, not to bill anyone.
 */
export function estimateMos({ lossPercent, jitterMs, rttMs }: MosInput): number {
  const oneWay = (rttMs ?? 20) / 2;
  const latency = oneWay + 2 * Math.max(0, jitterMs) + CODEC_DELAY_MS;
  let r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  r -= 2.5 * clamp(lossPercent, 0, 100);
  r = clamp(r, 0, 100);
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(clamp(mos, 1, 4.5) * 100) / 100;
}

/** good >= 4.0 (toll quality), fair >= 3.6 (noticeable), poor below (agent should be warned). */
export function qualityLevel(mos: number): Exclude<QualityLevel, 'no_audio'> {
  if (mos >= 4.0) return 'good';
  if (mos >= 3.6) return 'fair';
  return 'poor';
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
