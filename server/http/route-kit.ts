import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import { ProblemSchema } from '../../shared/api/problem';
import { ROUTES, type RouteDef, type RouteName } from '../../shared/api/routes';
import type { AppContext } from '../context';
import type { UserRecord } from '../identity/users';
import { authenticate, authenticateEdge } from './auth';
import { requireMediaType } from './input-bounds';

type R = typeof ROUTES;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type Field<N extends RouteName, K extends string> = R[N] extends Record<K, infer S> ? Out<S> : undefined;

/** What a handler receives: parsed params, query and body (per the route's schemas) and the user. */
export interface HandlerInput<N extends RouteName> {
  readonly params: Field<N, 'params'>;
  readonly query: Field<N, 'querystring'>;
  readonly body: Field<N, 'body'>;
  /** The authenticated user (routes with roles `public` or `edge` get null). */
  readonly user: R[N]['roles'] extends 'public' | 'edge' ? null : UserRecord;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly ctx: AppContext;
}

type Responses<N extends RouteName> = R[N]['response'];
/** A handler's answer: one of the route's success statuses with a body of its schema. */
export interface HandlerResult<N extends RouteName> {
  /** One of the route's success statuses (checked at run time by the response schemas). */
  readonly status: number;
  readonly body: { [S in keyof Responses<N>]: z.input<Responses<N>[S] & z.ZodType> }[keyof Responses<N>];
}

export type Handler<N extends RouteName> = (input: HandlerInput<N>) => Promise<HandlerResult<N>>;

const users = new WeakMap<FastifyRequest, UserRecord>();

const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500] as const;

/**
 * Registers one route of the shared route table: its schemas (validated by fastify-type-provider-zod,
 * published in the OpenAPI document), its role check, and its handler.
 */
export function registerRoute<N extends RouteName>(
  app: FastifyInstance,
  ctx: AppContext,
  name: N,
  handler: Handler<NoInfer<N>>,
  options: Partial<Pick<RouteOptions, 'bodyLimit' | 'config'>> = {},
): void {
  const def: RouteDef = ROUTES[name];
  const response: Record<number, z.ZodType> = { ...def.response };
  for (const s of ERROR_STATUSES) response[s] = ProblemSchema;
  const mediaTypes = def.bodyMediaTypes ?? (def.body ? ['application/json'] : undefined);
  app.route({
    method: def.method,
    url: def.url,
    ...options,
    // A body in a media type the route does not take is a 415 before anything else.
    ...(mediaTypes ? { onRequest: async (req: FastifyRequest) => requireMediaType(req, mediaTypes) } : {}),
    schema: {
      operationId: name,
      summary: def.summary,
      ...(def.roles === 'public'
        ? {}
        : { security: [{ bearer: [] }], description: def.roles === 'edge' ? 'SIP edge only: Authorization: Bearer <edge secret>' : `Roles: ${def.roles.join(', ')}` }),
      ...(def.params ? { params: def.params } : {}),
      ...(def.querystring ? { querystring: def.querystring } : {}),
      ...(def.body ? { body: def.body } : {}),
      response,
    },
    // Authentication before validation: without a valid token and role, nothing about the body is said.
    preValidation: async (req) => {
      if (def.roles === 'edge') authenticateEdge(ctx, req);
      else if (def.roles !== 'public') users.set(req, await authenticate(ctx, req, def.roles));
    },
    handler: async (req, reply) => {
      const user = users.get(req) ?? null;
      const result = await handler({
        params: req.params,
        query: req.query,
        body: req.body,
        user,
        req,
        reply,
        ctx,
      } as unknown as HandlerInput<N>);
      const { status, body } = result as { status: number; body: unknown };
      return reply.code(status).send(body);
    },
  });
}
