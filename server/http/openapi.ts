import { z } from 'zod';
import { DncProgressLineSchema } from '../../shared/api/dnc';
import { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS } from '../../shared/api/problem';
import { ROUTES, type RouteDef } from '../../shared/api/routes';

/**
 * The served OpenAPI document as a product (issue 11 item 5): generated from the route table by
 * @fastify/swagger + fastify-type-provider-zod, then finished here once for every operation:
 * errors as `application/problem+json` with the Problem schema and the problem types each status can
 * carry, tags and descriptions, the non-JSON bodies (DNC list in, NDJSON out; CSV lead import), and
 * components without the `$id`/`$schema` keywords OpenAPI rejects and without unused copies. Linted by
 * Spectral's `spectral:oas` in test/integration/server/dnc-openapi.test.ts.
 */

type Json = Record<string, unknown>;

/** Tags by the first path segment after `/v1`. */
const TAGS: Record<string, { name: string; description: string }> = {
  auth: { name: 'identity', description: 'Log in and who the token belongs to' },
  me: { name: 'identity', description: 'Log in and who the token belongs to' },
  sip: { name: 'identity', description: 'Log in and who the token belongs to' },
  edge: { name: 'edge', description: 'SIP edge only (edge secret): dial token redemption and call events' },
  campaigns: { name: 'campaigns', description: 'Campaigns and the next lead to call' },
  leads: { name: 'leads', description: 'Leads, the pre-dial gate, opt-out and evidence bundles' },
  calls: { name: 'calls', description: 'Call records: open, answer, end, list' },
  'consent-events': { name: 'consent-events', description: 'Consent evidence from the desk outbox' },
  consents: { name: 'consents', description: 'Consent re-confirmation' },
  dnc: { name: 'dnc', description: 'National do-not-call lists' },
  ledger: { name: 'ledger', description: 'The hash-chained evidence ledger and its anchors' },
  review: { name: 'review', description: 'Review workspace: KPIs, compliance, calls, exports, access log' },
  practice: { name: 'practice', description: 'Practice scenarios, attempts and the voice practice line' },
  qa: { name: 'qa', description: 'QA scorecards and evaluations' },
  recordings: { name: 'recordings', description: 'Sealed call recordings, playback and export' },
  live: { name: 'live', description: 'Live listen and whisper' },
};

/** Non-JSON bodies: request media types and the success answer's media type, per operation. */
const MEDIA: Partial<Record<string, { request?: Record<string, Json>; response?: { type: string; schema: Json; description: string } }>> = {
  importDncSnapshot: {
    request: {
      'text/plain': { schema: { type: 'string', description: 'The national list, one phone number a line (any common notation); `#` lines are comments. Streamed: no size limit.' } },
      'application/octet-stream': { schema: { type: 'string', format: 'binary', description: 'The same list as bytes (UTF-8).' } },
    },
    response: {
      type: 'application/x-ndjson',
      schema: { ...stripMeta(z.toJSONSchema(DncProgressLineSchema) as Json), description: 'One JSON object a line: `progress` lines while reading, then one `done` or `failed` line.' },
      description: 'NDJSON progress of the import',
    },
  },
  importLeads: {
    request: {
      'text/csv': {
        schema: {
          type: 'string',
          description:
            'Columns `name, phone, timeZone, sourceKind, sourceDescription, lastTransactionAt, sameKindOfGoods, providerCompanyId, providerName, providerConsentDate, providerReference, grants` (grants: a JSON array); `campaignId` and `allowPartial` in the query.',
        },
      },
    },
  },
  recordingAudio: { response: { type: 'audio/wav', schema: { type: 'string', format: 'binary' }, description: 'The recording as WAV (206 for a Range request)' } },
  exportCalls: { response: { type: 'text/csv', schema: { type: 'string' }, description: 'CSV of the filtered calls, numbers masked' } },
};

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content', 206: 'Partial content' };

/** The problem types a status can carry, for the response description. */
function problemTypesOf(status: number): string {
  const kinds = Object.entries(PROBLEM_KINDS)
    .filter(([, k]) => k.status === status)
    .map(([kind, k]) => `\`${kind}\` (${k.title})`);
  return kinds.length > 0 ? kinds.join('; ') : 'see `type`';
}

function stripMeta(schema: Json): Json {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

function rolesText(def: RouteDef): string {
  if (def.roles === 'public') return 'No token needed.';
  if (def.roles === 'edge') return 'SIP edge only: `Authorization: Bearer <edge secret>` (CALLGATE_EDGE_SECRET); a user token is refused.';
  return `Bearer token of one of the roles: ${def.roles.join(', ')}.`;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const x of node) collectRefs(x, into);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) into.add(v.slice('#/components/schemas/'.length));
      else collectRefs(v, into);
    }
  }
}

/** Finishes the generated document (see the module comment). Mutates and returns it. */
export function finishOpenApi(doc: Json): Json {
  const byName = ROUTES as Record<string, RouteDef>;
  const usedTags = new Map<string, string>();
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, Json>>;
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const name = op['operationId'] as string | undefined;
      const def = name ? byName[name] : undefined;
      if (!def || !name) continue;
      const tag = TAGS[path.split('/')[2] ?? ''] ?? { name: 'other', description: 'Other operations' };
      usedTags.set(tag.name, tag.description);
      op['tags'] = [tag.name];
      op['description'] = `${def.summary}. ${rolesText(def)}`;
      const media = MEDIA[name];
      if (media?.request) {
        const existing = (op['requestBody'] as Json | undefined)?.['content'] as Json | undefined;
        op['requestBody'] = { required: true, content: { ...(existing ?? {}), ...media.request } };
      }
      if (['post', 'put', 'patch'].includes(method) && !op['requestBody']) op['description'] += ' Takes no request body.';
      const responses = (op['responses'] ?? {}) as Record<string, Json>;
      for (const [code, response] of Object.entries(responses)) {
        const status = Number(code);
        const content = (response['content'] ?? {}) as Record<string, Json>;
        const schema = Object.values(content)[0]?.['schema'];
        if (status >= 400) {
          response['description'] = `Problem (RFC 9457): ${problemTypesOf(status)}`;
          response['content'] = { [PROBLEM_CONTENT_TYPE]: { schema: schema ?? { $ref: '#/components/schemas/Problem' } } };
        } else if (media?.response && (status === 200 || status === 206)) {
          response['description'] = media.response.description;
          response['content'] = { [media.response.type]: { schema: media.response.schema } };
        } else {
          response['description'] = STATUS_TEXT[status] ?? 'Success';
        }
      }
    }
  }
  doc['tags'] = [...usedTags].map(([name, description]) => ({ name, description })).sort((a, b) => a.name.localeCompare(b.name));
  // Components: no `$id`/`$schema` (OpenAPI wants neither there), and only those something refers to.
  const components = (doc['components'] ?? {}) as Json;
  const schemas = (components['schemas'] ?? {}) as Record<string, Json>;
  for (const [key, schema] of Object.entries(schemas)) schemas[key] = stripMeta(schema);
  const used = new Set<string>();
  collectRefs(doc['paths'], used);
  for (let grew = true; grew; ) {
    const before = used.size;
    for (const key of [...used]) collectRefs(schemas[key], used);
    grew = used.size > before;
  }
  for (const key of Object.keys(schemas)) if (!used.has(key)) delete schemas[key];
  return doc;
}
