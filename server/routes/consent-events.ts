import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { ingestEvents } from '../services/ingest-events';

/** `POST /v1/consent-events`: batch ingest (see services/ingest-events.ts). */
export function consentEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'ingestEvents', async ({ body, user }) => ({ status: 200, body: await ingestEvents(ctx, user, body.events) }), {
    bodyLimit: 12 * 1024 * 1024,
  });
}
