import type { z } from 'zod';
import { ROUTES, type RouteName } from '../../shared/api/routes';
import { ProblemSchema, type Problem } from '../../shared/api/problem';

type Route<N extends RouteName> = (typeof ROUTES)[N];
type SuccessSchema<N extends RouteName> = Route<N>['response'][keyof Route<N>['response']];
export type ApiResponse<N extends RouteName> = SuccessSchema<N> extends z.ZodType ? z.output<SuccessSchema<N>> : never;

export interface ApiInput {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string | number | undefined>;
  readonly body?: unknown;
}

/** The API answered with a problem+json, or could not be reached (status 0). */
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

/**
 * A typed client of the central API built from the route table in shared/api: the route's method, URL
 * and success schema come from the same definitions the server validates with. Lives in the main
 * process; the bearer token never reaches the renderer.
 */
export class ApiClient {
  constructor(
    private readonly baseUrl: () => string,
    private readonly token: () => string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 15_000,
  ) {}

  async call<N extends RouteName>(name: N, input: ApiInput = {}): Promise<ApiResponse<N>> {
    const route = ROUTES[name];
    const res = await this.open(name, input, AbortSignal.timeout(this.timeoutMs));
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    const schema = (route.response as Record<number, z.ZodType>)[res.status];
    if (!schema) throw new ApiError(res.status, undefined, `unexpected HTTP ${res.status} from ${route.url}`);
    return schema.parse(json) as ApiResponse<N>;
  }

  /**
   * Sends the request and returns the response once its status says success, body unread: for the
   * streamed exports, read as they arrive. Only the wait for the answer is timed; `signal` stops the
   * transfer at any point (a cancelled export). Errors are thrown as for `call`.
   */
  async open(name: RouteName, input: ApiInput = {}, signal?: AbortSignal): Promise<Response> {
    const route = ROUTES[name];
    let path: string = route.url;
    for (const [k, v] of Object.entries(input.params ?? {})) path = path.replace(`:${k}`, encodeURIComponent(v));
    const url = new URL(path, this.baseUrl());
    for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    let body: string | undefined;
    if (route.method !== 'GET') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body ?? {});
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
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const problem = ProblemSchema.safeParse(json);
      const p = problem.success ? problem.data : undefined;
      throw new ApiError(res.status, p, p?.detail ?? p?.title ?? `HTTP ${res.status}`);
    }
    return res;
  }
}
