// The app store (renderer/state/store.ts) over a fake bridge, for unit tests of its slices.
import type { PracticeAttemptRequest } from '../../shared/api/practice';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { CallgateBridge } from '../../shared/ipc/channels';
import { silentSpeaker } from '../../renderer/practice/speech';
import type { DeskDeps } from '../../renderer/state/deps';
import { createDeskStore, type DeskStore } from '../../renderer/state/store';

/** A store whose outside world is `bridge` plus harmless defaults; override any dependency. */
export function deskStoreFor(bridge: Partial<CallgateBridge>, deps: Partial<Omit<DeskDeps, 'bridge'>> = {}): DeskStore {
  let id = 0;
  return createDeskStore({
    bridge: bridge as CallgateBridge,
    phone: () => null,
    scriptFor: (sid) => {
      throw new Error(`no script ${sid} in this test`);
    },
    now: () => new Date(),
    newId: () => `0199${String(++id).padStart(28, '0')}`,
    schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    speaker: silentSpeaker,
    ...deps,
  });
}

/** A bridge call's success, as the preload answers it. */
export const okResult = <T,>(value: T): Promise<{ ok: true; value: T }> => Promise.resolve({ ok: true as const, value });

/**
 * The bridge of a practice call in the desk, offline: `consent:record` keeps the events it is given
 * (durable at once), `practice:scenario` serves `scenarioOf(id)` at `revision`, `practice:submitAttempt`
 * keeps the attempt and answers api-unreachable. `practice` adds practice channels (voice practice).
 */
export function fakePracticeBridge(o: {
  revision: number;
  scenarioOf: (id: string) => unknown;
  updatedAt: string;
  practice?: Record<string, (payload: never) => Promise<unknown>>;
}): { bridge: CallgateBridge; recorded: ConsentEvent[]; submitted: PracticeAttemptRequest[] } {
  const recorded: ConsentEvent[] = [];
  const submitted: PracticeAttemptRequest[] = [];
  const bridge = {
    consent: {
      record: ({ events }: { events: ConsentEvent[] }) => {
        recorded.push(...events);
        return okResult({ pending: 0, rejected: 0, oldestPendingSince: null });
      },
    },
    practice: {
      scenarios: () => okResult({ items: [] }),
      scenario: ({ id }: { id: string }) => okResult({ id, revision: o.revision, builtin: true, scenario: o.scenarioOf(id), updatedBy: 'system', updatedAt: o.updatedAt }),
      submitAttempt: (body: PracticeAttemptRequest) => {
        submitted.push(body);
        return Promise.resolve({ ok: false as const, error: { code: 'api-unreachable', message: 'offline in this test' } });
      },
      ...o.practice,
    },
  } as unknown as CallgateBridge;
  return { bridge, recorded, submitted };
}
