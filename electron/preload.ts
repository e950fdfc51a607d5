// The preload: contextBridge and nothing else (DESIGN.md). Runs sandboxed; bundled to CJS by scripts/build.mjs.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from './ipc/bridge';

contextBridge.exposeInMainWorld(
  'callgate',
  createBridge({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    on: (channel, listener) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  }),
);
