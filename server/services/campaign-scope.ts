import type { Campaign } from '../../shared/domain/campaign';
import { ApiError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { assignedCampaignIds, isAssigned } from '../store/campaign-agents';
import { campaignById, listCampaigns } from '../store/campaigns';
import type { Sql } from '../store/sql';

/**
 * Which campaigns a caller works (decision 0013): an agent only those assigned to them; the other roles
 * every campaign. A campaign outside the scope is 404 like an unknown id.
 */
export async function campaignsOf(sql: Sql, user: UserRecord): Promise<Campaign[]> {
  const all = await listCampaigns(sql);
  if (user.role !== 'agent') return all;
  const mine = new Set(await assignedCampaignIds(sql, user.id));
  return all.filter((c) => mine.has(c.id));
}

/**
 * Whether `user` works campaign `campaignId` now: an agent only if it is assigned to them, the other
 * roles always. The one assignment rule for listing, next-lead, the lead hold and the edge's redemption.
 */
export async function worksCampaign(sql: Sql, user: UserRecord, campaignId: string): Promise<boolean> {
  return user.role !== 'agent' || (await isAssigned(sql, user.id, campaignId));
}

/** The campaign `id` if the caller works it, else 404. */
export async function campaignInScope(sql: Sql, user: UserRecord, id: string): Promise<Campaign> {
  const campaign = await campaignById(sql, id);
  if (!campaign || !(await worksCampaign(sql, user, id))) throw new ApiError('not-found', `no campaign ${id}`);
  return campaign;
}
