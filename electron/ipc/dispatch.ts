import type { z } from 'zod';
import { invalidPayload, type ChannelSpec, type IpcError, type IpcResult } from '../../shared/ipc/define';

/** The handler of each channel: gets the parsed request, returns the response. */
export type Handlers<M extends Record<string, ChannelSpec>> = {
  [K in keyof M]: (payload: z.output<M[K]['request']>) => Promise<z.input<M[K]['response']>>;
};

/** An error a handler throws on purpose, with a stable code for the desk. */
export class HandlerError extends Error {
  constructor(
    readonly error: IpcError,
  ) {
    super(error.message);
  }
}

/**
 * Turns a channel map + handlers into one `dispatch(channel, payload)`: the payload is `unknown` until
 * the channel's schema parsed it; unknown channels and bad payloads are answered with an error and
 * reach no handler; responses are checked against their schema too, so the contract holds both ways.
 * Used by the Electron glue (ipcMain.handle) and by the Chromium test harness alike.
 */
export function createDispatcher<M extends Record<string, ChannelSpec>>(
  channels: M,
  handlers: Handlers<M>,
  onUnexpected: (channel: string, err: unknown) => void = () => undefined,
): (channel: string, payload: unknown) => Promise<IpcResult<unknown>> {
  return async (name, payload) => {
    if (!Object.hasOwn(channels, name)) return { ok: false, error: { code: 'unknown-channel', message: `unknown channel ${name}` } };
    const spec = channels[name as keyof M] as ChannelSpec;
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) return { ok: false, error: invalidPayload(name, parsed.error) };
    try {
      const handler = handlers[name as keyof M] as (p: unknown) => Promise<unknown>;
      const value = spec.response.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof HandlerError) return { ok: false, error: err.error };
      onUnexpected(name, err);
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : 'unexpected error' } };
    }
  };
}
