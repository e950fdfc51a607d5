import type { ReviewCompliance, ReviewComplianceQuery } from '../../../shared/api/review-compliance';
import type { AppContext } from '../../context';
import type { UserRecord } from '../../identity/users';
import {
  gateRefusals,
  lateEventCalls,
  optOutsInPeriod,
  pitchWithoutConsentCalls,
  reconfirmationsDue,
  withdrawalNoticesDue,
} from '../../store/review-compliance';
import { usersByIds } from '../../store/review-directory';
import { resolvePeriod } from './period';
import { reviewScope } from './scope';

/** KR-RECONF look-ahead: consents whose two years run out within this many days are listed. */
export const RECONFIRM_LOOKAHEAD_DAYS = 30;

/**
 * The compliance flags of a period, each computed by the database for the caller's scope: late events,
 * pitches without consent (zero by construction), gate refusals per reason, opt-outs with their DNC
 * listing, consents due for re-confirmation and withdrawal notices due.
 */
export async function reviewCompliance(ctx: AppContext, user: UserRecord, q: ReviewComplianceQuery): Promise<ReviewCompliance> {
  const scope = reviewScope(user, q);
  const now = ctx.clock();
  const nowIso = now.toISOString();
  const period = resolvePeriod(q, now);
  const f = { team: q.team, agent: q.agent, campaign: q.campaign, from: period.from, to: period.to };
  const db = ctx.store.db;
  const lateEventMs = ctx.config.lateEventSec * 1000;
  const late = await lateEventCalls(db, f, scope, lateEventMs);
  const pitch = await pitchWithoutConsentCalls(db, f, scope);
  const refusals = await gateRefusals(db, f, scope);
  const optOuts = await optOutsInPeriod(db, f, scope);
  const dueBefore = new Date(now.getTime() + RECONFIRM_LOOKAHEAD_DAYS * 86_400_000).toISOString();
  const reconf = await reconfirmationsDue(db, { ...f, before: dueBefore, now: nowIso }, scope);
  const notices = await withdrawalNoticesDue(db, { ...f, deadlineFrom: period.from, before: period.to, now: nowIso }, scope);
  const names = await usersByIds(db, [...new Set([...late.items, ...pitch.items].map((i) => i.agentId))]);
  const named = <T extends { agentId: string }>(i: T): T & { agentName: string } => ({ ...i, agentName: names.get(i.agentId)?.name ?? i.agentId });
  return {
    period: { ...period, tz: 'UTC' },
    generatedAt: nowIso,
    lateEvents: { lateEventSec: ctx.config.lateEventSec, calls: late.calls, events: late.events, items: late.items.map(named) },
    pitchWithoutConsent: { calls: pitch.calls, items: pitch.items.map(named) },
    gateRefusals: refusals,
    optOuts: {
      count: optOuts.count,
      unconfirmed: optOuts.unconfirmed,
      items: optOuts.items.map((o) => ({
        optOutId: o.optOutId,
        leadId: o.leadId,
        at: o.at,
        channel: o.channel,
        callId: o.callId,
        withdrawnGrants: o.withdrawnGrants,
        dncListedAt: o.dncListedAt,
      })),
    },
    reconfirmationDue: {
      dueBefore,
      count: reconf.count,
      overdue: reconf.overdue,
      items: reconf.items.map((g) => ({ ...g, overdue: g.dueAt <= nowIso })),
    },
    withdrawalNoticesDue: {
      count: notices.count,
      overdue: notices.overdue,
      items: notices.items.map((o) => ({ optOutId: o.optOutId, leadId: o.leadId, at: o.at, noticeDueBy: o.noticeDueBy, overdue: o.noticeDueBy < nowIso })),
    },
  };
}
