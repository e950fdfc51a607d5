import type { EdgeCallFacts } from '../../shared/api/calls';
import type { EdgeCallEvent, EdgeCallEventKind } from '../../shared/api/edge';
import { edgeMismatches } from '../../shared/domain/edge-facts';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import { endSessionsOfCall } from '../services/live';
import { callByAttempt, updateCallFields } from '../store/calls';
import { dialTokenOfAttempt } from '../store/dial-tokens';
import { intOrNull, text, textOrNull } from '../store/rows';
import type { Sql } from '../store/sql';

/**
 * Records what the SIP edge saw of a call (`POST /v1/edge/call-events`): idempotent per (Call-ID, kind),
 * the first report of a kind wins. The Call-ID must be the INVITE that redeemed the attempt's dial
 * token. The call record (found by attempt; it may be opened by the desk later) gets its
 * `edge_mismatch` flag recomputed; an `end` ends the call's live sessions (decision 0062).
 */
export async function recordEdgeCallEvent(ctx: AppContext, ev: EdgeCallEvent): Promise<void> {
  const now = ctx.clock().toISOString();
  await ctx.store.db.tx((sql) => insertEdgeCallEvent(sql, ev, now, ctx.config.edgeTimeToleranceSec * 1000));
  // The call is over at the edge: live listening and whispering end now, not when the desk's wrap-up is done.
  if (ev.kind === 'end') {
    const call = await callByAttempt(ctx.store.db, ev.attemptId);
    if (call) await endSessionsOfCall(ctx, call.id);
  }
}

/**
 * `recordEdgeCallEvent` inside the caller's transaction (the redemption records the `end` of a call it
 * refuses itself: the edge never relays it, so only the API can say why).
 */
export async function insertEdgeCallEvent(sql: Sql, ev: EdgeCallEvent, receivedAt: string, toleranceMs: number): Promise<void> {
  const token = await dialTokenOfAttempt(sql, ev.attemptId);
  if (!token || token.redeemedSipCallId !== ev.sipCallId) {
    throw new ApiError('unknown-reference', `no INVITE with this Call-ID redeemed the dial token of attempt ${ev.attemptId}`, {
      errors: [fieldError('body', token ? '/sipCallId' : '/attemptId', token ? 'not the Call-ID that redeemed the token' : 'unknown attempt or no dial token')],
    });
  }
  await sql.run(
    `INSERT INTO edge_call_events (sip_call_id, kind, attempt_id, at, sip_code, reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sip_call_id, kind) DO NOTHING`,
    [ev.sipCallId, ev.kind, ev.attemptId, new Date(ev.at).toISOString(), ev.sipCode ?? null, ev.reason ?? null, receivedAt],
  );
  await refreshEdgeMismatch(sql, ev.attemptId, toleranceMs);
}

/** What the edge reported on the call of `attemptId` (the Call-ID that redeemed its token), or null. */
export async function edgeFactsOfAttempt(sql: Sql, attemptId: string, desk: { answeredAt: string | null; endedAt: string | null }, toleranceMs: number): Promise<EdgeCallFacts | null> {
  const rows = await sql.all(
    `SELECT e.* FROM edge_call_events e JOIN dial_tokens t ON t.attempt_id = e.attempt_id AND t.redeemed_sip_call_id = e.sip_call_id
      WHERE e.attempt_id = ? ORDER BY e.at`,
    [attemptId],
  );
  const first = rows[0];
  if (!first) return null;
  const of = (k: EdgeCallEventKind) => rows.find((r) => text(r, 'kind') === k);
  const end = of('end');
  const facts = {
    sipCallId: text(first, 'sip_call_id'),
    startedAt: textOrNull(of('start') ?? {}, 'at'),
    answeredAt: textOrNull(of('answer') ?? {}, 'at'),
    endedAt: end ? text(end, 'at') : null,
    sipCode: end ? intOrNull(end, 'sip_code') : null,
    reason: end ? textOrNull(end, 'reason') : null,
  };
  return { ...facts, mismatches: edgeMismatches(desk, facts, toleranceMs) };
}

/** Sets the call's `edge_mismatch` flag from the desk's and the edge's times (both may change it). */
export async function refreshEdgeMismatch(sql: Sql, attemptId: string, toleranceMs: number): Promise<void> {
  const call = await callByAttempt(sql, attemptId);
  if (!call) return;
  const facts = await edgeFactsOfAttempt(sql, attemptId, call, toleranceMs);
  const flagged = facts !== null && facts.mismatches.length > 0;
  if (flagged !== call.flags.includes('edge_mismatch')) await updateCallFields(sql, call.id, { flag_edge_mismatch: flagged ? 1 : 0 });
}
