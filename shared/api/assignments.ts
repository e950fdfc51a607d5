import { z } from 'zod';
import { BoundedArray, IdSchema } from './common';

/** How many campaigns one agent may be assigned (far above any real floor). */
export const MAX_AGENT_CAMPAIGNS = 500;

/** `PUT /v1/agents/{id}/campaigns`: the full set of campaigns the agent works from now on (decision 0013). */
export const SetAgentCampaignsRequestSchema = z.strictObject({ campaignIds: BoundedArray(IdSchema, MAX_AGENT_CAMPAIGNS) });
export type SetAgentCampaignsRequest = z.infer<typeof SetAgentCampaignsRequestSchema>;

/** The campaigns an agent is assigned to: they get, read and dial leads of these only. */
export const AgentCampaignsSchema = z
  .strictObject({ agentId: IdSchema, campaignIds: z.array(IdSchema) })
  .meta({ id: 'AgentCampaigns' });
export type AgentCampaigns = z.infer<typeof AgentCampaignsSchema>;
