import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { recordEdgeCallEvent } from '../edge/call-events';
import { redeemDialToken } from '../edge/dial-tokens';
import { sipCredentials } from '../edge/sip-credentials';
import { sessionDigest, tokenExpiry } from '../http/auth';
import { registerRoute } from '../http/route-kit';
import { revokeToken } from '../identity/tokens';

/**
 * The SIP edge contract (server/README.md "SIP edge contract"): sign-out, ephemeral SIP credentials for
 * the signed-in desk, and the edge-only routes (edge secret) to redeem dial tokens and report calls.
 */
export function edgeRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'logout', async ({ req }) => {
    const digest = sessionDigest(req);
    await revokeToken(ctx.store.db, digest);
    ctx.sessions.forget(digest);
    return { status: 204, body: null };
  });

  registerRoute(app, ctx, 'sipCredentials', async ({ user, req }) => ({
    status: 200,
    body: sipCredentials(ctx.config, user.id, ctx.clock(), tokenExpiry(req)),
  }));

  registerRoute(app, ctx, 'redeemDialToken', async ({ body, req }) => ({
    status: 200,
    body: await redeemDialToken(ctx, body, req.ip),
  }));

  registerRoute(app, ctx, 'edgeCallEvent', async ({ body }) => {
    await recordEdgeCallEvent(ctx, body);
    return { status: 204, body: null };
  });
}
