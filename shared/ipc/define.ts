import { z } from 'zod';
import { jsonPathIssues } from '../util/zod-issues';

/**
 * Typed IPC: one channel map (`area:verb` names) from which the preload bridge, the main-process
 * handlers and the renderer's typings are all derived (STYLE.md, DESIGN.md "Contracts").
 *
 * Requests go renderer -> main (`invoke`), each with a request and a response schema; the main process
 * parses every payload with the request schema before a handler sees it. Events go main -> renderer,
 * each with a payload schema.
 */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelSpec<Req, Res> {
  return { request, response };
}

/** No payload. */
export const NoPayload = z.undefined();

/**
 * One bad field: its JSON path, an English message for logs, and the problem's code with its values,
 * which a screen says in the user's language (renderer/field-errors.ts).
 */
export const FieldProblemSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

/** An error that crossed the bridge: a stable code, a message for the agent, field paths when a payload was bad. */
export const IpcErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  /** RFC 9457 `type` of an API problem, when the error came from the central API. */
  problemType: z.string().optional(),
  status: z.number().int().optional(),
  fields: z.array(FieldProblemSchema).optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

/** What an invoke resolves to: errors travel as data (the context bridge would drop an Error's fields). */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

type Area<K extends string> = K extends `${infer A}:${string}` ? A : never;
type VerbsOf<K extends string, A extends string> = K extends `${A}:${infer V}` ? V : never;
type EventMethod<V extends string> = `on${Capitalize<V>}`;

/** `"outbox:append"` -> `{ outbox: { append(payload) } }`, typed from the map. */
export type InvokeApi<M extends Record<string, ChannelSpec>> = {
  [A in Area<keyof M & string>]: {
    [V in VerbsOf<keyof M & string, A>]: `${A}:${V}` extends keyof M
      ? (payload: z.input<M[`${A}:${V}`]['request']>) => Promise<IpcResult<z.output<M[`${A}:${V}`]['response']>>>
      : never;
  };
};

/** `"outbox:changed"` -> `{ outbox: { onChanged(cb): unsubscribe } }`. */
export type EventApi<E extends Record<string, z.ZodType>> = {
  [A in Area<keyof E & string>]: {
    [V in VerbsOf<keyof E & string, A> as EventMethod<V>]: `${A}:${V}` extends keyof E
      ? (listener: (payload: z.output<E[`${A}:${V}`]>) => void) => () => void
      : never;
  };
};

export { eventMethodName, splitChannel } from './names';

/** Turns a zod error into the IPC error shape, with each problem's path, code and bounds. */
export function invalidPayload(channelName: string, error: z.ZodError): IpcError {
  return { code: 'invalid-payload', message: `invalid payload for ${channelName}`, fields: jsonPathIssues(error.issues) };
}
