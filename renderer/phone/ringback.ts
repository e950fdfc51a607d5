/** A ringback cadence: two tones summed, on for `onMs`, off for `offMs`. */
export interface RingbackCadence {
  readonly frequencies: readonly number[];
  readonly onMs: number;
  readonly offMs: number;
}

/** Korea (TTA): 440 + 480 Hz, 1 s on, 2 s off. The US cadence is the same tones, 2 s on, 4 s off. */
export const KR_RINGBACK: RingbackCadence = { frequencies: [440, 480], onMs: 1_000, offMs: 2_000 };

/** The parts of AudioContext the ringback uses (plus Chromium's setSinkId). */
type SinkableAudioContext = AudioContext & { setSinkId?: (id: string) => Promise<void> };

/**
 * The local ringback tone, played while an outgoing call rings without early media (180 without
 * SDP). WebAudio, on the chosen output device where the platform allows it.
 */
export class Ringback {
  private context: SinkableAudioContext | null = null;

  constructor(
    private readonly createContext: () => AudioContext = () => new AudioContext(),
    private readonly cadence: RingbackCadence = KR_RINGBACK,
  ) {}

  get playing(): boolean {
    return this.context !== null;
  }

  /** Starts the tone (no-op if already playing). `sinkId` null: default output. */
  start(sinkId: string | null): void {
    if (this.context) return;
    const ctx = this.createContext() as SinkableAudioContext;
    this.context = ctx;
    if (sinkId && typeof ctx.setSinkId === 'function') ctx.setSinkId(sinkId).catch(() => undefined);
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    for (const frequency of this.cadence.frequencies) {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
    }
    // Schedule two minutes of cadence up front: no timers to leak, and no call rings longer.
    const period = (this.cadence.onMs + this.cadence.offMs) / 1000;
    const level = 0.08;
    for (let t = 0; t < 120; t += period) {
      gain.gain.setValueAtTime(level, ctx.currentTime + t);
      gain.gain.setValueAtTime(0, ctx.currentTime + t + this.cadence.onMs / 1000);
    }
    void ctx.resume().catch(() => undefined);
  }

  stop(): void {
    const ctx = this.context;
    this.context = null;
    if (ctx) void ctx.close().catch(() => undefined);
  }
}
