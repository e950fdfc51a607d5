import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import { verifyLedger } from '../ledger/verify';
import { reviewAccess } from '../services/access-scope';
import { grantsDue } from '../store/leads';
import { isReconfirmationOverdue } from '../../shared/compliance/consent-status';
import { accessReview } from '../identity/access-review';
import { reviewWorkspaceRoutes } from './review-workspace';

function encode(v: { dueAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([v.dueAt, v.id])).toString('base64url');
}

function decode(raw: string): { dueAt: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return { dueAt: v[0], id: v[1] };
  } catch {
    // below
  }
  throw new ApiError('validation', 'cursor is not one this API gave out', { errors: [fieldError('querystring', '/cursor', 'invalid cursor')] });
}

/** `GET /v1/consents/reconfirmation-due` (KR-RECONF), `GET /v1/ledger/verify` and the review workspace routes. */
export function reviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'reconfirmationDue', async ({ query, user }) => {
    const now = ctx.clock();
    const before = query.before ? new Date(query.before).toISOString() : new Date(now.getTime() + 30 * 86_400_000).toISOString();
    const rows = await grantsDue(ctx.store.db, reviewAccess(user), {
      before,
      campaignId: query.campaign,
      after: query.cursor ? decode(query.cursor) : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        items: page.map((r) => ({ ...r, overdue: isReconfirmationOverdue(Date.parse(r.dueAt), now.getTime()) })),
        nextCursor: rows.length > query.limit && last ? encode({ dueAt: last.dueAt, id: last.grantId }) : null,
      },
    };
  });

  // KR-ACCESS: the monthly review of who read personal data, for the privacy officer.
  registerRoute(app, ctx, 'accessReview', async ({ query }) => ({ status: 200, body: await accessReview(ctx, query.month) }));

  registerRoute(app, ctx, 'verifyLedger', async () => ({ status: 200, body: await verifyLedger(ctx.store.db, ctx.clock(), { recordings: ctx.recordings.vault }) }));

  reviewWorkspaceRoutes(app, ctx);
}
