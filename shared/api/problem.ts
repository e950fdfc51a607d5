import { z } from 'zod';

/**
 * Errors are `application/problem+json` (RFC 9457). Each kind of error has a stable `type` URI that
 * clients switch on; `title` is constant per type, `detail` explains this occurrence.
 */
export const PROBLEM_BASE = 'https://callgate.dev/problems/';

/** Every kind of error the API returns, with its HTTP status and constant title. */
export const PROBLEM_KINDS = {
  validation: { status: 400, title: 'The request does not match its schema' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'malformed-csv': { status: 400, title: 'The request body is not valid CSV' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required' },
  'invalid-credentials': { status: 401, title: 'Unknown user or wrong password' },
  forbidden: { status: 403, title: 'Your role or team may not do this' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'idempotency-conflict': { status: 409, title: 'The same id was sent before with a different body' },
  'invalid-state': { status: 409, title: 'The resource is not in a state that allows this' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'uri-too-long': { status: 414, title: 'A path parameter is too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'gate-refused': { status: 422, title: 'The pre-dial gate refused this dial' },
  'unknown-reference': { status: 422, title: 'The request refers to an id that does not exist' },
  'out-of-order': { status: 422, title: "Events of a call must arrive in their 'seq' order" },
  'evidence-mismatch': { status: 422, title: 'The evidence does not check out' },
  'event-refused': { status: 422, title: 'The script could not have produced this event' },
  'outcome-refused': { status: 422, title: "The call's script run does not allow this outcome" },
  'import-rejected': { status: 422, title: 'The import has invalid rows; nothing was imported' },
  'range-not-satisfiable': { status: 416, title: 'The requested range is outside the resource' },
  'dial-token-refused': { status: 403, title: 'The dial token may not be used; the edge must refuse the call' },
  'rate-limited': { status: 429, title: 'Too many attempts; wait and try again' },
  internal: { status: 500, title: 'Internal error' },
  'media-edge-unavailable': { status: 503, title: 'The media edge (rtpengine) is not configured or did not answer' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** The `type` URI of a problem kind, e.g. `https://callgate.dev/problems/validation`. */
export function problemType(kind: ProblemKind): string {
  return PROBLEM_BASE + kind;
}

/** One failing field: where (`body`, `querystring`, `params`, `headers`, or `row`) and its JSON pointer. */
export const ProblemFieldErrorSchema = z.object({
  location: z.string(),
  /** RFC 6901 JSON pointer into that location, e.g. `/events/3/eventId`. */
  pointer: z.string(),
  message: z.string(),
  /** What is wrong, as a code a client can say in its user's language (a zod issue code or the check's own). */
  code: z.string().optional(),
  /** The values the code's text needs (a bound, the expected revision). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;

/** The problem+json body. Extension members (`errors`, `reasons`, `retryAfterSec`) are optional. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(ProblemFieldErrorSchema).optional(),
    /** Pre-dial gate reasons (gate-refused). */
    reasons: z
      .array(z.object({ code: z.string(), detail: z.string(), message: z.object({ ko: z.string(), en: z.string() }), path: z.string().optional() }))
      .optional(),
    /** Dial attempt id recorded for a refused dial. */
    attemptId: z.string().optional(),
    retryAfterSec: z.number().optional(),
    /** The rule of COMPLIANCE.md a refused event or outcome would break (event-refused, outcome-refused). */
    ruleId: z.string().optional(),
    /** Why a dial token was refused (dial-token-refused): one of DIAL_TOKEN_REFUSALS (shared/api/edge.ts). */
    reason: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** The media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
