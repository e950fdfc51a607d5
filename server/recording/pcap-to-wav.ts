import { createHash } from 'node:crypto';
import type { RecordedDirection } from '../store/recordings';
import { readRtpPcap } from './pcap';
import { decodeDirection, equalLength, originOf, RECORDING_RATE, RecordingFormatError } from './rtp-timeline';
import { encodeWav } from './wav';

/** What a call's captured media becomes: a two-channel WAV (agent left, customer right) and its facts. */
export interface ConvertedRecording {
  readonly wav: Buffer;
  readonly sha256: string;
  /** Capture time of the first recorded packet and of the end of the last sample. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly sampleRate: number;
  readonly channels: readonly ['agent', 'customer'];
  /** Waveform peaks per channel, 0..1, PEAKS_PER_SECOND buckets a second (at most MAX_PEAKS). */
  readonly peaks: number[][];
}

export const PEAKS_PER_SECOND = 10;
export const MAX_PEAKS = 4000;

/** The loudest sample of each bucket, 0..1, in `count` buckets over the channel. */
export function peaksOf(samples: Int16Array, count: number): number[] {
  const out: number[] = [];
  const per = samples.length / Math.max(1, count);
  for (let b = 0; b < count; b++) {
    let max = 0;
    const end = Math.min(samples.length, Math.floor((b + 1) * per));
    for (let i = Math.floor(b * per); i < end; i++) max = Math.max(max, Math.abs(samples[i] ?? 0));
    out.push(Math.round((max / 32768) * 1000) / 1000);
  }
  return out;
}

/**
 * Turns rtpengine's pcap of one call into the recording: the packets sent to the agent's and the
 * customer's ports (`directions`, from rtpengine's query when the recording started) are decoded onto
 * one timeline, so the channels stay aligned and silences stay silent. Anything else in the capture
 * (a supervisor's whisper stream, RTCP, DTMF events) is not part of the recording, and nothing captured
 * after `untilMs` (when the API decided to stop) is kept, even if the edge went on capturing.
 */
export function pcapToRecording(pcap: Buffer, directions: readonly RecordedDirection[], opts: { untilMs?: number | null } = {}): ConvertedRecording {
  const agent = directions.find((d) => d.role === 'agent');
  const customer = directions.find((d) => d.role === 'customer');
  if (!agent || !customer) throw new RecordingFormatError('the recording does not know which port carried the agent and which the customer');
  const untilUs = opts.untilMs === undefined || opts.untilMs === null ? Number.POSITIVE_INFINITY : opts.untilMs * 1000;
  const packets = readRtpPcap(pcap).filter((p) => (p.dstPort === agent.port || p.dstPort === customer.port) && p.atUs <= untilUs);
  const origin = originOf(packets);
  if (origin === null) throw new RecordingFormatError('the capture holds no audio of this call');
  const [left, right] = equalLength([decodeDirection(packets, agent, origin), decodeDirection(packets, customer, origin)]) as [Int16Array, Int16Array];
  return recordingOfSamples(left, right, Math.floor(origin / 1000));
}

/** The recording of two aligned channels (agent, customer) at RECORDING_RATE whose first sample was captured at `startMs`. */
export function recordingOfSamples(left: Int16Array, right: Int16Array, startMs: number): ConvertedRecording {
  const wav = encodeWav([left, right], RECORDING_RATE);
  const durationMs = Math.round((left.length / RECORDING_RATE) * 1000);
  const buckets = Math.max(1, Math.min(MAX_PEAKS, Math.ceil((left.length / RECORDING_RATE) * PEAKS_PER_SECOND)));
  return {
    wav,
    sha256: createHash('sha256').update(wav).digest('hex'),
    startedAt: new Date(startMs).toISOString(),
    endedAt: new Date(startMs + durationMs).toISOString(),
    durationMs,
    sampleRate: RECORDING_RATE,
    channels: ['agent', 'customer'],
    peaks: [peaksOf(left, buckets), peaksOf(right, buckets)],
  };
}
