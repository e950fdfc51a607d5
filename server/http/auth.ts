import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/api/identity';
import type { AppContext } from '../context';
import { tokenDigest } from '../identity/tokens';
import type { UserRecord } from '../identity/users';
import { ApiError } from './api-error';

/**
 * Checks the bearer token and the role (before the request is validated): a missing or expired token
 * is a 401, a wrong role a 403.
 */
export async function authenticate(ctx: AppContext, req: FastifyRequest, roles: readonly Role[]): Promise<UserRecord> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  if (!match?.[1]) throw new ApiError('unauthenticated', 'send Authorization: Bearer <token> (from POST /v1/auth/login)');
  const digest = tokenDigest(match[1]);
  // The session cache (decision 0025): no database round trip for a session looked up in the last seconds.
  const session = await ctx.sessions.resolve(ctx.store.db, digest, ctx.clock());
  if (!session) throw new ApiError('unauthenticated', 'the token is unknown or has expired; log in again');
  const { user } = session;
  if (!roles.includes(user.role)) throw new ApiError('forbidden', `this needs one of the roles: ${roles.join(', ')}`);
  Object.assign(req, { tokenExpiresAt: session.expiresAt, sessionSha256: digest });
  return user;
}

/** The SHA-256 of the current request's session token (set by `authenticate`): dial tokens are bound to it. */
export function sessionDigest(req: FastifyRequest): string {
  const d = (req as FastifyRequest & { sessionSha256?: string }).sessionSha256;
  if (!d) throw new Error('sessionDigest before authenticate');
  return d;
}

/**
 * The edge-only routes: `Authorization: Bearer <edgeSecret>` (constant-time compare). No credential is
 * a 401; anything else, a user's session token included, a 403.
 */
export function authenticateEdge(ctx: AppContext, req: FastifyRequest): void {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (\S{1,400})$/.exec(header) : null;
  if (!match?.[1]) throw new ApiError('unauthenticated', 'this route is for the SIP edge: send Authorization: Bearer <edge secret>');
  const secret = ctx.config.edgeSecret;
  const given = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(secret ?? randomBytes(32)).digest();
  if (!secret || !timingSafeEqual(given, expected)) throw new ApiError('forbidden', 'this route is for the SIP edge only');
}

/** When the current request's token expires (set by `authenticate`). */
export function tokenExpiry(req: FastifyRequest): string {
  return (req as FastifyRequest & { tokenExpiresAt?: string }).tokenExpiresAt ?? '';
}
