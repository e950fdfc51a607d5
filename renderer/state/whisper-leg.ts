import type { Monitoring } from '../../shared/api/live';

/**
 * The agent's desk taking a team lead's whisper (issue 15 item 5, decision 0062): when the monitoring
 * answer names a whisper of this call, the desk asks the API for the media edge's offer of the lead's
 * stream, answers it on a WebRTC leg of its own (never the call's: the customer's leg is not touched)
 * and plays it beside the call's audio. The leg closes when the whisper ends or the call does (the
 * monitoring answer no longer names it). Pure: the API calls and the media are injected.
 *
 * Transitions (input -> next phase; anything not listed changes nothing):
 *   idle              + seen   -> joining  (ask the offer, answer it on a new leg, send the answer)
 *   joining           + joined -> playing
 *   joining | playing + failed -> failed   (a step failed, or the leg's connection did)
 *   failed            + retry  -> joining  (RETRY_MS after the failure, at most MAX_ATTEMPTS in all)
 *   any but idle      + seen   -> joining  (another whisper: the old leg is closed first)
 *   any but idle      + gone   -> idle     (leg closed; work in flight is dropped)
 */
export const WHISPER_LEG_PHASES = ['idle', 'joining', 'playing', 'failed'] as const;
export type WhisperLegPhase = (typeof WHISPER_LEG_PHASES)[number];

export const WHISPER_LEG_INPUTS = ['seen', 'joined', 'failed', 'retry', 'gone'] as const;
export type WhisperLegInput = (typeof WHISPER_LEG_INPUTS)[number];

export const WHISPER_LEG_TRANSITIONS: Readonly<Record<WhisperLegPhase, Readonly<Partial<Record<WhisperLegInput, WhisperLegPhase>>>>> = {
  idle: { seen: 'joining' },
  joining: { joined: 'playing', failed: 'failed', seen: 'joining', gone: 'idle' },
  playing: { failed: 'failed', seen: 'joining', gone: 'idle' },
  failed: { retry: 'joining', seen: 'joining', gone: 'idle' },
};

/** How often one whisper is tried before the desk gives up on it (a new whisper starts again). */
export const MAX_ATTEMPTS = 3;
/** The wait before trying a failed whisper leg again. */
export const RETRY_MS = 2000;

export interface WhisperLegView {
  readonly phase: WhisperLegPhase;
  /** The whisper session the leg belongs to (null when idle). */
  readonly sessionId: string | null;
}

export const NO_WHISPER_LEG: WhisperLegView = { phase: 'idle', sessionId: null };

/** A playing leg: closing it stops the audio and the connection. */
export interface WhisperMedia {
  /** Plays on another output device (the agent changed it in settings). */
  setOutput(deviceId: string | null): Promise<void>;
  close(): void;
}

export interface WhisperLegPorts {
  /** The edge's offer of the lead's stream for this desk (`live:whisperLegOffer`). */
  offer(sessionId: string): Promise<string>;
  /** Answers the offer on a new leg and plays what it brings; `lost` is called if the leg's connection fails. */
  connect(offerSdp: string, lost: () => void): Promise<{ answerSdp: string; media: WhisperMedia }>;
  /** The desk's answer to the edge (`live:whisperLegAnswer`): media flows from then on. */
  answer(sessionId: string, sdp: string): Promise<void>;
  /** setTimeout with a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

export class WhisperLeg {
  #view: WhisperLegView = NO_WHISPER_LEG;
  #media: WhisperMedia | null = null;
  #generation = 0;
  #attempts = 0;
  #cancelRetry: (() => void) | null = null;
  readonly #listeners = new Set<(view: WhisperLegView) => void>();

  constructor(private readonly ports: WhisperLegPorts) {}

  view(): WhisperLegView {
    return this.#view;
  }

  subscribe(listener: (view: WhisperLegView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The latest monitoring answer's whisper (null: none, or no call). */
  follow(whisper: Monitoring['whisper']): void {
    if (!whisper || whisper.state === 'ended') this.#step('gone');
    else if (whisper.sessionId !== this.#view.sessionId) {
      this.#attempts = 0;
      this.#step('seen', whisper.sessionId);
    }
  }

  /** The agent chose another output device: the playing whisper moves there (a leg still joining reads the settings when it connects). */
  setOutput(deviceId: string | null): void {
    void this.#media?.setOutput(deviceId).catch(() => undefined);
  }

  #step(input: WhisperLegInput, sessionId: string | null = this.#view.sessionId): void {
    const next = WHISPER_LEG_TRANSITIONS[this.#view.phase][input];
    if (!next) return;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    if (next !== 'playing') {
      // A new attempt, a failure or the end: whatever was playing or in flight is dropped.
      this.#generation += 1;
      this.#media?.close();
      this.#media = null;
    }
    this.#set({ phase: next, sessionId: next === 'idle' ? null : sessionId });
    if (next === 'joining' && sessionId) void this.#join(sessionId, this.#generation);
    if (next === 'failed' && this.#attempts < MAX_ATTEMPTS) this.#cancelRetry = this.ports.schedule(() => this.#step('retry'), RETRY_MS);
  }

  async #join(sessionId: string, gen: number): Promise<void> {
    this.#attempts += 1;
    let media: WhisperMedia | null = null;
    try {
      const offer = await this.ports.offer(sessionId);
      if (gen !== this.#generation) return;
      const leg = await this.ports.connect(offer, () => {
        if (gen === this.#generation) this.#step('failed');
      });
      media = leg.media;
      if (gen !== this.#generation) return;
      await this.ports.answer(sessionId, leg.answerSdp);
      if (gen !== this.#generation) return;
      this.#media = media;
      media = null;
      this.#step('joined');
    } catch {
      if (gen === this.#generation) this.#step('failed');
    } finally {
      media?.close();
    }
  }

  #set(view: WhisperLegView): void {
    if (view.phase === this.#view.phase && view.sessionId === this.#view.sessionId) return;
    this.#view = view;
    for (const l of this.#listeners) l(view);
  }
}
