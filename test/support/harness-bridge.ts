// Runs inside the page (bundled by desk-harness.ts): builds window.callgate with the very bridge code
// of the preload (electron/ipc/bridge.ts), over two bindings the harness provides instead of ipcRenderer.
import { createBridge } from '../../electron/ipc/bridge';

type Listener = (payload: unknown) => void;
interface HarnessWindow {
  __callgateInvoke(channel: string, payload: unknown): Promise<unknown>;
  __callgateEvent?: (channel: string, payload: unknown) => void;
  callgate?: unknown;
}

const w = window as unknown as HarnessWindow;
const listeners = new Map<string, Set<Listener>>();
w.__callgateEvent = (channel, payload) => {
  for (const l of listeners.get(channel) ?? []) l(payload);
};
Object.defineProperty(window, 'callgate', {
  value: Object.freeze(
    createBridge({
      invoke: (channel, payload) => w.__callgateInvoke(channel, payload),
      on: (channel, listener) => {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      },
    }),
  ),
  writable: false,
  configurable: false,
});
