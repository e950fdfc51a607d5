/** Timers a call waits on: the phone's environment in the browser, fakes in unit tests. */
export interface CallClock {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Resolves after `ms`, or at once (with false) when `signal` aborts; true when the time ran out.
 * The timer is cleared on abort, so nothing is left pending once the call is over.
 */
export function delay(clock: CallClock, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      resolve(false);
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves with the value `subscribe` delivers, or with `fallback` after `ms` or when `signal`
 * aborts, whichever comes first. `subscribe` gets the callback to deliver with and returns its
 * clean-up (remove the listener); it is called exactly once on every path.
 */
export function waitWithin<T>(
  clock: CallClock,
  ms: number,
  signal: AbortSignal,
  fallback: T,
  subscribe: (deliver: (value: T) => void) => () => void,
): Promise<T> {
  if (signal.aborted) return Promise.resolve(fallback);
  return new Promise((resolve) => {
    let done = false;
    let cleanUp: () => void = () => undefined;
    const finish = (value: T): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      cleanUp();
      resolve(value);
    };
    const onAbort = (): void => finish(fallback);
    const timer = clock.setTimeout(() => finish(fallback), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    cleanUp = subscribe(finish);
    // `subscribe` may have delivered synchronously, before cleanUp was known.
    if (done) cleanUp();
  });
}

/**
 * Settles with `work`'s result, or with `fallback` as soon as `signal` aborts (the work itself may
 * go on; its late result is dropped). For promises we cannot cancel, such as a sip.js request.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, fallback: T): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(fallback);
  }
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(fallback);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(fallback);
      },
    );
  });
}
