// A minimal in-test implementation of the API's two edge-only routes (shared/api/edge.ts), for the
// tests and benches that need "a call to PSTN number X" through the shipped edge but test media and
// phone behaviour, not dialing authority: the phone e2e tests (issues 13, 15, 17) and the phone bench.
//
// Why not the real API there: those tests dial a dozen sipp behaviours per file (busy, hold, DTMF,
// outages...) and would need a lead, a campaign, a consent gate and a dial authorization per call,
// which is what they do not test. The routes below parse every request and type every answer with
// the shared zod schemas, so the edge sees the same contract as from the real API and cannot drift
// from it unnoticed. Dialing authority itself (single use, expiry, other agent's token, API down) is
// proved against the REAL API in test/e2e/edge/*.test.ts.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DialTokenRedeemRequestSchema,
  DialTokenRedeemResponseSchema,
  EdgeCallEventSchema,
  dialUriOf,
  type DialTokenRefusal,
  type EdgeCallEvent,
} from '../../shared/api/edge';
import { E164Schema } from '../../shared/domain/phone-number';

interface Grant {
  readonly target: string;
  readonly sipUser: string;
  readonly attemptId: string;
  readonly leadId: string;
  readonly expiresAt: number;
  /** Call-ID of the redeem that used it. */
  usedBy: string | null;
}

export interface RedeemRecord {
  readonly at: number;
  readonly sipUser: string;
  readonly sipCallId: string;
  readonly status: 200 | 403;
  readonly reason?: DialTokenRefusal;
}

export interface EdgeApiStub {
  readonly url: string;
  readonly edgeSecret: string;
  /** A single-use dial URI for `number`, bound to the agent `sipUser` (the user id in its SIP credentials). */
  grant(number: string, sipUser: string, opts?: { ttlMs?: number }): { token: string; attemptId: string };
  /** Every redeem the edge asked for, in order. */
  redeems(): readonly RedeemRecord[];
  /** Every call event the edge posted, in order. */
  events(): readonly EdgeCallEvent[];
  close(): Promise<void>;
}

function problem(res: ServerResponse, status: number, type: string, extra: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type, title: type, status, ...extra }));
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Starts the stub on a free loopback port. */
export async function startEdgeApiStub(domain: string): Promise<EdgeApiStub & { dialUri(number: string, sipUser: string): string }> {
  const edgeSecret = randomBytes(24).toString('base64url');
  const grants = new Map<string, Grant>();
  const redeems: RedeemRecord[] = [];
  const events: EdgeCallEvent[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST') return problem(res, 405, 'method-not-allowed');
      if (req.headers.authorization !== `Bearer ${edgeSecret}`) return problem(res, 401, 'edge-unauthorized');
      if ((req.headers['content-type'] ?? '').split(';')[0] !== 'application/json') return problem(res, 415, 'unsupported-media-type');
      const json = await body(req);
      if (req.url === '/v1/edge/dial-tokens/redeem') {
        const parsed = DialTokenRedeemRequestSchema.safeParse(json);
        if (!parsed.success) return problem(res, 400, 'validation', { detail: parsed.error.message });
        const { token, sipUser, sipCallId } = parsed.data;
        const refuse = (reason: DialTokenRefusal): void => {
          redeems.push({ at: Date.now(), sipUser, sipCallId, status: 403, reason });
          problem(res, 403, 'dial-token-refused', { reason });
        };
        const grant = grants.get(token);
        if (!grant) return refuse('unknown');
        if (grant.sipUser !== sipUser) return refuse('wrong-agent');
        // Idempotent per Call-ID: a retried INVITE gets the same answer.
        if (grant.usedBy !== null && grant.usedBy !== sipCallId) return refuse('used');
        if (grant.usedBy === null && Date.now() > grant.expiresAt) return refuse('expired');
        grant.usedBy = sipCallId;
        redeems.push({ at: Date.now(), sipUser, sipCallId, status: 200 });
        const answer = DialTokenRedeemResponseSchema.parse({ target: grant.target, attemptId: grant.attemptId, leadId: grant.leadId });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
        return;
      }
      if (req.url === '/v1/edge/call-events') {
        const parsed = EdgeCallEventSchema.safeParse(json);
        if (!parsed.success) return problem(res, 400, 'validation', { detail: parsed.error.message });
        events.push(parsed.data);
        res.writeHead(204);
        res.end();
        return;
      }
      problem(res, 404, 'not-found');
    })().catch((err: unknown) => problem(res, 500, 'stub-error', { detail: String(err) }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const grant = (number: string, sipUser: string, opts: { ttlMs?: number } = {}): { token: string; attemptId: string } => {
    const target = E164Schema.parse(number);
    const token = randomBytes(32).toString('base64url');
    counter += 1;
    const attemptId = `stub-attempt-${counter}`;
    grants.set(token, { target, sipUser, attemptId, leadId: `stub-lead-${counter}`, expiresAt: Date.now() + (opts.ttlMs ?? 120_000), usedBy: null });
    return { token, attemptId };
  };
  return {
    url: `http://127.0.0.1:${port}`,
    edgeSecret,
    grant,
    dialUri: (number, sipUser) => dialUriOf(grant(number, sipUser).token, domain),
    redeems: () => [...redeems],
    events: () => [...events],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
