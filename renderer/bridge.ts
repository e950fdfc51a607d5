import type { CallgateBridge } from '../shared/ipc/channels';
import type { IpcError, IpcResult } from '../shared/ipc/define';

declare global {
  interface Window {
    /** The preload's typed bridge (electron/preload.ts), or the test harness's stand-in. */
    readonly callgate?: CallgateBridge;
  }
}

/** A bridge call that failed: the code and field paths come from the main process. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(readonly error: IpcError) {
    super(error.message);
  }
  get code(): string {
    return this.error.code;
  }
}

export function getBridge(): CallgateBridge {
  const bridge = window.callgate;
  if (!bridge) throw new Error('window.callgate is missing: the desk must run inside Callgate (or its test harness)');
  return bridge;
}

/** Awaits a bridge call and returns its value, or throws BridgeError. */
export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw new BridgeError(result.error);
}
