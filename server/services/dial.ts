import type { DialAuthorization } from '../../shared/api/leads';
import { newId } from '../../shared/domain/ids';
import { maskNumber } from '../../shared/domain/phone-number';
import { issueDialToken } from '../edge/dial-tokens';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { appendEntries } from '../ledger/append';
import { campaignById } from '../store/campaigns';
import { insertAttempt } from '../store/dial-attempts';
import { leadById, markOffered } from '../store/leads';
import { runGate, verdictDto } from './gate';
import { refuseUnlessHeldBy } from './lead-hold';

/**
 * A dial authorization (DESIGN.md flow 2): the gate runs again now, and the attempt is recorded (dial
 * attempts table + ledger) whatever the verdict. Allowed: a single-use dial URI valid `dialTtlSec`,
 * bound to the attempt, lead, agent and `sessionSha256`, and the masked number; never the number itself
 * (the SIP edge redeems the token and that read is access-logged, KR-ACCESS). Refused: 422 with every
 * reason code.
 */
export async function authorizeDial(ctx: AppContext, user: UserRecord, leadId: string, sessionSha256: string): Promise<DialAuthorization> {
  const now = ctx.clock();
  const at = now.toISOString();
  const outcome = await ctx.store.db.tx(async (sql) => {
    const lead = await leadById(sql, leadId);
    if (!lead) throw new ApiError('not-found', `no lead ${leadId}`);
    // Lead scoping: an agent dials only a lead held for them now (handed out by next-lead); any other
    // lead is not this agent's to dial (404, like an unknown id).
    await refuseUnlessHeldBy(sql, lead, user, now, ctx.config.leadHoldSec);
    const campaign = await campaignById(sql, lead.campaignId);
    if (!campaign) throw new ApiError('not-found', `the lead's campaign ${lead.campaignId} is gone`);
    const { verdict } = await runGate(ctx, sql, lead, campaign, now);
    const attemptId = newId();
    const expiresAt = new Date(now.getTime() + ctx.config.dialTtlSec * 1000).toISOString();
    const payload = {
      attemptId,
      leadId: lead.id,
      campaignId: campaign.id,
      agentId: user.id,
      at,
      allowed: verdict.allowed,
      reasonCodes: verdict.reasons.map((r) => r.code),
    };
    const [entry] = await appendEntries(sql, [{ kind: 'dial_attempt', refId: attemptId, payload }], at);
    await insertAttempt(sql, {
      id: attemptId,
      leadId: lead.id,
      campaignId: campaign.id,
      agentId: user.id,
      at,
      allowed: verdict.allowed,
      reasons: verdictDto(verdict).reasons,
      expiresAt,
      ledgerSeq: entry?.seq ?? 0,
    });
    // An allowed dial hands the lead to this agent (its hold starts now), as next-lead does.
    if (verdict.allowed && user.role === 'agent') await markOffered(sql, lead.id, user.id, now);
    const dialUri = verdict.allowed
      ? await issueDialToken(sql, ctx.config, { attemptId, leadId: lead.id, agentId: user.id, sessionSha256, createdAt: at, expiresAt })
      : '';
    return { attemptId, expiresAt, verdict, dialUri, label: maskNumber(lead.phoneE164) };
  });
  if (!outcome.verdict.allowed) {
    // Refused after the attempt was committed: the refusal is evidence too.
    const dto = verdictDto(outcome.verdict);
    throw new ApiError('gate-refused', `the gate refused: ${dto.reasons.map((r) => r.code).join(', ')}`, {
      reasons: dto.reasons,
      attemptId: outcome.attemptId,
    });
  }
  return { attemptId: outcome.attemptId, leadId, dialUri: outcome.dialUri, label: outcome.label, expiresAt: outcome.expiresAt, verdict: verdictDto(outcome.verdict) };
}
