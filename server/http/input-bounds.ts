import type { FastifyRequest } from 'fastify';
import type { FastifySchemaCompiler } from 'fastify/types/schema';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUnsafeInput, validatingAt } from '../../shared/api/common';
import { ApiError } from './api-error';

/**
 * The generic input bounds of every route, checked once here (docs/decisions/0024-input-bounds.md):
 * before a route's own schema, every string of the body, query and path parameters must be storable text
 * (no NUL, no lone UTF-16 surrogate, at most MAX_TEXT_CHARS), every array at most MAX_ARRAY_ITEMS long and
 * nothing nested deeper than MAX_DEPTH; a failure is a 400 naming the field, like any schema failure. The
 * route's schema then runs with the server's clock as "now" (times in the future are bounded by it).
 */
const GenericBoundsSchema = z.unknown().superRefine((value, ctx) => {
  for (const bad of findUnsafeInput(value)) ctx.addIssue({ code: 'custom', path: bad.path, message: bad.message, input: undefined });
});

export function boundedValidatorCompiler(clock: () => Date): FastifySchemaCompiler<z.ZodType> {
  const generic = validatorCompiler({ schema: GenericBoundsSchema, method: 'POST', url: '', httpPart: 'body' });
  return (routeSchema) => {
    const own = validatorCompiler(routeSchema);
    return (data: unknown) => {
      const bounds = generic(data) as { error?: unknown };
      if (bounds.error) return bounds as never;
      return validatingAt(clock, () => own(data)) as never;
    };
  };
}

/** The media type of a request, lower case without parameters (`application/json`), or undefined. */
function mediaTypeOf(req: FastifyRequest): string | undefined {
  const raw = req.headers['content-type'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  return raw.split(';')[0]?.trim().toLowerCase();
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined) return true;
  return typeof length === 'string' && length !== '0';
}

/**
 * 415 before anything else when a request body comes in a media type the route does not take (e.g. a
 * `text/plain` body where JSON is expected: it used to be read as a stream and fail the schema with 400).
 */
export function requireMediaType(req: FastifyRequest, accepted: readonly string[]): void {
  if (!hasBody(req)) return;
  const type = mediaTypeOf(req);
  if (type !== undefined && accepted.includes(type)) return;
  throw new ApiError('unsupported-media-type', `this route takes ${accepted.join(' or ')} bodies, not ${type ?? 'a body without Content-Type'}`);
}
