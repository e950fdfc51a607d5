import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { registerRoute } from '../http/route-kit';
import { audioOf, callRecording, grantAudio, leadRecordings, UnsatisfiableRange } from '../services/recordings';

/** Call recordings (issue 15): metadata and waveform, access-logged playback and inspection links, ranged audio. */
export function recordingRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'callRecording', async ({ params, user }) => ({ status: 200, body: await callRecording(ctx, user, params.id) }));
  registerRoute(app, ctx, 'leadRecordings', async ({ params, user }) => ({ status: 200, body: { items: await leadRecordings(ctx, user, params.id) } }));
  registerRoute(app, ctx, 'playRecording', async ({ params, body, user, req }) => ({
    status: 201,
    body: await grantAudio(ctx, user, params.id, { purpose: 'play', reason: body.reason }, req.ip),
  }));
  registerRoute(app, ctx, 'exportRecording', async ({ params, body, user, req }) => ({
    status: 201,
    body: await grantAudio(ctx, user, params.id, { purpose: 'export', reason: body.reason, requestRef: body.requestRef }, req.ip),
  }));
  registerRoute(app, ctx, 'recordingAudio', async ({ params, query, req, reply }) => {
    try {
      const answer = await audioOf(ctx, params.id, query.grant, req.headers.range);
      for (const [k, v] of Object.entries(answer.headers)) reply.header(k, v);
      // Bytes, not JSON: fastify sends a Buffer or a stream as it is (the schema only documents it).
      return { status: answer.status, body: answer.body as unknown as string };
    } catch (err) {
      if (err instanceof UnsatisfiableRange) reply.header('content-range', `bytes */${err.size}`);
      throw err;
    }
  });
}
