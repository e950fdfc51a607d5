import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { PROBLEM_CONTENT_TYPE, type Problem, type ProblemKind } from '../../shared/api/problem';
import { ApiError, fieldError, makeProblem } from './api-error';

/** Maps a fastify error code to a problem kind (body parsing happens before any handler runs). */
const FASTIFY_CODES: Record<string, ProblemKind> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported-media-type',
  FST_ERR_VALIDATION: 'validation',
  FST_ERR_NOT_FOUND: 'not-found',
  FST_ERR_BAD_URL: 'validation',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
};

const BY_STATUS: Record<number, ProblemKind> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'invalid-state',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/** Turns any error into a problem+json body; never echoes request data beyond field paths. */
export function problemFor(err: unknown, req: FastifyRequest): Problem {
  const instance = req.url.split('?')[0];
  if (err instanceof ApiError) return err.toProblem(instance);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const location = (err as { validationContext?: string }).validationContext ?? 'body';
    const errors = err.validation.map((v) => fieldError(location, v.instancePath === '/' ? '' : v.instancePath, v.message ?? 'invalid', v.keyword));
    return makeProblem('validation', `${location} does not match the schema (${errors.length} problem${errors.length === 1 ? '' : 's'})`, { errors }, instance);
  }
  const e = err as Partial<FastifyError> & { statusCode?: number };
  const byCode = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (byCode === 'malformed-json' || (err instanceof SyntaxError && e.statusCode === 400)) {
    return makeProblem('malformed-json', 'the body could not be parsed as JSON', {}, instance);
  }
  if (byCode) return makeProblem(byCode, e.message ?? byCode, {}, instance);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const kind = BY_STATUS[e.statusCode] ?? 'validation';
    const extras = kind === 'rate-limited' && typeof (e as { retryAfterSec?: unknown }).retryAfterSec === 'number' ? { retryAfterSec: (e as { retryAfterSec: number }).retryAfterSec } : {};
    return { ...makeProblem(kind, e.message ?? kind, extras, instance), status: e.statusCode };
  }
  return makeProblem('internal', 'an unexpected error occurred; it was logged', {}, instance);
}

/** For fastify's `frameworkErrors` option: router failures (bad URL encoding, overlong params) as problems too. */
export function frameworkErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const problem = problemFor(err, req);
  void reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Registers the error and not-found handlers: every failure leaves as problem+json. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFor(err, req);
    if (problem.status >= 500) {
      // Log the failure without the request body (it may hold personal data).
      req.log.error({ err: { message: (err as Error).message, stack: (err as Error).stack }, route: req.routeOptions.url }, 'request failed');
    }
    if (problem.retryAfterSec !== undefined) void reply.header('retry-after', String(Math.ceil(problem.retryAfterSec)));
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((req, reply) => {
    const problem = makeProblem('not-found', `no route ${req.method} ${req.url.split('?')[0] ?? ''}`, {}, req.url.split('?')[0]);
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
}
