/** An audio element that can pick its output device (Chromium's HTMLMediaElement.setSinkId). */
type SinkableAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; readonly sinkId?: string };

/** True where the platform can route audio to a chosen output device. */
export function canSelectOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Plays the far end's audio of one call on the selected output device. Not attached to the DOM:
 * the agent never sees it, and the desk UI cannot accidentally remove it.
 */
export class RemoteAudio {
  private readonly element: SinkableAudio;

  constructor(createElement: () => HTMLAudioElement = () => new Audio()) {
    this.element = createElement() as SinkableAudio;
    this.element.autoplay = true;
  }

  play(stream: MediaStream): void {
    if (this.element.srcObject !== stream) this.element.srcObject = stream;
    void this.element.play().catch(() => undefined);
  }

  /** Routes the audio to `deviceId` ('' or null: default). Rejects if the device is gone. */
  async setOutput(deviceId: string | null): Promise<void> {
    if (typeof this.element.setSinkId !== 'function') return;
    await this.element.setSinkId(deviceId ?? '');
  }

  /** The output device the audio plays on ('' = default). */
  get sinkId(): string {
    return this.element.sinkId ?? '';
  }

  stop(): void {
    this.element.pause();
    this.element.srcObject = null;
  }
}
