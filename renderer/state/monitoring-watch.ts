import type { Monitoring } from '../../shared/api/live';

/**
 * Whether a team lead listens to or whispers on the agent's own call (issue 15 item 5), as the desk
 * shows it: while a call is connected the desk asks the API (`GET /v1/live/calls/{id}/monitoring`,
 * through the `live:monitoring` bridge channel) every `intervalMs`; the server decides whether the
 * campaign's profile shows the agent the indicator. Pure: the fetch and the timer are injected.
 *
 * Transitions (input -> effect):
 *   watch(id) while idle         -> polling id (first ask at once)
 *   watch(id) while polling id   -> nothing
 *   watch(id') while polling id  -> view cleared, polling id' (answers about id are dropped)
 *   watch(null)                  -> idle, view cleared (answers in flight are dropped)
 *   answer for the current id    -> view = the answer; next ask after intervalMs
 *   failure for the current id   -> view kept (no flicker on a lost request); next ask after intervalMs
 */
export interface MonitoringView {
  /** True when the indicator shows: a lead listens or whispers and the profile says the agent sees it. */
  readonly shown: boolean;
  readonly listening: boolean;
  readonly whispering: boolean;
  /** Who monitors (display names), for the indicator's detail. */
  readonly leads: readonly string[];
  /** The whisper waiting for the agent's desk to take it (whatever the indicator). */
  readonly whisper: Monitoring['whisper'];
}

export const NO_MONITORING: MonitoringView = { shown: false, listening: false, whispering: false, leads: [], whisper: null };

export interface MonitoringWatchPorts {
  fetch(callId: string): Promise<Monitoring>;
  schedule(fn: () => void, ms: number): () => void;
  readonly intervalMs: number;
}

/** The view of one API answer. */
export function monitoringView(m: Monitoring): MonitoringView {
  const shown = m.indicator && m.sessions.length > 0;
  return {
    shown,
    listening: shown && m.sessions.some((s) => s.mode === 'listen'),
    whispering: shown && m.sessions.some((s) => s.mode === 'whisper'),
    leads: shown ? [...new Set(m.sessions.map((s) => s.userName))] : [],
    whisper: m.whisper,
  };
}

export class MonitoringWatch {
  #callId: string | null = null;
  #generation = 0;
  #cancel: (() => void) | null = null;
  #view: MonitoringView = NO_MONITORING;
  readonly #listeners = new Set<(view: MonitoringView) => void>();

  constructor(private readonly ports: MonitoringWatchPorts) {}

  view(): MonitoringView {
    return this.#view;
  }

  subscribe(listener: (view: MonitoringView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Watches this call (null: none). */
  watch(callId: string | null): void {
    if (callId === this.#callId) return;
    this.#generation += 1;
    this.#cancel?.();
    this.#cancel = null;
    this.#callId = callId;
    this.#set(NO_MONITORING);
    if (callId !== null) void this.#ask(callId, this.#generation);
  }

  async #ask(callId: string, gen: number): Promise<void> {
    try {
      const answer = await this.ports.fetch(callId);
      if (gen === this.#generation) this.#set(monitoringView(answer));
    } catch {
      // Kept as it was: the next ask says more.
    }
    if (gen !== this.#generation) return;
    this.#cancel = this.ports.schedule(() => {
      this.#cancel = null;
      if (gen === this.#generation) void this.#ask(callId, gen);
    }, this.ports.intervalMs);
  }

  #set(view: MonitoringView): void {
    if (sameView(view, this.#view)) return;
    this.#view = view;
    for (const l of this.#listeners) l(view);
  }
}

function sameView(a: MonitoringView, b: MonitoringView): boolean {
  return (
    a.shown === b.shown &&
    a.listening === b.listening &&
    a.whispering === b.whispering &&
    a.leads.join('\n') === b.leads.join('\n') &&
    a.whisper?.sessionId === b.whisper?.sessionId &&
    a.whisper?.state === b.whisper?.state
  );
}
