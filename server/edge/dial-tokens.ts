import { createHash, randomBytes } from 'node:crypto';
import { dialUriOf, type DialTokenRedeemRequest, type DialTokenRedeemResponse, type DialTokenRefusal } from '../../shared/api/edge';
import { NO_EDGE_DOMAIN, type ServerConfig } from '../config';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { logAccess } from '../identity/access-log';
import { sessionOpen } from '../identity/tokens';
import { claimDialToken, dialTokenBySha, insertDialToken } from '../store/dial-tokens';
import { leadById } from '../store/leads';
import type { Sql } from '../store/sql';

/** Only the SHA-256 of a dial token is stored: a leaked database lets nobody dial. */
export function dialTokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The edge's domain in dial URIs and SIP AORs. */
export function edgeDomain(config: Pick<ServerConfig, 'edgeDomain'>): string {
  return config.edgeDomain ?? NO_EDGE_DOMAIN;
}

/**
 * A new dial token for an allowed attempt: 32 random bytes (256 bits), base64url, stored hashed, bound
 * to the attempt, the lead, the agent (its SIP identity is its user id) and the session that asked.
 * Returns the dial URI the desk dials.
 */
export async function issueDialToken(
  sql: Sql,
  config: Pick<ServerConfig, 'edgeDomain'>,
  t: { attemptId: string; leadId: string; agentId: string; sessionSha256: string; createdAt: string; expiresAt: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertDialToken(sql, { ...t, tokenSha256: dialTokenDigest(token) });
  return dialUriOf(token, edgeDomain(config));
}

function refused(reason: DialTokenRefusal, detail: string): ApiError {
  return new ApiError('dial-token-refused', detail, { reason });
}

/**
 * The edge redeems a dial token (the INVITE's Request-URI user part after `d-`): the E.164 target, once.
 * Refusals (403 `dial-token-refused`, `reason`): `unknown` token, `wrong-agent` (the authenticated SIP
 * user is not the agent it was issued to), `expired` (past `dialTtlSec`), `session-ended` (the agent
 * signed out or the session expired), `used` (another INVITE redeemed it). A retry of the same INVITE
 * (same Call-ID, same agent) before expiry gets the same answer: an edge timeout cannot burn the token.
 * Each success is an unmasked read of the number, access-logged for the agent (KR-ACCESS).
 */
export async function redeemDialToken(ctx: AppContext, req: DialTokenRedeemRequest, address: string): Promise<DialTokenRedeemResponse> {
  const now = ctx.clock();
  const at = now.toISOString();
  const sha = dialTokenDigest(req.token);
  return ctx.store.db.tx(async (sql) => {
    const row = await dialTokenBySha(sql, sha);
    if (!row) throw refused('unknown', 'no such dial token');
    if (row.agentId !== req.sipUser) throw refused('wrong-agent', 'this dial token was issued to another agent');
    if (at >= row.expiresAt) throw refused('expired', `the dial token expired at ${row.expiresAt}`);
    if (!(await sessionOpen(sql, row.sessionSha256, now))) throw refused('session-ended', 'the session that asked for this dial has ended (signed out or expired)');
    const retry = row.redeemedAt !== null && row.redeemedSipCallId === req.sipCallId;
    if (!retry && !(await claimDialToken(sql, sha, req.sipCallId, at))) {
      // Lost the race, or used before: a retry only if the winner was this same INVITE.
      const now2 = await dialTokenBySha(sql, sha);
      if (now2?.redeemedSipCallId !== req.sipCallId) throw refused('used', 'this dial token was already used');
    }
    const lead = await leadById(sql, row.leadId);
    if (!lead) throw refused('unknown', 'the lead of this dial token is gone');
    await logAccess(sql, {
      at,
      userId: row.agentId,
      action: 'dial_target',
      subjectType: 'lead',
      subjectId: lead.id,
      reason: `edge redeemed dial ${row.attemptId}${retry ? ' (retry)' : ''}`,
      address,
    });
    return { target: lead.phoneE164, attemptId: row.attemptId, leadId: lead.id };
  });
}
