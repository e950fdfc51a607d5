import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { answerListen, endSession, listen, liveCalls, monitoring, whisper, whisperLegAnswer, whisperLegOffer } from '../services/live';

/** Live listen and whisper (issue 15). */
export function liveRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'liveCalls', async ({ user }) => ({ status: 200, body: await liveCalls(ctx, user) }));
  registerRoute(app, ctx, 'listenToCall', async ({ params, body, user, req }) => ({ status: 201, body: await listen(ctx, user, params.id, body.reason, req.ip) }));
  registerRoute(app, ctx, 'whisperToCall', async ({ params, body, user, req }) => ({ status: 201, body: await whisper(ctx, user, params.id, body.reason, body.sdp, req.ip) }));
  registerRoute(app, ctx, 'answerLiveSession', async ({ params, body, user }) => ({ status: 200, body: await answerListen(ctx, user, params.id, body.legs) }));
  registerRoute(app, ctx, 'endLiveSession', async ({ params, user }) => ({ status: 200, body: await endSession(ctx, user, params.id) }));
  registerRoute(app, ctx, 'callMonitoring', async ({ params, user }) => ({ status: 200, body: await monitoring(ctx, user, params.id) }));
  registerRoute(app, ctx, 'whisperLegOffer', async ({ params, user }) => ({ status: 200, body: await whisperLegOffer(ctx, user, params.id) }));
  registerRoute(app, ctx, 'whisperLegAnswer', async ({ params, body, user }) => ({ status: 200, body: await whisperLegAnswer(ctx, user, params.id, body.sdp) }));
}
