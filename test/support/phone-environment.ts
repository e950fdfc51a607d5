// A PhoneEnvironment for unit tests in Node: Node's timers (vitest's fake timers drive them), jitter at
// its midpoint, no network events, audio stand-ins that play nothing. Override what a test drives.
import type { PhoneEnvironment } from '../../renderer/phone/environment';

export function nodePhoneEnvironment(overrides: Partial<PhoneEnvironment> = {}): PhoneEnvironment {
  return {
    now: () => Date.now(),
    random: () => 0.5,
    setTimeout: (cb, ms) => setTimeout(cb, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    setInterval: (cb, ms) => setInterval(cb, ms),
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    networkEvents: new EventTarget(),
    isOnline: () => true,
    mediaDevices: {} as MediaDevices,
    createAudioElement: () => ({ play: () => Promise.resolve(), pause: () => undefined, srcObject: null }) as unknown as HTMLAudioElement,
    createAudioContext: () => ({}) as AudioContext,
    logger: null,
    ...overrides,
  };
}
