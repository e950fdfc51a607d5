// The app store (renderer/state/store.ts) over a fake bridge, for unit tests of its slices.
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
