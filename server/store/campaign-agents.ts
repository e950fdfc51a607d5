import type { Sql } from './sql';
import { text } from './rows';

/** The campaigns assigned to `agentId` (decision 0013), by id. */
export async function assignedCampaignIds(sql: Sql, agentId: string): Promise<string[]> {
  return (await sql.all('SELECT campaign_id FROM campaign_agents WHERE agent_id = ? ORDER BY campaign_id', [agentId])).map((r) => text(r, 'campaign_id'));
}

/** Whether `agentId` works `campaignId`. */
export async function isAssigned(sql: Sql, agentId: string, campaignId: string): Promise<boolean> {
  return (await sql.get('SELECT 1 AS ok FROM campaign_agents WHERE agent_id = ? AND campaign_id = ?', [agentId, campaignId])) !== undefined;
}

/** Replaces the campaigns of `agentId` with `campaignIds` (kept rows keep their original assignment). */
export async function setAssignedCampaigns(sql: Sql, agentId: string, campaignIds: readonly string[], by: string, at: string): Promise<void> {
  const wanted = new Set(campaignIds);
  const current = new Set(await assignedCampaignIds(sql, agentId));
  for (const id of current) if (!wanted.has(id)) await sql.run('DELETE FROM campaign_agents WHERE agent_id = ? AND campaign_id = ?', [agentId, id]);
  for (const id of wanted) {
    if (!current.has(id)) await sql.run('INSERT INTO campaign_agents (campaign_id, agent_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)', [id, agentId, by, at]);
  }
}
