import type { AgentCampaigns } from '../../shared/api/assignments';
import { ApiError, fieldError } from '../http/api-error';
import { userById, type UserRecord } from '../identity/users';
import { assignedCampaignIds, setAssignedCampaigns } from '../store/campaign-agents';
import { campaignById } from '../store/campaigns';
import type { Sql } from '../store/sql';

/**
 * The agent `agentId` if `manager` manages their assignments (decision 0013): an admin any agent, a
 * team lead the agents of their own team. Anyone else (another team's agent, a user who is not an
 * agent, an unknown id) is 404, so a team lead cannot probe other teams.
 */
async function managedAgent(sql: Sql, manager: UserRecord, agentId: string): Promise<UserRecord> {
  const agent = await userById(sql, agentId);
  const mine = manager.role === 'admin' || (manager.role === 'lead' && manager.teamId !== null && agent?.teamId === manager.teamId);
  if (!agent || agent.role !== 'agent' || !mine) throw new ApiError('not-found', `no agent ${agentId}`);
  return agent;
}

export async function agentCampaigns(sql: Sql, manager: UserRecord, agentId: string): Promise<AgentCampaigns> {
  const agent = await managedAgent(sql, manager, agentId);
  return { agentId: agent.id, campaignIds: await assignedCampaignIds(sql, agent.id) };
}

/** Replaces the agent's campaigns; an unknown campaign id is 422 naming it, and nothing changes. */
export async function assignCampaigns(sql: Sql, manager: UserRecord, agentId: string, campaignIds: readonly string[], at: string): Promise<AgentCampaigns> {
  const agent = await managedAgent(sql, manager, agentId);
  const unknown: number[] = [];
  for (const [i, id] of campaignIds.entries()) if (!(await campaignById(sql, id))) unknown.push(i);
  if (unknown.length > 0) {
    throw new ApiError('unknown-reference', `no campaign ${unknown.map((i) => campaignIds[i]).join(', ')}`, {
      errors: unknown.map((i) => fieldError('body', `/campaignIds/${i}`, 'unknown campaign')),
    });
  }
  await setAssignedCampaigns(sql, agent.id, campaignIds, manager.id, at);
  return { agentId: agent.id, campaignIds: await assignedCampaignIds(sql, agent.id) };
}
