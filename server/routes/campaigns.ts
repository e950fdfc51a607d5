import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import { listCompanies } from '../store/campaigns';
import { claimNextLead, leadById } from '../store/leads';
import { agentCampaigns, assignCampaigns } from '../services/assignments';
import { campaignInScope, campaignsOf } from '../services/campaign-scope';
import { handLeadTo } from '../services/lead-hold';
import { leadCard } from '../services/lead-card';
import type { NextLeadResponse } from '../../shared/api/campaigns';

/** How many leads one next-lead request looks at before it answers "none callable now". */
const NEXT_LEAD_SCAN = 50;

function summary(count: number, reasons: ReadonlyMap<string, number>): NextLeadResponse['skipped'] {
  return { count, reasons: [...reasons].map(([code, n]) => ({ code, count: n })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)) };
}

/** `GET /v1/campaigns` (an agent's assigned ones), `POST /v1/campaigns/{id}/next-lead`, the agents' campaign assignments. */
export function campaignRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'listCampaigns', async ({ user }) => ({
    status: 200,
    body: { campaigns: await campaignsOf(ctx.store.db, user), companies: await listCompanies(ctx.store.db) },
  }));

  registerRoute(app, ctx, 'nextLead', async ({ params, body, user }) => {
    const now = ctx.clock();
    const answer = await ctx.store.db.tx(async (sql): Promise<NextLeadResponse> => {
      // An agent works only the campaigns assigned to them: any other is 404 and nothing is handed out.
      const campaign = await campaignInScope(sql, user, params.id);
      if (body?.leadId) {
        // A lead asked for by id (a scheduled callback) comes back whatever its verdict: the desk shows why.
        const lead = await leadById(sql, body.leadId);
        if (!lead || lead.campaignId !== campaign.id) throw new ApiError('not-found', `no lead ${body.leadId} in campaign ${campaign.id}`);
        await handLeadTo(sql, lead, user, now, ctx.config.leadHoldSec);
        return { next: await leadCard(ctx, sql, lead, campaign, now), skipped: { count: 0, reasons: [] } };
      }
      // Only a lead the gate allows now is handed out; the blocked ones rotate to the back, counted by reason.
      const reasons = new Map<string, number>();
      const seen = new Set<string>();
      for (let i = 0; i < NEXT_LEAD_SCAN; i++) {
        const lead = await claimNextLead(sql, campaign.id, user.id, now, ctx.config.leadHoldSec);
        if (!lead || seen.has(lead.id)) break;
        seen.add(lead.id);
        const card = await leadCard(ctx, sql, lead, campaign, now);
        if (card.verdict.allowed) return { next: card, skipped: summary(seen.size - 1, reasons) };
        for (const code of new Set(card.verdict.reasons.map((r) => r.code))) reasons.set(code, (reasons.get(code) ?? 0) + 1);
      }
      return { next: null, skipped: summary(seen.size, reasons) };
    });
    return { status: 200, body: answer };
  });

  registerRoute(app, ctx, 'agentCampaigns', async ({ params, user }) => ({
    status: 200,
    body: await agentCampaigns(ctx.store.db, user, params.id),
  }));

  registerRoute(app, ctx, 'setAgentCampaigns', async ({ params, body, user }) => ({
    status: 200,
    body: await ctx.store.db.tx((sql) => assignCampaigns(sql, user, params.id, body.campaignIds, ctx.clock().toISOString())),
  }));
}
