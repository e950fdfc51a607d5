import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { edgeFactsOfAttempt } from '../edge/call-events';
import { ApiError, fieldError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import { accessScope } from '../services/access-scope';
import { callDto, callInScope, listCalls, type CallCursor } from '../store/calls';
import { eventsOfCall } from '../store/consent-events';
import { createCall, updateCall } from '../services/calls';

export function encodeCursor(c: CallCursor): string {
  return Buffer.from(JSON.stringify([c.startedAt, c.id])).toString('base64url');
}

export function decodeCursor(raw: string): CallCursor {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return { startedAt: v[0], id: v[1] };
    }
  } catch {
    // fall through to the problem below
  }
  throw new ApiError('validation', 'cursor is not one this API gave out', { errors: [fieldError('querystring', '/cursor', 'invalid cursor')] });
}

/** `POST /v1/calls`, `PATCH /v1/calls/{id}`, `GET /v1/calls`, `GET /v1/calls/{id}`. */
export function callRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'createCall', async ({ body, user }) => {
    const { created, call } = await createCall(ctx, user, body);
    return created ? { status: 201, body: call } : { status: 200, body: call };
  });

  registerRoute(app, ctx, 'updateCall', async ({ params, body, user }) => ({
    status: 200,
    body: await updateCall(ctx, user, params.id, body),
  }));

  registerRoute(app, ctx, 'listCalls', async ({ query, user }) => {
    const scope = accessScope(user, query);
    const { cursor, ...filters } = query;
    const rows = await listCalls(ctx.store.db, { ...filters, after: cursor ? decodeCursor(cursor) : undefined }, scope);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ startedAt: last.startedAt, id: last.id }) : null;
    return { status: 200, body: { items: page.map(callDto), nextCursor } };
  });

  registerRoute(app, ctx, 'getCall', async ({ params, user }) => {
    // Out of scope looks like no call at all.
    const call = await callInScope(ctx.store.db, params.id, accessScope(user));
    if (!call) throw new ApiError('not-found', `no call ${params.id}`);
    const timeline = await eventsOfCall(ctx.store.db, call.id);
    const edge = await edgeFactsOfAttempt(ctx.store.db, call.attemptId, call, ctx.config.edgeTimeToleranceSec * 1000);
    return { status: 200, body: { call: callDto(call), timeline, edge } };
  });
}
