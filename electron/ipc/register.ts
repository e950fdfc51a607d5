import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import type { IpcResult } from '../../shared/ipc/define';
import { isAppUrl } from '../window/security';

/**
 * Serves every channel of the map on ipcMain. Before anything else each call's sender is checked: it
 * must be the desk window's own webContents, from its top frame, on the app's origin. Anything else
 * (a stray frame, a navigated page) is refused without reaching a handler.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: (channel: string, payload: unknown) => Promise<IpcResult<unknown>>,
  isDeskWebContents: (sender: IpcMainInvokeEvent['sender']) => boolean,
): () => void {
  const names = Object.keys(IPC_CHANNELS);
  for (const name of names) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, isDeskWebContents)) {
        return { ok: false, error: { code: 'untrusted-sender', message: 'this frame may not use the desk bridge' } } satisfies IpcResult<never>;
      }
      return dispatch(name, payload);
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(name);
  };
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, isDeskWebContents: (s: IpcMainInvokeEvent['sender']) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isDeskWebContents(event.sender) && isAppUrl(frame.url);
}
