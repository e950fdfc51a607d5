import type { CallgateBridge } from '../../shared/ipc/channels';
import { eventMethodName, IPC_CHANNEL_NAMES, IPC_EVENT_NAMES, splitChannel } from '../../shared/ipc/names';

/** The two things the bridge needs from Electron's ipcRenderer (so it is testable without Electron). */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.callgate` from the channel map: `callgate.leads.next({...})` invokes `leads:next`,
 * `callgate.outbox.onChanged(cb)` listens to `outbox:changed` and returns an unsubscribe. Only the
 * channels of the map exist; ipcRenderer itself is never exposed.
 */
export function createBridge(transport: BridgeTransport): CallgateBridge {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of IPC_CHANNEL_NAMES) {
    const { area, verb } = splitChannel(name);
    (api[area] ??= {})[verb] = (payload: unknown) => transport.invoke(name, payload);
  }
  for (const name of IPC_EVENT_NAMES) {
    const { area, verb } = splitChannel(name);
    (api[area] ??= {})[eventMethodName(verb)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name}: listener must be a function`);
      return transport.on(name, listener);
    };
  }
  return api as unknown as CallgateBridge;
}
