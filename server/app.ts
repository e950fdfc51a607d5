import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Redis } from 'ioredis';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context';
import { ApiError } from './http/api-error';
import { frameworkErrorHandler, installProblemHandlers } from './http/error-handler';
import { boundedValidatorCompiler } from './http/input-bounds';
import { finishOpenApi } from './http/openapi';
import { authRoutes } from './routes/auth';
import { callRoutes } from './routes/calls';
import { campaignRoutes } from './routes/campaigns';
import { consentEventRoutes } from './routes/consent-events';
import { dncRoutes } from './routes/dnc';
import { edgeRoutes } from './routes/edge';
import { leadRoutes } from './routes/leads';
import { ledgerRoutes } from './routes/ledger';
import { practiceRoutes } from './routes/practice';
import { qaRoutes } from './routes/qa';
import { recordingRoutes } from './routes/recordings';
import { liveRoutes } from './routes/live';
import { reviewRoutes } from './routes/review';
import { csvRowToImportRow } from './services/csv-import';

export interface BuildAppOptions {
  /** fastify logger options; false for none. Requests are logged by route pattern only (no ids in bodies). */
  readonly logger?: boolean | { level: string };
  /** Redis for rate limits shared by several API processes (unset: in this process only). */
  readonly redis?: Redis | undefined;
}

/**
 * The central API: fastify with zod schemas from shared/api (validation, serialization, OpenAPI at
 * `GET /openapi.json`), problem+json for every error, and the v1 routes of the shared route table.
 */
export async function buildApp(ctx: AppContext, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === undefined || opts.logger === false
        ? false
        : {
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
            // Log the route pattern, never the URL (ids are fine, but query strings may carry a reason text).
            serializers: {
              req: (req: FastifyRequest) => ({ method: req.method, url: req.routeOptions.url ?? 'unmatched' }),
            },
          },
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    trustProxy: false,
    // Request ids are UUIDv7 so log lines sort by time across restarts.
    genReqId: () => crypto.randomUUID(),
  });
  // Every route: the generic input bounds first, then its own schema on the server's clock.
  app.setValidatorCompiler(boundedValidatorCompiler(ctx.clock));
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);

  // CSV lead import: parsed into the same body the JSON import takes (campaign and allowPartial from the query).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (req, body, done) => {
    try {
      const q = req.query as Record<string, unknown>;
      const records = parseCsv(body as string, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
      done(null, {
        campaignId: typeof q['campaignId'] === 'string' ? q['campaignId'] : '',
        allowPartial: q['allowPartial'] === 'true',
        rows: records.map(csvRowToImportRow),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 200) : 'unreadable CSV';
      done(new ApiError('malformed-csv', message), undefined);
    }
  });
  // DNC lists arrive as a raw stream, read by the import as it goes (no body limit, no buffering).
  app.addContentTypeParser(['text/plain', 'application/octet-stream'], (_req, payload, done) => done(null, payload));

  await app.register(rateLimit, {
    global: false,
    // Several API processes share the counters through Redis (decision 0023). Should Redis fail, the
    // limit is skipped for that request rather than failing the login (logged by ioredis' error event).
    ...(opts.redis ? { redis: opts.redis, nameSpace: `${ctx.config.redisPrefix}rate-limit:`, skipOnError: true } : {}),
    errorResponseBuilder: (_req, context) => {
      const err = new ApiError('rate-limited', `too many attempts from this address; retry in ${context.after}`, { retryAfterSec: Math.ceil(context.ttl / 1000) });
      return Object.assign(err, { statusCode: 429 });
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Callgate central API',
        version: '1.0.0',
        description:
          'Consent ledger, pre-dial gate and review API. Errors are application/problem+json (RFC 9457) with a stable `type` URI per kind; bad input names its fields in `errors[]` (JSON pointers).',
        contact: { name: 'Callgate', url: 'https://callgate.dev' },
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/', description: 'This server' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => finishOpenApi(jsonSchemaTransformObject(input) as Record<string, unknown>) as never,
  });

  authRoutes(app, ctx);
  edgeRoutes(app, ctx);
  campaignRoutes(app, ctx);
  leadRoutes(app, ctx);
  callRoutes(app, ctx);
  consentEventRoutes(app, ctx);
  dncRoutes(app, ctx);
  reviewRoutes(app, ctx);
  practiceRoutes(app, ctx);
  qaRoutes(app, ctx);
  recordingRoutes(app, ctx);
  liveRoutes(app, ctx);
  ledgerRoutes(app, ctx);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
