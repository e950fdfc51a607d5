import type { FastifyInstance } from 'fastify';
import { OptOutRequestSchema } from '../../shared/api/leads';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import { sessionDigest } from '../http/auth';
import { registerRoute } from '../http/route-kit';
import { accessScope } from '../services/access-scope';
import { leadVisible } from '../store/access-filter';
import { campaignById } from '../store/campaigns';
import { callById } from '../store/calls';
import { leadById } from '../store/leads';
import { authorizeDial } from '../services/dial';
import { evidenceBundle } from '../services/evidence';
import { importLeads } from '../services/import-leads';
import { leadCard } from '../services/lead-card';
import { recordOptOut } from '../services/opt-out';

/** Lead import, lead card, dial authorizations, opt-out, evidence bundle. */
export function leadRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(
    app,
    ctx,
    'importLeads',
    async ({ body }) => ({ status: 201, body: await importLeads(ctx, body) }),
    { bodyLimit: 16 * 1024 * 1024 },
  );

  registerRoute(app, ctx, 'getLead', async ({ params, user }) => {
    const now = ctx.clock();
    const card = await ctx.store.db.tx(async (sql) => {
      const lead = await leadById(sql, params.id);
      // A person outside the caller's scope looks like no person at all.
      if (!lead || !(await leadVisible(sql, lead.id, accessScope(user)))) throw new ApiError('not-found', `no lead ${params.id}`);
      const campaign = await campaignById(sql, lead.campaignId);
      if (!campaign) throw new ApiError('not-found', `the lead's campaign is gone`);
      return leadCard(ctx, sql, lead, campaign, now);
    });
    return { status: 200, body: card };
  });

  registerRoute(app, ctx, 'authorizeDial', async ({ params, user, req }) => ({
    status: 201,
    body: await authorizeDial(ctx, user, params.id, sessionDigest(req)),
  }));

  registerRoute(app, ctx, 'optOut', async ({ params, body, user }) => {
    const input = OptOutRequestSchema.parse(body ?? {});
    const at = ctx.clock().toISOString();
    const out = await ctx.store.db.tx(async (sql) => {
      const lead = await leadById(sql, params.id);
      // An agent records an opt-out only for a person they may read (decision 0013); any other looks
      // absent and nothing changes. Team leads and admins also record requests that came another way.
      if (!lead || (user.role === 'agent' && !(await leadVisible(sql, lead.id, accessScope(user))))) throw new ApiError('not-found', `no lead ${params.id}`);
      if (input.callId) {
        const call = await callById(sql, input.callId);
        if (!call || call.leadId !== lead.id) {
          throw new ApiError('unknown-reference', `no call ${input.callId} of this lead`, { errors: [fieldError('body', '/callId', 'unknown call')] });
        }
        if (user.role === 'agent' && call.agentId !== user.id) throw new ApiError('forbidden', 'that call belongs to another agent');
      }
      return recordOptOut(sql, { lead, channel: input.channel, callId: input.callId ?? null, eventId: null, at });
    });
    return {
      status: 200,
      body: { leadId: params.id, newlyListed: out.newlyListed, listedAt: out.listedAt, withdrawnGrantIds: out.withdrawnGrantIds, noticeDueBy: out.noticeDueBy },
    };
  });

  registerRoute(app, ctx, 'evidence', async ({ params, query, user, req }) => ({
    status: 200,
    body: await evidenceBundle(ctx, user, params.id, query.reason, req.ip),
  }));
}
