import { createHash, randomBytes } from 'node:crypto';
import { dialUriOf, type DialTokenRedeemRequest, type DialTokenRedeemResponse, type DialTokenRefusal } from '../../shared/api/edge';
import { NO_EDGE_DOMAIN, type ServerConfig } from '../config';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { logAccess } from '../identity/access-log';
import { userById } from '../identity/users';
import { insertEdgeCallEvent } from './call-events';
import { sessionOpen } from '../identity/tokens';
import { worksCampaign } from '../services/campaign-scope';
import { runGate, verdictDto } from '../services/gate';
import { campaignById } from '../store/campaigns';
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
 * A refusal after the token was claimed: the edge never relays this INVITE, so the API records the
 * edge's `end` of that Call-ID itself (403 and `reason`), and the call record says why nothing was dialled.
 */
async function recordRefusedEnd(ctx: AppContext, sql: Sql, sipCallId: string, attemptId: string, at: string, reason: string): Promise<void> {
  await insertEdgeCallEvent(sql, { sipCallId, attemptId, kind: 'end', at, sipCode: 403, reason: reason.slice(0, 200) }, at, ctx.config.edgeTimeToleranceSec * 1000);
}

/**
 * The edge redeems a dial token (the INVITE's Request-URI user part after `d-`): the E.164 target, once.
 * Refusals (403 `dial-token-refused`, `reason`): `unknown` token, `wrong-agent` (the authenticated SIP
 * user is not the agent it was issued to), `expired` (past `dialTtlSec`), `session-ended` (the agent
 * signed out or the session expired), `used` (another INVITE redeemed it), `not-assigned` (the agent no
 * longer works the lead's campaign: taken off it since the authorization, decision 0016), `gate-changed`
 * (the pre-dial gate, run again now for this attempt, no longer allows the call: an opt-out, a withdrawn
 * consent, night time, a DNC listing since the authorization; the problem's `reasons` name the rules). A
 * retry of the same INVITE (same Call-ID, same agent) before expiry gets the same answer: an edge timeout
 * cannot burn the token. `not-assigned` and `gate-changed` spend the token and are recorded as the edge's
 * `end` of that Call-ID (403 and the reason), so the call record says why nothing was dialled.
 * Each success is an unmasked read of the number, access-logged for the agent (KR-ACCESS).
 */
export async function redeemDialToken(ctx: AppContext, req: DialTokenRedeemRequest, address: string): Promise<DialTokenRedeemResponse> {
  const now = ctx.clock();
  const at = now.toISOString();
  const sha = dialTokenDigest(req.token);
  const outcome = await ctx.store.db.tx(async (sql) => {
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
    const campaign = await campaignById(sql, lead.campaignId);
    if (!campaign) throw refused('unknown', "the lead's campaign is gone");
    // The agent must still work the lead's campaign (decision 0016): taken off it, their tokens die too.
    const agent = await userById(sql, row.agentId);
    if (!agent || !(await worksCampaign(sql, agent, lead.campaignId))) {
      await recordRefusedEnd(ctx, sql, req.sipCallId, row.attemptId, at, 'not-assigned');
      return { refused: { reason: 'not-assigned' as const } };
    }
    // The gate again, now: what changed in the token's lifetime (up to dialTtlSec) decides too.
    const { verdict } = await runGate(ctx, sql, lead, campaign, now, row.attemptId);
    if (!verdict.allowed) {
      const codes = [...new Set(verdict.reasons.map((r) => r.code))];
      await recordRefusedEnd(ctx, sql, req.sipCallId, row.attemptId, at, `gate-changed: ${codes.join(', ')}`);
      return { refused: { reason: 'gate-changed' as const, verdict: verdictDto(verdict) } };
    }
    await logAccess(sql, {
      at,
      userId: row.agentId,
      action: 'dial_target',
      subjectType: 'lead',
      subjectId: lead.id,
      reason: `edge redeemed dial ${row.attemptId}${retry ? ' (retry)' : ''}`,
      address,
    });
    return { redeemed: { target: lead.phoneE164, attemptId: row.attemptId, leadId: lead.id } };
  });
  if ('refused' in outcome) {
    // Thrown after the commit: the spent token and the edge's `end` are evidence too.
    const r = outcome.refused;
    if (r.reason === 'not-assigned') throw refused('not-assigned', "the agent no longer works this lead's campaign (taken off it since the authorization)");
    const codes = r.verdict.reasons.map((x) => x.code);
    throw new ApiError('dial-token-refused', `the pre-dial gate no longer allows this call: ${codes.join(', ')}`, { reason: 'gate-changed', reasons: r.verdict.reasons });
  }
  return outcome.redeemed;
}
