import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { decodeCursor, encodeCursor } from '../services/review/cursor';
import { createEvaluation, getEvaluation, qaAutofill, summaryDto } from '../services/qa/evaluations';
import { qaKpis } from '../services/qa/kpis';
import { evaluationScope } from '../services/qa/scope';
import { createQaScorecard, getQaScorecard, getQaScorecardVersion, listQaScorecards, updateQaScorecard } from '../services/qa/scorecards';
import { evaluationPage } from '../store/qa-evaluations';

/** QA scorecards and evaluations (issue 15). */
export function qaRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'listScorecards', async ({ user }) => ({ status: 200, body: { items: await listQaScorecards(ctx, user) } }));
  registerRoute(app, ctx, 'getScorecard', async ({ params, user }) => ({ status: 200, body: await getQaScorecard(ctx, user, params.id) }));
  registerRoute(app, ctx, 'getScorecardVersion', async ({ params, user }) => ({ status: 200, body: await getQaScorecardVersion(ctx, user, params.id, params.version) }));
  registerRoute(app, ctx, 'createScorecard', async ({ body, user }) => ({ status: 201, body: await createQaScorecard(ctx, user, body.definition) }));
  registerRoute(app, ctx, 'updateScorecard', async ({ params, body, user }) => ({
    status: 200,
    body: await updateQaScorecard(ctx, user, params.id, body.definition, body.baseVersion),
  }));
  registerRoute(app, ctx, 'qaAutofill', async ({ params, query, user }) => ({
    status: 200,
    body: await qaAutofill(ctx, user, params.id, query.scorecardId, query.version),
  }));
  registerRoute(app, ctx, 'createEvaluation', async ({ body, user }) => ({ status: 201, body: await createEvaluation(ctx, user, body) }));
  registerRoute(app, ctx, 'getEvaluation', async ({ params, user }) => ({ status: 200, body: await getEvaluation(ctx, user, params.id) }));
  registerRoute(app, ctx, 'listEvaluations', async ({ query, user }) => {
    const scope = evaluationScope(user, query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['string', 'string']);
    const rows = await evaluationPage(
      ctx.store.db,
      scope,
      {
        team: query.team,
        agent: query.agent,
        call: query.call,
        from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
        to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      },
      { after: after ? { at: String(after[0]), id: String(after[1]) } : undefined, limit: query.limit },
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { status: 200, body: { items: page.map(summaryDto), nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null } };
  });
  registerRoute(app, ctx, 'qaKpis', async ({ query, user }) => ({ status: 200, body: await qaKpis(ctx, user, query) }));
}
