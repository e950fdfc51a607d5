import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';
import { publicKeyPem } from '../ledger/anchors';

/** Ledger anchors (issue 11): the anchor log and its public key, and anchoring on demand. */
export function ledgerRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'ledgerAnchors', async ({ query }) => ({
    status: 200,
    body: {
      publicKey: { algorithm: 'Ed25519' as const, keyId: ctx.anchors.keyId, spkiPem: publicKeyPem(ctx.anchors.publicKey) },
      items: ctx.anchors.latest(query.limit),
    },
  }));
  registerRoute(app, ctx, 'anchorLedgerNow', async () => {
    const before = ctx.anchors.latest(1)[0];
    const anchor = await ctx.anchors.anchorNow();
    if (!anchor) throw new ApiError('invalid-state', 'the ledger is empty: there is nothing to anchor yet');
    return { status: anchor === before || anchor.seq === before?.seq ? 200 : 201, body: anchor };
  });
}
