import type { LeadCard } from '../../shared/api/campaigns';
import type { Campaign } from '../../shared/domain/campaign';
import type { Lead } from '../../shared/domain/lead';
import { maskNumber } from '../../shared/domain/phone-number';
import type { AppContext } from '../context';
import type { Sql } from '../store/sql';
import { runGate, verdictDto } from './gate';

/** The masked lead with its grants, refusals and the verdict now: all the desk ever receives about a person. */
export async function leadCard(ctx: AppContext, sql: Sql, lead: Lead, campaign: Campaign, now: Date): Promise<LeadCard> {
  const run = await runGate(ctx, sql, lead, campaign, now);
  const { phoneE164, ...rest } = lead;
  return {
    lead: { ...rest, maskedNumber: maskNumber(phoneE164) },
    grants: run.grants,
    refusals: run.refusals,
    verdict: verdictDto(run.verdict),
    onInternalDnc: run.onInternalDnc,
  };
}
