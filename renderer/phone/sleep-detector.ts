/** Timers the detector runs on; the window's by default, fakes in unit tests. */
export interface DetectorClock {
  now(): number;
  setInterval(cb: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SleepDetectorOptions {
  /** How often to tick. */
  readonly intervalMs?: number;
  /** A tick this much later than planned means the machine (or the tab) was asleep. */
  readonly thresholdMs?: number;
  readonly clock: DetectorClock;
  /** Called once per wake with how long the timers stalled. */
  readonly onWake: (stalledMs: number) => void;
}

/**
 * Detects sleep/wake by timer drift: a machine that slept fires its interval late, all at once.
 * After a sleep the WebSocket may be dead without a close event and the registration may have
 * expired on the server, so the phone re-checks both. Returns a stop function.
 */
export function startSleepDetector({ intervalMs = 2_000, thresholdMs = 8_000, clock, onWake }: SleepDetectorOptions): () => void {
  let last = clock.now();
  const handle = clock.setInterval(() => {
    const now = clock.now();
    const stalled = now - last - intervalMs;
    last = now;
    if (stalled >= thresholdMs) onWake(stalled);
  }, intervalMs);
  return () => clock.clearInterval(handle);
}
