import type { ConsentEventBatchResponse, EventRefusal } from '../../shared/api/consent-events';
import { PROBLEM_KINDS, problemType } from '../../shared/api/problem';
import type { ProfileId } from '../../shared/domain/campaign';
import type { ConsentEffect } from '../../shared/script/consent-steps';
import type { ReplayRefusal } from '../../shared/script/replay-judge';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { appendEntries, lockHead } from '../ledger/append';
import { canonicalJson, sha256Hex } from '../ledger/hash';
import { applyEventSummary, callById, type CallRow } from '../store/calls';
import { existingEvents, insertEvidenceEvents, insertPracticeEvents, insertRefusedEvents } from '../store/consent-events';
import { campaignById } from '../store/campaigns';
import { leadById } from '../store/leads';
import type { Sql } from '../store/sql';
import type { CallReplay } from './call-replay';
import { recordConsentRefusal } from './consent-refusal';
import { recordOptOut } from './opt-out';

type Ack = ConsentEventBatchResponse['results'][number];

interface Prepared {
  readonly index: number;
  readonly event: ConsentEvent;
  readonly body: string;
  readonly sha: string;
}

/** An evidence event after the replay judged it: `refusal` null when accepted; `consent` what an accepted answer did to its consent. */
interface Judged extends Prepared {
  readonly refusal: ReplayRefusal | null;
  readonly consent: ConsentEffect | undefined;
}

function refusalOf(r: ReplayRefusal): EventRefusal {
  return { type: problemType('event-refused'), title: PROBLEM_KINDS['event-refused'].title, detail: r.detail, ruleId: r.ruleId };
}

/**
 * Batch ingest of consent events (DESIGN.md "Delivery"), all or nothing in one transaction:
 * - idempotent by `eventId`: a repeat with the same body is acknowledged `duplicate` and not stored
 *   again; the same id with a different body is 409 (nothing of the batch is stored);
 * - evidence events must belong to an existing call of the same lead, campaign and agent, and arrive in
 *   `seq` order per call without gaps (422 out-of-order names the expected seq);
 * - `practice: true` events are stored apart and never enter the ledger;
 * - an `opt_out` event honours the opt-out at once (internal DNC + consent withdrawn), like the route.
 * The ledger head is locked first, so concurrent batches are serialised and a repeated id sent twice at
 * once is stored once.
 */
export async function ingestEvents(ctx: AppContext, user: UserRecord, events: readonly ConsentEvent[]): Promise<ConsentEventBatchResponse> {
  const prepared: Prepared[] = events.map((event, index) => {
    if (sha256Hex(event.promptText) !== event.promptSha256) {
      throw new ApiError('evidence-mismatch', 'promptSha256 is not the SHA-256 of promptText', {
        errors: [fieldError('body', `/events/${index}/promptSha256`, 'does not match promptText')],
      });
    }
    if (event.agentId !== user.id && user.role !== 'admin') {
      throw new ApiError('forbidden', 'events can only be sent by the agent who recorded them', {
        errors: [fieldError('body', `/events/${index}/agentId`, 'is not you')],
      });
    }
    if (!event.practice && user.role === 'trainer') {
      throw new ApiError('forbidden', 'trainers send practice events only', { errors: [fieldError('body', `/events/${index}/practice`, 'must be true')] });
    }
    const body = canonicalJson(event);
    return { index, event, body, sha: sha256Hex(body) };
  });

  const receivedAt = ctx.clock().toISOString();
  // A batch of practice events only never touches the ledger: its own short transaction, no ledger lock.
  if (prepared.every((p) => p.event.practice)) {
    return ctx.store.db.tx(async (sql) => (await ingestInTx(ctx, sql, prepared, receivedAt, false)).response);
  }
  // Evidence: group commit (decision 0021). Batches arriving while a transaction is in flight share the
  // next one and its one fsync; each is judged under its own savepoint and answered on its own.
  const done = await ctx.ingestGroup.submit((sql) => ingestInTx(ctx, sql, prepared, receivedAt, true));
  // Committed: the replays are now what the database says; keep them for the calls' next events.
  for (const [callId, replay] of done.replays) ctx.replays.keep(callId, replay);
  // Recording follows the evidence once it is committed: a consent "yes" starts it, a "no" or an opt-out stops it.
  ctx.recordings.recorder?.onEventsStored(done.storedEvidence);
  return done.response;
}

interface InTx {
  readonly response: ConsentEventBatchResponse;
  readonly storedEvidence: ConsentEvent[];
  readonly replays: [string, CallReplay][];
}

/**
 * One batch inside a transaction (its own, or its savepoint of a group): dedupe, practice rows, replay,
 * ledger, evidence and summaries. Throws an ApiError for a batch that is invalid as a whole.
 */
async function ingestInTx(ctx: AppContext, sql: Sql, prepared: readonly Prepared[], receivedAt: string, takesLedger: boolean): Promise<InTx> {
  const storedEvidence: ConsentEvent[] = [];
  const replays: [string, CallReplay][] = [];
  if (takesLedger) await lockHead(sql);
  const existing = await existingEvents(sql, [...new Set(prepared.map((p) => p.event.eventId))]);
  const acks: Ack[] = new Array<Ack>(prepared.length);
  const seen = new Map<string, Prepared>();
  const repeats: [number, number][] = [];
  const fresh: Prepared[] = [];
  for (const p of prepared) {
    const before = existing.get(p.event.eventId);
    const inBatch = seen.get(p.event.eventId);
    const priorSha = before?.bodySha256 ?? inBatch?.sha;
    if (priorSha !== undefined) {
      if (priorSha !== p.sha) {
        throw new ApiError('idempotency-conflict', `event ${p.event.eventId} was received before with a different body`, {
          errors: [fieldError('body', `/events/${p.index}`, 'same eventId, different body')],
        });
      }
      if (!before && inBatch) repeats.push([p.index, inBatch.index]);
      // A refused event sent again gets the same answer (the outbox must not retry it forever).
      const refused = before?.refusal;
      acks[p.index] = refused
        ? { eventId: p.event.eventId, status: 'refused', practice: false, ledgerSeq: before?.ledgerSeq ?? null, refusal: refusalOf(refused) }
        : { eventId: p.event.eventId, status: 'duplicate', practice: p.event.practice, ledgerSeq: before?.ledgerSeq ?? null };
      continue;
    }
    seen.set(p.event.eventId, p);
    fresh.push(p);
  }

  const practice = fresh.filter((p) => p.event.practice);
  await insertPracticeEvents(sql, practice.map((p) => ({ event: p.event, body: p.body, bodySha256: p.sha, receivedAt })));
  for (const p of practice) acks[p.index] = { eventId: p.event.eventId, status: 'stored', practice: true, ledgerSeq: null };

  const evidence = fresh.filter((p) => !p.event.practice);
  const byCall = new Map<string, Prepared[]>();
  for (const p of evidence) byCall.set(p.event.callId, [...(byCall.get(p.event.callId) ?? []), p]);
  const ordered: Judged[] = [];
  const calls = new Map<string, { call: CallRow; judged: Judged[]; profile: ProfileId }>();
  for (const [callId, list] of byCall) {
    list.sort((a, b) => a.event.seq - b.event.seq);
    const call = await callById(sql, callId, true);
    const first = list[0];
    if (!call || !first) {
      throw new ApiError('unknown-reference', `call ${callId} does not exist (open it with POST /v1/calls first)`, {
        errors: [fieldError('body', `/events/${first?.index ?? 0}/callId`, 'unknown call')],
      });
    }
    checkEventsMatchCall(call, list);
    // The server's replay (issue 11): each event is judged against the call's script run.
    const replay = await ctx.replays.take(sql, call, first.event);
    const judged = list.map((p) => {
      const refusal = replay.judge(p.event);
      // A consent "no" is honoured even when its event is refused (as an opt-out is): it harms no one.
      return { ...p, refusal, consent: replay.consentEffectOf(p.event) };
    });
    replays.push([callId, replay]);
    calls.set(callId, { call, judged, profile: replay.profile });
    ordered.push(...judged);
  }
  const entries = await appendEntries(
    sql,
    ordered.map((p) => ({ kind: p.refusal ? ('refused_event' as const) : ('consent_event' as const), refId: p.event.eventId, payload: p.event, payloadText: p.body })),
    receivedAt,
  );
  const rows = ordered.map((p, i) => ({ p, row: { event: p.event, body: p.body, bodySha256: p.sha, receivedAt, ledgerSeq: entries[i]?.seq ?? 0 } }));
  await insertEvidenceEvents(sql, rows.filter((r) => !r.p.refusal).map((r) => r.row));
  await insertRefusedEvents(
    sql,
    rows.flatMap(({ p, row }) => (p.refusal ? [{ ...row, ...p.refusal, teamId: calls.get(p.event.callId)?.call.teamId ?? null }] : [])),
  );
  ordered.forEach((p, i) => {
    const ledgerSeq = entries[i]?.seq ?? null;
    acks[p.index] = p.refusal
      ? { eventId: p.event.eventId, status: 'refused', practice: false, ledgerSeq, refusal: refusalOf(p.refusal) }
      : { eventId: p.event.eventId, status: 'stored', practice: false, ledgerSeq };
  });
  // A repeat inside the batch gets its original's answer when that was a refusal.
  for (const [index, original] of repeats) {
    const o = acks[original];
    if (o?.status === 'refused') acks[index] = o;
  }
  for (const { call, judged, profile } of calls.values()) await summarise(ctx, sql, call, judged, receivedAt, profile);
  // The recorder hears accepted events, and every opt-out (a refused one still stops a recording).
  storedEvidence.push(...ordered.filter((p) => !p.refusal || p.event.kind === 'opt_out').map((p) => p.event));
  return { response: { results: acks }, storedEvidence, replays };
}

/** Same lead, campaign and agent as the call; seq continues where the call's stored events stop. */
function checkEventsMatchCall(call: CallRow, list: readonly Prepared[]): void {
  let expected = call.nextSeq;
  for (const p of list) {
    const e = p.event;
    for (const [field, want] of [['leadId', call.leadId], ['campaignId', call.campaignId], ['agentId', call.agentId]] as const) {
      if (e[field] !== want) {
        throw new ApiError('evidence-mismatch', `event ${e.eventId}: ${field} differs from its call's`, {
          errors: [fieldError('body', `/events/${p.index}/${field}`, `does not match call ${call.id}`)],
        });
      }
    }
    if (e.seq < expected) {
      throw new ApiError('idempotency-conflict', `call ${call.id} already has an event with seq ${e.seq}`, {
        errors: [fieldError('body', `/events/${p.index}/seq`, `seq ${e.seq} is taken by another eventId`)],
      });
    }
    if (e.seq > expected) {
      throw new ApiError('out-of-order', `call ${call.id}: expected seq ${expected}, got ${e.seq}; send the missing events first`, {
        errors: [fieldError('body', `/events/${p.index}/seq`, `expected ${expected}`)],
      });
    }
    expected += 1;
  }
}

/**
 * Updates the call's counters and review flags, and honours opt-out events. Refused events count in no
 * counter (they are not evidence) but flag the call `refused_events`; a refused pitch before a marketing
 * consent "yes" still flags `pitch_without_consent` (the attempt happened). An opt-out is honoured even
 * when its event is refused: the customer said it, and honouring it wrongly harms no one.
 */
async function summarise(ctx: AppContext, sql: Sql, call: CallRow, list: readonly Judged[], receivedAt: string, profile: ProfileId): Promise<void> {
  let consentYes = call.consentYes;
  let optOut = false;
  let late = false;
  let pitchWithoutConsent = false;
  let consentRefused = false;
  let refused = false;
  const lateMs = ctx.config.lateEventSec * 1000;
  for (const { event: e, refusal } of list) {
    if (Date.parse(receivedAt) - Date.parse(e.occurredAt) > lateMs) late = true;
    if (e.kind === 'pitch' && !consentYes) pitchWithoutConsent = true;
    if (e.kind === 'opt_out') optOut = true;
    if (refusal) {
      refused = true;
      continue;
    }
    if (e.kind === 'answer' && e.consentKind === 'marketing_call') {
      if (e.answer === 'yes') consentYes = true;
      else consentRefused = true;
    }
  }
  const last = list[list.length - 1];
  await applyEventSummary(sql, call.id, {
    added: list.filter((j) => !j.refusal).length,
    nextSeq: last ? last.event.seq + 1 : call.nextSeq,
    consentYes,
    optOut,
    late,
    pitchWithoutConsent,
    consentRefused,
    refused,
  });
  for (const { event: e } of list) {
    if (e.kind !== 'opt_out') continue;
    const lead = await leadById(sql, e.leadId);
    if (lead) await recordOptOut(sql, { lead, channel: 'call', callId: call.id, eventId: e.eventId, at: receivedAt });
  }
  // Every "no" is honoured at once (issue 11 item 2): the consent is withdrawn for the calling company.
  const refusals = list.filter((j) => j.consent === 'refused' && j.event.consentKind !== undefined);
  if (refusals.length === 0) return;
  const campaign = await campaignById(sql, call.campaignId);
  if (!campaign) return;
  for (const { event: e } of refusals) {
    const kind = e.consentKind;
    if (kind === undefined) continue;
    await recordConsentRefusal(
      sql,
      { leadId: call.leadId, kind, companyId: campaign.callingCompanyId, profile, at: receivedAt, callId: call.id, eventId: e.eventId },
      ctx.clock(),
    );
  }
}
