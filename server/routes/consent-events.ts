import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { ingestEvents } from '../services/ingest-events';

/** `POST /v1/consent-events`: batch ingest (see services/ingest-events.ts). */
export function consentEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(
    app,
    ctx,
    'ingestEvents',
    async ({ body, user }) => {
      const result = await ingestEvents(ctx, user, body.events);
      // Practice events stored now reach the simulated customer of a voice practice call (issue 17).
      const fresh = body.events.filter((e, i) => e.practice && result.results[i]?.status === 'stored');
      if (fresh.length > 0) ctx.practiceVoice?.onPracticeEvents(fresh);
      return { status: 200, body: result };
    },
    { bodyLimit: 12 * 1024 * 1024 },
  );
}
