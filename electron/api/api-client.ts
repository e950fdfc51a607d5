import type { z } from 'zod';
import { ROUTES, type RouteName } from '../../shared/api/routes';
import { ProblemSchema, type Problem } from '../../shared/api/problem';

type Route<N extends RouteName> = (typeof ROUTES)[N];
type SuccessSchema<N extends RouteName> = Route<N>['response'][keyof Route<N>['response']];
export type ApiResponse<N extends RouteName> = SuccessSchema<N> extends z.ZodType ? z.output<SuccessSchema<N>> : never;

/** What a route takes in one of its parts, from its schema in the route table (undefined: nothing). */
type Part<N extends RouteName, K extends 'params' | 'querystring' | 'body'> = Route<N> extends { readonly [P in K]: infer S extends z.ZodType } ? z.input<S> : undefined;
interface Parts<N extends RouteName> {
  params: Part<N, 'params'>;
  query: Part<N, 'querystring'>;
  body: Part<N, 'body'>;
}
type Needed<T> = { [K in keyof T]: undefined extends T[K] ? never : K }[keyof T];

/**
 * The request of a route, derived from the route table in shared/api: `params`, `query` and `body` are
 * typed by the same schemas the server validates with; a part the route does not take cannot be passed,
 * a part it requires cannot be left out.
 */
export type ApiInput<N extends RouteName> = { [K in Needed<Parts<N>>]: Parts<N>[K] } & { [K in Exclude<keyof Parts<N>, Needed<Parts<N>>>]?: Parts<N>[K] };
type ApiArgs<N extends RouteName> = [Needed<Parts<N>>] extends [never] ? [input?: ApiInput<N>] : [input: ApiInput<N>];

/** The API answered with an error (problem+json or not), an answer off its schema, or could not be reached (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    message: string,
  ) {
    super(message);
  }
}

function queryValues(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(queryValues);
  return [typeof v === 'object' ? JSON.stringify(v) : String(v)];
}

/** A short, single-line excerpt of a body that is not JSON (an HTML error page), for the message. */
function excerpt(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 120 ? `${plain.slice(0, 117)}...` : plain;
}

/**
 * A typed client of the central API built from the route table in shared/api: the route's method, URL,
 * request parts and success schema come from the same definitions the server validates with. Lives in
 * the main process; the bearer token never reaches the renderer. Whatever comes back that is not the
 * route's answer (an HTML 502 from a proxy, a body off its schema) is an ApiError saying so.
 */
export class ApiClient {
  constructor(
    private readonly baseUrl: () => string,
    private readonly token: () => string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 15_000,
  ) {}

  async call<N extends RouteName>(name: N, ...[input]: ApiArgs<N>): Promise<ApiResponse<N>> {
    const route: { url: string; response: Readonly<Record<number, z.ZodType>> } = ROUTES[name];
    const res = await this.open(name, input);
    const text = await res.text().catch((err: unknown) => {
      throw new ApiError(0, undefined, `the central API's answer broke off (${err instanceof Error ? err.message : String(err)})`);
    });
    const json = parseJson(res, text);
    const schema = route.response[res.status];
    if (!schema) throw new ApiError(res.status, undefined, `unexpected HTTP ${res.status} from ${route.url}`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(res.status, undefined, `the answer of ${route.url} does not match its schema (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`);
    }
    return parsed.data as ApiResponse<N>;
  }

  /**
   * Sends the request and returns the response once its status says success, body unread: for the
   * streamed exports, read as they arrive. Only the wait for the answer is timed; `signal` stops the
   * transfer at any point (a cancelled export). Errors are thrown as for `call`.
   */
  async open<N extends RouteName>(name: N, input?: ApiInput<N>, signal?: AbortSignal): Promise<Response> {
    const route: { method: string; url: string } = ROUTES[name];
    const parts: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } = input ?? {};
    let path = route.url;
    for (const [k, v] of Object.entries(parts.params ?? {})) path = path.replace(`:${k}`, encodeURIComponent(String(v)));
    const url = new URL(path, this.baseUrl());
    for (const [k, v] of Object.entries(parts.query ?? {})) for (const one of queryValues(v)) url.searchParams.append(k, one);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    let body: string | undefined;
    if (route.method !== 'GET') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(parts.body ?? {});
    }
    const answered = AbortSignal.timeout(this.timeoutMs);
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    signal?.addEventListener('abort', stop, { once: true });
    answered.addEventListener('abort', stop, { once: true });
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method: route.method, headers, ...(body === undefined ? {} : { body }), signal: abort.signal });
    } catch (err) {
      throw new ApiError(0, undefined, `the central API can't be reached (${err instanceof Error ? err.message : String(err)})`);
    } finally {
      answered.removeEventListener('abort', stop);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      const problem = ProblemSchema.safeParse(parseJson(res, text));
      const p = problem.success ? problem.data : undefined;
      throw new ApiError(res.status, p, p?.detail ?? p?.title ?? `HTTP ${res.status} from the central API`);
    }
    return res;
  }
}

/** The body as JSON; a body that is not (an HTML error page from a proxy) is an ApiError saying so. */
function parseJson(res: Response, text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const type = res.headers.get('content-type') ?? 'no content type';
    throw new ApiError(res.status, undefined, `the central API answered HTTP ${res.status} with ${type}, not JSON: ${excerpt(text)}`);
  }
}
