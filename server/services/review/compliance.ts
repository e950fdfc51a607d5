import type { ReviewCompliance, ReviewComplianceQuery } from '../../../shared/api/review-compliance';
import { maskNumber } from '../../../shared/domain/phone-number';
import type { AppContext } from '../../context';
import type { UserRecord } from '../../identity/users';
import {
  complianceCounts,
  gateRefusals,
  lateCallItems,
  optOutsWithNotices,
  pitchWithoutConsentItems,
  reconfirmationsDue,
  type FlaggedCallRow,
  type PersonRow,
} from '../../store/review-compliance';
import { reviewAccess } from '../access-scope';
import { periodParts, resolvePeriod } from './period';
import { isReconfirmationOverdue } from '../../../shared/compliance/consent-status';

/** KR-RECONF look-ahead: consents whose two years run out within this many days are listed. */
export const RECONFIRM_LOOKAHEAD_DAYS = 30;

/** A person as the desk may see them: name and masked number, never the number. */
export function personView(p: PersonRow): { leadId: string; leadName: string | null; maskedNumber: string | null } {
  return { leadId: p.leadId, leadName: p.leadName, maskedNumber: p.phoneE164 === null ? null : maskNumber(p.phoneE164) };
}

function callRef(c: FlaggedCallRow) {
  return { callId: c.callId, agentId: c.agentId, agentName: c.agentName, ...personView(c), startedAt: c.startedAt };
}

/**
 * The compliance flags of a period for the caller's scope: counts from the review rollups (late events,
 * pitches without consent, gate refusals per reason), the most urgent items from indexed lists, opt-outs
 * each once with their DNC listing and withdrawal notice, consents due for re-confirmation.
 */
export async function reviewCompliance(ctx: AppContext, user: UserRecord, q: ReviewComplianceQuery): Promise<ReviewCompliance> {
  const scope = reviewAccess(user, q);
  const now = ctx.clock();
  const nowIso = now.toISOString();
  const zone = ctx.config.centerTimeZone;
  const period = resolvePeriod(q, now, zone);
  const parts = periodParts(period, zone);
  const f = { team: q.team, agent: q.agent, campaign: q.campaign };
  const fp = { ...f, from: period.from, to: period.to };
  const db = ctx.store.db;
  const counts = await complianceCounts(db, f, scope, parts);
  const late = await lateCallItems(db, fp, scope);
  const pitch = await pitchWithoutConsentItems(db, fp, scope);
  const refusals = await gateRefusals(db, f, scope, parts);
  const optOuts = await optOutsWithNotices(db, { ...fp, now: nowIso }, scope);
  const dueBefore = new Date(now.getTime() + RECONFIRM_LOOKAHEAD_DAYS * 86_400_000).toISOString();
  const reconf = await reconfirmationsDue(db, { ...f, before: dueBefore, now: nowIso }, scope);
  return {
    period,
    generatedAt: nowIso,
    lateEvents: {
      lateEventSec: ctx.config.lateEventSec,
      calls: counts.lateCalls,
      events: counts.lateEvents,
      items: late.map((c) => ({ ...callRef(c), lateEvents: c.lateEvents, maxDelaySec: c.maxDelayMs / 1000 })),
    },
    pitchWithoutConsent: { calls: counts.pitchWithoutConsent, items: pitch.map(callRef) },
    gateRefusals: refusals,
    optOuts: {
      count: optOuts.count,
      unconfirmed: optOuts.unconfirmed,
      noticesOverdue: optOuts.noticesOverdue,
      items: optOuts.items.map((o) => ({
        optOutId: o.optOutId,
        ...personView(o),
        at: o.at,
        channel: o.channel,
        callId: o.callId,
        withdrawnGrants: o.withdrawnGrants,
        dncListedAt: o.dncListedAt,
        earlier: o.earlier,
        notice: {
          dueBy: o.noticeDueBy,
          state: o.noticeSentAt !== null ? ('sent' as const) : o.noticeDueBy < nowIso ? ('overdue' as const) : ('due' as const),
          sentAt: o.noticeSentAt,
        },
      })),
    },
    reconfirmationDue: {
      dueBefore,
      count: reconf.count,
      overdue: reconf.overdue,
      items: reconf.items.map((g) => ({
        grantId: g.grantId,
        ...personView(g),
        campaignId: g.campaignId,
        kind: g.kind,
        dueAt: g.dueAt,
        overdue: isReconfirmationOverdue(Date.parse(g.dueAt), now.getTime()),
      })),
    },
  };
}
