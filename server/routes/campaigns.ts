import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import { campaignById, listCampaigns, listCompanies } from '../store/campaigns';
import { claimNextLead, leadById, markOffered } from '../store/leads';
import { leadCard } from '../services/lead-card';

/** `GET /v1/campaigns`, `POST /v1/campaigns/{id}/next-lead`. */
export function campaignRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'listCampaigns', async () => ({
    status: 200,
    body: { campaigns: await listCampaigns(ctx.store.db), companies: await listCompanies(ctx.store.db) },
  }));

  registerRoute(app, ctx, 'nextLead', async ({ params, body, user }) => {
    const now = ctx.clock();
    const card = await ctx.store.db.tx(async (sql) => {
      const campaign = await campaignById(sql, params.id);
      if (!campaign) throw new ApiError('not-found', `no campaign ${params.id}`);
      let lead;
      if (body?.leadId) {
        lead = await leadById(sql, body.leadId);
        if (!lead || lead.campaignId !== campaign.id) throw new ApiError('not-found', `no lead ${body.leadId} in campaign ${campaign.id}`);
        await markOffered(sql, lead.id, user.id, now);
      } else {
        lead = await claimNextLead(sql, campaign.id, user.id, now, ctx.config.leadHoldSec);
      }
      return lead ? leadCard(ctx, sql, lead, campaign, now) : null;
    });
    return { status: 200, body: { next: card } };
  });
}
