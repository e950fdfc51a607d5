import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import type { PracticeVoice } from '../services/practice/voice-calls';
import { ApiError, fieldError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import { getAttempt, listAttemptSummaries, progress, submitAttempt, summaries } from '../services/practice/attempts';
import { createPracticeScenario, ensureBuiltinScenarios, getPracticeScenario, listPracticeScenarios, updatePracticeScenario } from '../services/practice/scenarios';

function encodeCursor(c: { startedAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([c.startedAt, c.id])).toString('base64url');
}

function decodeCursor(raw: string): { startedAt: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return { startedAt: v[0], id: v[1] };
  } catch {
    // below
  }
  throw new ApiError('validation', 'cursor is not one this API gave out', { errors: [fieldError('querystring', '/cursor', 'invalid cursor')] });
}

/** Practice mode: scenarios, attempts and progress (issue 7). Never evidence. */
export function practiceRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'listPracticeScenarios', async () => ({ status: 200, body: { items: await listPracticeScenarios(ctx) } }));
  registerRoute(app, ctx, 'getPracticeScenario', async ({ params }) => ({ status: 200, body: await getPracticeScenario(ctx, params.id) }));
  registerRoute(app, ctx, 'createPracticeScenario', async ({ body, user }) => ({ status: 201, body: await createPracticeScenario(ctx, user, body.scenario) }));
  registerRoute(app, ctx, 'updatePracticeScenario', async ({ params, body, user }) => ({
    status: 200,
    body: await updatePracticeScenario(ctx, user, params.id, body.scenario, body.revision),
  }));

  registerRoute(
    app,
    ctx,
    'submitPracticeAttempt',
    async ({ body, user }) => {
      const { created, attempt } = await submitAttempt(ctx, user, body);
      return { status: created ? 201 : 200, body: attempt };
    },
    { bodyLimit: 4 * 1024 * 1024 },
  );
  registerRoute(app, ctx, 'listPracticeAttempts', async ({ query, user }) => {
    const rows = await listAttemptSummaries(ctx, user, { trainee: query.trainee, scenario: query.scenario, limit: query.limit + 1, before: query.cursor ? decodeCursor(query.cursor) : undefined });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { status: 200, body: { items: await summaries(ctx, page), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null } };
  });
  registerRoute(app, ctx, 'getPracticeAttempt', async ({ params, user }) => ({ status: 200, body: await getAttempt(ctx, user, params.id) }));
  registerRoute(app, ctx, 'practiceLine', async () => ({ status: 200, body: ctx.practiceVoice?.status() ?? { voice: false, reason: 'not-configured' as const, locales: [] } }));
  const voice = (): PracticeVoice => {
    if (!ctx.practiceVoice) throw new ApiError('invalid-state', 'voice practice is not available here; practice in text mode');
    return ctx.practiceVoice;
  };
  registerRoute(app, ctx, 'createPracticeVoiceCall', async ({ body, user }) => {
    const v = voice();
    await ensureBuiltinScenarios(ctx);
    return { status: 201, body: await v.createCall(user, body) };
  });
  registerRoute(app, ctx, 'getPracticeAudio', async ({ params, user }) => {
    if (!ctx.practiceVoice) throw new ApiError('not-found', `practice attempt ${params.id} has no recording`);
    return { status: 200, body: await ctx.practiceVoice.audio(user, params.id) };
  });
  registerRoute(app, ctx, 'getPracticeVoiceCall', async ({ params, user }) => ({ status: 200, body: await voice().callState(user, params.id) }));
  registerRoute(app, ctx, 'livePracticeCalls', async () => ({ status: 200, body: { items: ctx.practiceVoice ? await ctx.practiceVoice.listening.liveCalls() : [] } }));
  registerRoute(app, ctx, 'listenToPracticeCall', async ({ params, user }) => ({ status: 201, body: await voice().listening.listen(user, params.id) }));
  registerRoute(app, ctx, 'answerPracticeListen', async ({ params, body, user }) => ({ status: 200, body: await voice().listening.answer(user, params.id, body.legs) }));
  registerRoute(app, ctx, 'endPracticeListen', async ({ params, user }) => ({ status: 200, body: await voice().listening.end(user, params.id) }));
  registerRoute(app, ctx, 'practiceProgress', async ({ query, user }) => ({ status: 200, body: { trainees: await progress(ctx, user, query.trainee) } }));
}
