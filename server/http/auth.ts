import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/api/identity';
import type { AppContext } from '../context';
import { resolveToken } from '../identity/tokens';
import { userById, type UserRecord } from '../identity/users';
import { ApiError } from './api-error';

/**
 * Checks the bearer token and the role (before the request is validated): a missing or expired token
 * is a 401, a wrong role a 403.
 */
export async function authenticate(ctx: AppContext, req: FastifyRequest, roles: readonly Role[]): Promise<UserRecord> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  if (!match?.[1]) throw new ApiError('unauthenticated', 'send Authorization: Bearer <token> (from POST /v1/auth/login)');
  const found = await resolveToken(ctx.store.db, match[1], ctx.clock());
  if (!found) throw new ApiError('unauthenticated', 'the token is unknown or has expired; log in again');
  const user = await userById(ctx.store.db, found.userId);
  if (!user) throw new ApiError('unauthenticated', 'the token belongs to no user');
  if (!roles.includes(user.role)) throw new ApiError('forbidden', `this needs one of the roles: ${roles.join(', ')}`);
  (req as FastifyRequest & { tokenExpiresAt?: string }).tokenExpiresAt = found.expiresAt;
  return user;
}

/** When the current request's token expires (set by `authenticate`). */
export function tokenExpiry(req: FastifyRequest): string {
  return (req as FastifyRequest & { tokenExpiresAt?: string }).tokenExpiresAt ?? '';
}
