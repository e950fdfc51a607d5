import type { FastifyInstance, FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { EXPORT_ROWS_HEADER } from '../../shared/api/review-exports';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { reviewAccess } from '../services/access-scope';
import { reviewCalls } from '../services/review/calls';
import { reviewCompliance } from '../services/review/compliance';
import { decodeCursor, encodeCursor } from '../services/review/cursor';
import { exportCallsCsv, exportEvidence, type ExportStream } from '../services/review/exports';
import { reviewKpis } from '../services/review/kpis';
import { reviewTimeline } from '../services/review/timeline';
import { accessLogPage } from '../store/review-access';
import { reviewDirectory } from '../store/review-directory';

/**
 * Sends an export as it is read: the chunks go out as the client takes them (one page in flight), and a
 * client that disconnects ends the reading (Readable.from returns the generator).
 */
function sendExport(reply: FastifyReply, x: ExportStream): { status: 200; body: string } {
  void reply.type(`${x.mediaType}; charset=utf-8`).header('content-disposition', `attachment; filename="${x.fileName}"`).header('cache-control', 'no-store');
  if (x.expectedRows !== null) void reply.header(EXPORT_ROWS_HEADER, String(x.expectedRows));
  return { status: 200, body: Readable.from(x.chunks, { objectMode: true, highWaterMark: 1 }) as unknown as string };
}

/**
 * The team lead review workspace: KPIs, compliance flags, the call table, a call's timeline, streamed
 * exports and the access log. Every query is narrowed by the one access filter (a lead: own team; an
 * admin: all), from `reviewAccess`.
 */
export function reviewWorkspaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'reviewKpis', async ({ query, user }) => ({ status: 200, body: await reviewKpis(ctx, user, query) }));

  registerRoute(app, ctx, 'reviewCompliance', async ({ query, user }) => ({ status: 200, body: await reviewCompliance(ctx, user, query) }));

  registerRoute(app, ctx, 'reviewCalls', async ({ query, user }) => ({ status: 200, body: await reviewCalls(ctx, user, query) }));

  registerRoute(app, ctx, 'reviewDirectory', async ({ user }) => ({
    status: 200,
    body: { ...(await reviewDirectory(ctx.store.db, reviewAccess(user))), timeZone: ctx.config.centerTimeZone },
  }));

  registerRoute(app, ctx, 'reviewTimeline', async ({ params, user }) => ({ status: 200, body: await reviewTimeline(ctx, user, params.id) }));

  registerRoute(app, ctx, 'exportCalls', async ({ body, user, req, reply }) => sendExport(reply, await exportCallsCsv(ctx, user, body, req.ip)));

  registerRoute(app, ctx, 'exportEvidence', async ({ body, user, req, reply }) => sendExport(reply, await exportEvidence(ctx, user, body, req.ip)));

  registerRoute(app, ctx, 'accessLog', async ({ query, user }) => {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string', 'string']);
    const rows = await accessLogPage(ctx.store.db, reviewAccess(user), {
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
