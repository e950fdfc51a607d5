import type { PhoneLogger } from './sip-log';

/**
 * What the phone takes from the browser besides sip.js: clocks, randomness, network events and
 * media devices. Injected so tests (and a future Electron main-process power monitor) can drive
 * time, connectivity and sleep.
 */
export interface PhoneEnvironment {
  now(): number;
  random(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(cb: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Source of `online` / `offline` events (the window). */
  readonly networkEvents: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  isOnline(): boolean;
  readonly mediaDevices: MediaDevices;
  createAudioElement(): HTMLAudioElement;
  createAudioContext(): AudioContext;
  /** Receives phone and sip.js log lines (numbers redacted); null: silent. */
  readonly logger: PhoneLogger | null;
}

/** The real browser (or Electron renderer) environment, with optional overrides. */
export function browserEnvironment(overrides: Partial<PhoneEnvironment> = {}): PhoneEnvironment {
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    setInterval: (cb, ms) => globalThis.setInterval(cb, ms),
    clearInterval: (handle) => globalThis.clearInterval(handle as number),
    networkEvents: globalThis,
    isOnline: () => globalThis.navigator.onLine,
    mediaDevices: globalThis.navigator.mediaDevices,
    createAudioElement: () => new Audio(),
    createAudioContext: () => new AudioContext(),
    logger: null,
    ...overrides,
  };
}
