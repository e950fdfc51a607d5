// A timer queue a unit test runs by hand (the `schedule` dependency of the desk's pure watchers).

export interface ManualTimers {
  schedule(fn: () => void, ms: number): () => void;
  /** Timers scheduled and not cancelled or run yet. */
  pending(): number;
  /** The delays of the pending timers, in order. */
  delays(): number[];
  /** Runs every timer due now (not the ones they schedule). */
  runAll(): void;
}

export function manualTimers(): ManualTimers {
  const due: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    schedule(fn, ms) {
      const t = { fn, ms, cancelled: false };
      due.push(t);
      return () => {
        t.cancelled = true;
      };
    },
    pending: () => due.filter((t) => !t.cancelled).length,
    delays: () => due.filter((t) => !t.cancelled).map((t) => t.ms),
    runAll() {
      for (const t of due.splice(0)) if (!t.cancelled) t.fn();
    },
  };
}
