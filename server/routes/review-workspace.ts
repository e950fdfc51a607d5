import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { reviewCalls } from '../services/review/calls';
import { reviewCompliance } from '../services/review/compliance';
import { decodeCursor, encodeCursor } from '../services/review/cursor';
import { exportCallsCsv, exportEvidence } from '../services/review/exports';
import { reviewKpis } from '../services/review/kpis';
import { reviewScope } from '../services/review/scope';
import { reviewTimeline } from '../services/review/timeline';
import { accessLogPage } from '../store/review-access';
import { reviewDirectory } from '../store/review-directory';

/**
 * The team lead review workspace (issue 6): KPIs, compliance flags, the call table, a call's timeline,
 * exports and the access log. Every route is scoped by `reviewScope` (a lead: own team; admin: all).
 */
export function reviewWorkspaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'reviewKpis', async ({ query, user }) => ({ status: 200, body: await reviewKpis(ctx, user, query) }));

  registerRoute(app, ctx, 'reviewCompliance', async ({ query, user }) => ({ status: 200, body: await reviewCompliance(ctx, user, query) }));

  registerRoute(app, ctx, 'reviewCalls', async ({ query, user }) => ({ status: 200, body: await reviewCalls(ctx, user, query) }));

  registerRoute(app, ctx, 'reviewDirectory', async ({ user }) => ({ status: 200, body: await reviewDirectory(ctx.store.db, reviewScope(user).teamId) }));

  registerRoute(app, ctx, 'reviewTimeline', async ({ params, user }) => ({ status: 200, body: await reviewTimeline(ctx, user, params.id) }));

  registerRoute(app, ctx, 'exportCalls', async ({ body, user, req }) => ({ status: 200, body: await exportCallsCsv(ctx, user, body, req.ip) }));

  registerRoute(app, ctx, 'exportEvidence', async ({ body, user, req }) => ({ status: 200, body: await exportEvidence(ctx, user, body, req.ip) }));

  registerRoute(app, ctx, 'accessLog', async ({ query, user }) => {
    const scope = reviewScope(user);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string', 'string']);
    const rows = await accessLogPage(ctx.store.db, {
      teamId: scope.teamId,
      user: query.user,
      action: query.action,
      subject: query.subject,
      from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      after: after ? { at: String(after[0]), id: String(after[1]) } : undefined,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        items: page.map(({ cursor: _c, ...entry }) => entry),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursor.at, last.cursor.id]) : null,
      },
    };
  });
}
