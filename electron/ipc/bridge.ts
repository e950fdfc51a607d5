import { eventMethodName, splitChannel } from '../../shared/ipc/define';
import { IPC_CHANNELS, IPC_EVENTS, type CallgateBridge } from '../../shared/ipc/channels';

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
  for (const name of Object.keys(IPC_CHANNELS)) {
    const { area, verb } = splitChannel(name);
    (api[area] ??= {})[verb] = (payload: unknown) => transport.invoke(name, payload);
  }
  for (const name of Object.keys(IPC_EVENTS)) {
    const { area, verb } = splitChannel(name);
    (api[area] ??= {})[eventMethodName(verb)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name}: listener must be a function`);
      return transport.on(name, listener);
    };
  }
  return api as unknown as CallgateBridge;
}
