import type { FastifyInstance } from 'fastify';
import type { CallListQuery } from '../../shared/api/calls';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import type { UserRecord } from '../identity/users';
import { callById, callDto, listCalls, type CallCursor, type CallScope } from '../store/calls';
import { eventsOfCall } from '../store/consent-events';
import { createCall, updateCall } from '../services/calls';

/**
 * Who sees which calls: an agent their own, a team lead their team's, an admin all. Asking for someone
 * else's explicitly is 403; a call outside the scope looks like no call (404).
 */
export function callScope(user: UserRecord, q?: Pick<CallListQuery, 'agent' | 'team'>): CallScope {
  if (user.role === 'admin') return {};
  if (user.role === 'lead') {
    const team = user.teamId ?? '\u0000no-team';
    if (q?.team !== undefined && q.team !== team) throw new ApiError('forbidden', 'team leads see their own team only');
    return { teamId: team };
  }
  if (q?.agent !== undefined && q.agent !== user.id) throw new ApiError('forbidden', 'agents see their own calls only');
  return { agentId: user.id };
}

function inScope(scope: CallScope, call: { teamId: string | null; agentId: string }): boolean {
  return (scope.teamId === undefined || call.teamId === scope.teamId) && (scope.agentId === undefined || call.agentId === scope.agentId);
}

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
    const scope = callScope(user, query);
    const { cursor, ...filters } = query;
    const rows = await listCalls(ctx.store.db, { ...filters, after: cursor ? decodeCursor(cursor) : undefined }, scope);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ startedAt: last.startedAt, id: last.id }) : null;
    return { status: 200, body: { items: page.map(callDto), nextCursor } };
  });

  registerRoute(app, ctx, 'getCall', async ({ params, user }) => {
    const call = await callById(ctx.store.db, params.id);
    if (!call || !inScope(callScope(user), call)) throw new ApiError('not-found', `no call ${params.id}`);
    const timeline = await eventsOfCall(ctx.store.db, call.id);
    return { status: 200, body: { call: callDto(call), timeline } };
  });
}
