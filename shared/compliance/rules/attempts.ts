import { localDateKey } from '../../domain/time-zone';
import { ms, type GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

const TWO_DAYS_MS = 2 * 86_400_000;

/**
 * CG-ATTEMPTS: at most N attempts per lead per day (the callee's local calendar day) and M per campaign;
 * the campaign's own limits override the profile's. Attempts stamped after `now` still count: a clock
 * skew must not buy an extra call.
 */
export function checkAttempts(ctx: GateContext): VerdictReason[] {
  const { campaign, lead, attempts } = ctx.input;
  const perDay = campaign.maxAttemptsPerLeadPerDay ?? ctx.profile.attempts.perLeadPerDay;
  const total = campaign.maxAttemptsPerLeadTotal ?? ctx.profile.attempts.perLeadPerCampaign;
  const l = ctx.local;
  const today = `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;

  let countToday = 0;
  let countCampaign = 0;
  for (const a of attempts) {
    if (a.campaignId === campaign.id) countCampaign += 1;
    const at = ms(a.at);
    // Only attempts within two days can share the local date; skip the Intl call for the rest.
    if (Math.abs(at - ctx.nowMs) <= TWO_DAYS_MS && localDateKey(new Date(at), lead.timeZone) === today) countToday += 1;
  }
  const reasons: VerdictReason[] = [];
  if (countToday >= perDay) reasons.push(reason('CG-ATTEMPTS', 'daily-limit', { count: countToday, limit: perDay }));
  if (countCampaign >= total) reasons.push(reason('CG-ATTEMPTS', 'campaign-limit', { count: countCampaign, limit: total }));
  return reasons;
}
