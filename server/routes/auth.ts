import type {} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { tokenExpiry } from '../http/auth';
import { registerRoute } from '../http/route-kit';
import { clearFailures, failuresInWindow, recordFailure } from '../identity/login-throttle';
import { DUMMY_HASH, verifyPassword } from '../identity/password';
import { issueToken } from '../identity/tokens';
import { userByName, userView } from '../identity/users';

/** `POST /v1/auth/login` (rate-limited per address and per user) and `GET /v1/me`. */
export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const cfg = ctx.config;
  registerRoute(
    app,
    ctx,
    'login',
    async ({ body, req }) => {
      const now = ctx.clock();
      const db = ctx.store.db;
      const throttle = { maxFailures: cfg.loginFailuresPerUserMax, windowSec: cfg.loginFailuresWindowSec };
      const failures = await failuresInWindow(db, body.username, now, throttle);
      if (failures.count >= throttle.maxFailures) {
        const retryAfterSec = failures.oldest ? Math.max(1, Math.ceil((Date.parse(failures.oldest) + throttle.windowSec * 1000 - now.getTime()) / 1000)) : throttle.windowSec;
        throw new ApiError('rate-limited', 'too many failed logins for this user; wait before trying again', { retryAfterSec });
      }
      const user = await userByName(db, body.username);
      // Verify against a dummy hash for unknown users, so the answer time does not reveal who exists.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        await recordFailure(db, body.username, req.ip, now, throttle);
        throw new ApiError('invalid-credentials', 'unknown user or wrong password');
      }
      await clearFailures(db, body.username);
      const { token, expiresAt } = await issueToken(db, user.id, now, cfg.tokenTtlSec);
      return { status: 200, body: { token, expiresAt, user: userView(user) } };
    },
    {
      config: {
        rateLimit: {
          max: cfg.loginPerAddressMax,
          timeWindow: cfg.loginPerAddressWindowSec * 1000,
          keyGenerator: (req: { ip: string }) => req.ip,
        },
      },
    },
  );

  registerRoute(app, ctx, 'me', async ({ user, req }) => ({
    status: 200,
    body: { user: userView(user), tokenExpiresAt: tokenExpiry(req) },
  }));
}
