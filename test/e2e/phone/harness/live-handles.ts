// Counts the timers and event listeners alive in a page, so tests and the soak bench can show that
// nothing a call started outlives it. Imported first by the harness pages: it wraps the globals
// before the phone (or sip.js) uses them.

export interface LiveHandles {
  /** Timers and intervals neither fired (timeouts) nor cleared. */
  timers(): number;
  /** Event listeners added and not removed (nor spent by `once`, nor removed by their signal). */
  listeners(): number;
}

declare global {
  interface Window {
    liveHandles: LiveHandles;
  }
}

const liveTimers = new Set<unknown>();
const nativeSetTimeout = window.setTimeout.bind(window);
const nativeClearTimeout = window.clearTimeout.bind(window);
const nativeSetInterval = window.setInterval.bind(window);
const nativeClearInterval = window.clearInterval.bind(window);

window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id = nativeSetTimeout(
    (...a: unknown[]) => {
      liveTimers.delete(id);
      if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
    },
    ms,
    ...args,
  );
  liveTimers.add(id);
  return id;
}) as typeof window.setTimeout;
window.clearTimeout = ((id?: number) => {
  liveTimers.delete(id);
  nativeClearTimeout(id);
}) as typeof window.clearTimeout;
window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id = nativeSetInterval(handler, ms, ...args);
  liveTimers.add(id);
  return id;
}) as typeof window.setInterval;
window.clearInterval = ((id?: number) => {
  liveTimers.delete(id);
  nativeClearInterval(id);
}) as typeof window.clearInterval;
globalThis.setTimeout = window.setTimeout;
globalThis.clearTimeout = window.clearTimeout;
globalThis.setInterval = window.setInterval;
globalThis.clearInterval = window.clearInterval;

/** Listeners by target, keyed by type, callback and capture (as the DOM dedupes them). */
const liveListeners = new Map<EventTarget, Set<string>>();
const callbackIds = new WeakMap<object, number>();
let nextCallbackId = 1;
const keyOf = (type: string, cb: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions | EventListenerOptions): string => {
  let id = callbackIds.get(cb);
  if (id === undefined) {
    id = nextCallbackId++;
    callbackIds.set(cb, id);
  }
  const capture = typeof options === 'boolean' ? options : (options?.capture ?? false);
  return `${type}|${id}|${capture}`;
};
const forget = (target: EventTarget, key: string): void => {
  const keys = liveListeners.get(target);
  keys?.delete(key);
  if (keys?.size === 0) liveListeners.delete(target);
};
const nativeAdd = EventTarget.prototype.addEventListener;
const nativeRemove = EventTarget.prototype.removeEventListener;
EventTarget.prototype.addEventListener = function (this: EventTarget, type, cb, options) {
  if (cb) {
    const key = keyOf(type, cb, options);
    const keys = liveListeners.get(this) ?? new Set<string>();
    keys.add(key);
    liveListeners.set(this, keys);
    const opts = typeof options === 'object' ? options : undefined;
    if (opts?.once) nativeAdd.call(this, type, () => forget(this, key), { once: true, ...(opts.capture === undefined ? {} : { capture: opts.capture }) });
    opts?.signal?.addEventListener('abort', () => forget(this, key), { once: true });
  }
  nativeAdd.call(this, type, cb, options);
};
EventTarget.prototype.removeEventListener = function (this: EventTarget, type, cb, options) {
  if (cb) forget(this, keyOf(type, cb, options));
  nativeRemove.call(this, type, cb, options);
};

window.liveHandles = {
  timers: () => liveTimers.size,
  listeners: () => [...liveListeners.values()].reduce((n, keys) => n + keys.size, 0),
};

export {};
