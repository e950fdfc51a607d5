import type { Unsubscribe } from './sip-port';

/** A set of callbacks for one kind of event, as behind every `on...(cb) => unsubscribe`. */
export interface Listeners<T> {
  add(cb: (value: T) => void): Unsubscribe;
  emit(value: T): void;
  readonly size: number;
  clear(): void;
}

/**
 * Listeners that cannot break each other or the emitter: a throwing callback does not stop the
 * others, and its error resurfaces as an unhandled rejection (visible in the console and in
 * tests) instead of unwinding through the phone's SIP handling.
 */
export function createListeners<T>(): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    add(cb) {
      // Wrap so the same function can subscribe twice and unsubscribe each time independently.
      const entry = (value: T): void => cb(value);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(value) {
      for (const cb of [...set]) {
        try {
          cb(value);
        } catch (err) {
          void Promise.reject(err);
        }
      }
    },
    get size() {
      return set.size;
    },
    clear() {
      set.clear();
    },
  };
}
