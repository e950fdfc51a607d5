import { estimateMos, qualityLevel, type CallQuality } from '../../shared/phone/call-quality';

/** The audio figures of one getStats() report, reduced to plain numbers. */
export interface AudioStatsSnapshot {
  /** Epoch ms the report was taken. */
  readonly at: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsSent: number;
  /** Sum of squared audio levels times duration of received audio (W3C webrtc-stats). */
  readonly totalAudioEnergy: number;
  /** Interarrival jitter in seconds, null before the first packet. */
  readonly jitterS: number | null;
  /** Round trip in seconds (RTCP or ICE consent checks), null if unknown. */
  readonly rttS: number | null;
}

/** The fields of RTCStats entries this module reads; everything optional, as browsers differ. */
interface StatsEntry {
  readonly type?: string;
  readonly kind?: string;
  readonly mediaType?: string;
  readonly packetsReceived?: number;
  readonly packetsLost?: number;
  readonly bytesReceived?: number;
  readonly bytesSent?: number;
  readonly packetsSent?: number;
  readonly totalAudioEnergy?: number;
  readonly jitter?: number;
  readonly roundTripTime?: number;
  readonly currentRoundTripTime?: number;
  readonly nominated?: boolean;
  readonly state?: string;
}

const isAudio = (s: StatsEntry): boolean => (s.kind ?? s.mediaType) === 'audio';

/**
 * Reduces the entries of an RTCStatsReport (pass `report.values()`) to an AudioStatsSnapshot:
 * inbound-rtp and outbound-rtp of the audio track, the RTT from remote-inbound-rtp (RTCP) or,
 * failing that, from the selected ICE candidate pair.
 */
export function audioSnapshot(entries: Iterable<unknown>, at: number): AudioStatsSnapshot {
  let inbound: StatsEntry | undefined;
  let outbound: StatsEntry | undefined;
  let rtcpRtt: number | undefined;
  let pairRtt: number | undefined;
  for (const raw of entries) {
    const s = raw as StatsEntry;
    if (s.type === 'inbound-rtp' && isAudio(s)) inbound = s;
    else if (s.type === 'outbound-rtp' && isAudio(s)) outbound = s;
    else if (s.type === 'remote-inbound-rtp' && isAudio(s) && typeof s.roundTripTime === 'number') rtcpRtt = s.roundTripTime;
    else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && typeof s.currentRoundTripTime === 'number') pairRtt = s.currentRoundTripTime;
  }
  return {
    at,
    packetsReceived: inbound?.packetsReceived ?? 0,
    packetsLost: inbound?.packetsLost ?? 0,
    bytesReceived: inbound?.bytesReceived ?? 0,
    totalAudioEnergy: inbound?.totalAudioEnergy ?? 0,
    jitterS: typeof inbound?.jitter === 'number' ? inbound.jitter : null,
    bytesSent: outbound?.bytesSent ?? 0,
    packetsSent: outbound?.packetsSent ?? 0,
    rttS: rtcpRtt ?? pairRtt ?? null,
  };
}

/**
 * Quality over the interval between two snapshots (or since the call started when `previous` is
 * null). Loss is the share of packets lost among packets expected in the interval; a negative
 * count (duplicates, RFC 3550) counts as none. An interval in which no audio packet arrived has
 * nothing to rate: it is `no_audio` with null loss and MOS, never "good".
 */
export function qualityBetween(callId: string, previous: AudioStatsSnapshot | null, current: AudioStatsSnapshot): CallQuality {
  const received = Math.max(0, current.packetsReceived - (previous?.packetsReceived ?? 0));
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const jitterMs = current.jitterS === null ? 0 : Math.round(current.jitterS * 10_000) / 10;
  const rttMs = current.rttS === null ? null : Math.round(current.rttS * 10_000) / 10;
  const totals = { bytesReceived: current.bytesReceived, bytesSent: current.bytesSent, audioEnergyReceived: current.totalAudioEnergy };
  if (received === 0) return { callId, at: current.at, lossPercent: null, jitterMs, rttMs, mos: null, level: 'no_audio', ...totals };
  const lossPercent = Math.round((lost / (received + lost)) * 1000) / 10;
  const mos = estimateMos({ lossPercent, jitterMs, rttMs });
  return { callId, at: current.at, lossPercent, jitterMs, rttMs, mos, level: qualityLevel(mos), ...totals };
}
