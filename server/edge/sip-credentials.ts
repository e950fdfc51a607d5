import { createHmac } from 'node:crypto';
import type { SipCredentials } from '../../shared/api/edge';
import type { ServerConfig } from '../config';
import { edgeDomain } from './dial-tokens';

/**
 * Ephemeral SIP credentials for Kamailio's auth_ephemeral (decision 0011): username
 * `<expiryUnixSeconds>:<userId>` (username format 1), password base64(HMAC-SHA1(sipSecret, username))
 * (`sha_algorithm` 0). They expire at min(session expiry, now + sipCredentialTtlSec): the edge cannot
 * revoke an HMAC, so they are kept short, and after sign-out they still cannot dial (the redeem route
 * refuses tokens of an ended session).
 */
export function sipCredentials(
  config: Pick<ServerConfig, 'sipSecret' | 'sipCredentialTtlSec' | 'edgeDomain'>,
  userId: string,
  now: Date,
  sessionExpiresAt: string,
): SipCredentials {
  const secret = config.sipSecret;
  if (!secret) throw new Error('sipSecret is not set (createServer fills it in)');
  const expiryMs = Math.min(Date.parse(sessionExpiresAt), now.getTime() + config.sipCredentialTtlSec * 1000);
  // Whole seconds, rounded down: never later than the session.
  const expirySec = Math.floor(expiryMs / 1000);
  const username = `${expirySec}:${userId}`;
  const password = createHmac('sha1', secret).update(username).digest('base64');
  return { username, password, authUser: username, aor: `sip:${userId}@${edgeDomain(config)}`, expiresAt: new Date(expirySec * 1000).toISOString() };
}
