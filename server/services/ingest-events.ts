import type { ConsentEventBatchResponse, EventRefusal } from '../../shared/api/consent-events';
import { PROBLEM_KINDS, problemType } from '../../shared/api/problem';
import type { Lead } from '../../shared/domain/lead';
import type { ConsentEffect } from '../../shared/script/consent-steps';
import type { ReplayRefusal } from '../../shared/script/replay-judge';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { appendEntries, lockHead } from '../ledger/append';
import { canonicalJson, sha256Hex } from '../ledger/hash';
import { applyEventSummaries, applyEventSummary, callsByIds, type CallEventSummary, type CallRow } from '../store/calls';
import { existingEvents, insertEvidenceEvents, insertPracticeEvents, insertRefusedEvents, type StoredEvent } from '../store/consent-events';
import { GroupCommitter, type Outcome } from '../store/group-commit';
import { campaignById } from '../store/campaigns';
import { leadById, leadsByIds } from '../store/leads';
import type { Db, Sql } from '../store/sql';
import type { CallReplay } from './call-replay';
import { recordConsentRefusal, refusedCompanies } from './consent-refusal';
import { recordOptOut } from './opt-out';

type Ack = ConsentEventBatchResponse['results'][number];

export interface Prepared {
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
  const done = await ctx.ingestGroup.submit<InTx>({ prepared, receivedAt });
  // Committed: the replays are now what the database says; keep them for the calls' next events.
  for (const [callId, replay] of done.replays) ctx.replays.keep(callId, replay);
  // Recording follows the evidence once it is committed: a consent "yes" starts it, a "no" or an opt-out stops it.
  ctx.recordings.recorder?.onEventsStored(done.storedEvidence);
  return done.response;
}

/** One evidence batch waiting for its group. */
export interface IngestUnit {
  readonly prepared: readonly Prepared[];
  readonly receivedAt: string;
}

/** The evidence ingest's group committer: validate every batch of the group, then write them together. */
export function ingestCommitter(db: Db, ctx: () => AppContext): GroupCommitter<IngestUnit> {
  return new GroupCommitter<IngestUnit>(db, (sql, units) => ingestGroupInTx(ctx(), sql, units));
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
  for (const p of evidence) pushTo(byCall, p.event.callId, p);
  const ordered: Judged[] = [];
  const calls = new Map<string, { call: CallRow; judged: Judged[] }>();
  // The batch's calls in one query, locked in id order (concurrent writers of the same calls cannot deadlock).
  const callRows = await callsByIds(sql, [...byCall.keys()].sort(), true);
  for (const [callId, list] of byCall) {
    list.sort((a, b) => a.event.seq - b.event.seq);
    const call = callRows.get(callId);
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
    calls.set(callId, { call, judged });
    ordered.push(...judged);
  }
  const entries = await appendEntries(
    sql,
    ordered.map((p) => ({ kind: p.refusal ? ('refused_event' as const) : ('consent_event' as const), refId: p.event.eventId, payload: p.event, payloadText: p.body, payloadSha256: p.sha })),
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
  for (const { call, judged } of calls.values()) await summarise(ctx, sql, call, judged, receivedAt);
  // The recorder hears accepted events, and every opt-out (a refused one still stops a recording).
  storedEvidence.push(...ordered.filter((p) => !p.refusal || p.event.kind === 'opt_out').map((p) => p.event));
  return { response: { results: acks }, storedEvidence, replays };
}

/** What one batch of a group will write, decided before anything is written. */
interface Plan {
  readonly unit: IngestUnit;
  readonly acks: Ack[];
  readonly practice: Prepared[];
  readonly judged: Judged[];
  /** Indexes acknowledged as repeats of an event stored by this group (its answer is known after the write). */
  readonly repeats: [number, string][];
  readonly calls: Set<string>;
}

/**
 * A group of evidence batches in one transaction (decision 0021), in two phases so a bad batch fails alone
 * without savepoints: first every batch is validated and judged in order against the database plus the
 * batches before it in the group (duplicates, idempotency conflicts, seq order, the call's replay); a
 * batch that fails gets its own error and leaves no trace. Then the accepted batches are written together:
 * one ledger append, one insert per table, one summary per call. Few statements per group, whatever its size.
 */
async function ingestGroupInTx(ctx: AppContext, sql: Sql, units: readonly IngestUnit[]): Promise<Outcome[]> {
  const head = await lockHead(sql);
  const existing = await existingEvents(sql, [...new Set(units.flatMap((u) => u.prepared.map((p) => p.event.eventId)))]);
  const callIds = [...new Set(units.flatMap((u) => u.prepared.filter((p) => !p.event.practice).map((p) => p.event.callId)))].sort();
  const callRows = await callsByIds(sql, callIds, true);
  // The leads of the calls whose replay is not cached, in one query (a replay rebuild needs its lead).
  const leads = await leadsByIds(sql, [...new Set([...callRows.values()].filter((c) => !ctx.replays.has(c)).map((c) => c.leadId))]);
  /** Events taken by earlier batches of the group: eventId -> body SHA-256. */
  const claimed = new Map<string, string>();
  /** Each call's next seq after the earlier batches of the group. */
  const nextSeq = new Map<string, number>();
  const replays = new Map<string, CallReplay>();
  const outcomes: Outcome[] = [];
  const plans: (Plan | null)[] = [];
  for (const unit of units) {
    try {
      plans.push(await planBatch(ctx, sql, unit, { existing, claimed, callRows, nextSeq, replays, leads }));
      outcomes.push({ ok: true, value: undefined });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      plans.push(null);
      outcomes.push({ ok: false, error });
    }
  }
  const accepted = plans.filter((p): p is Plan => p !== null);
  if (accepted.length === 0) return outcomes;

  await insertPracticeEvents(sql, accepted.flatMap((pl) => pl.practice.map((p) => ({ event: p.event, body: p.body, bodySha256: p.sha, receivedAt: pl.unit.receivedAt }))));
  const ordered = accepted.flatMap((pl) => pl.judged.map((j) => ({ j, receivedAt: pl.unit.receivedAt })));
  const last = ordered[ordered.length - 1];
  const entries = await appendEntries(
    sql,
    ordered.map(({ j }) => ({ kind: j.refusal ? ('refused_event' as const) : ('consent_event' as const), refId: j.event.eventId, payload: j.event, payloadText: j.body, payloadSha256: j.sha })),
    last?.receivedAt ?? new Date().toISOString(),
    // Locked at the start of this transaction; nothing appended since (the validation phase only reads).
    head,
  );
  const rows = ordered.map(({ j, receivedAt }, i) => ({ j, row: { event: j.event, body: j.body, bodySha256: j.sha, receivedAt, ledgerSeq: entries[i]?.seq ?? 0 } }));
  await insertEvidenceEvents(sql, rows.filter((r) => !r.j.refusal).map((r) => r.row));
  await insertRefusedEvents(sql, rows.flatMap(({ j, row }) => (j.refusal ? [{ ...row, ...j.refusal, teamId: callRows.get(j.event.callId)?.teamId ?? null }] : [])));
  const answers = new Map<string, Ack>();
  ordered.forEach(({ j }, i) => {
    const ledgerSeq = entries[i]?.seq ?? null;
    answers.set(
      j.event.eventId,
      j.refusal ? { eventId: j.event.eventId, status: 'refused', practice: false, ledgerSeq, refusal: refusalOf(j.refusal) } : { eventId: j.event.eventId, status: 'stored', practice: false, ledgerSeq },
    );
  });
  for (const pl of accepted) {
    for (const j of pl.judged) {
      const a = answers.get(j.event.eventId);
      if (a) pl.acks[j.index] = a;
    }
    for (const [index, eventId] of pl.repeats) {
      const a = answers.get(eventId);
      const practice = pl.unit.prepared[index]?.event.practice ?? false;
      pl.acks[index] = a ? (a.status === 'refused' ? a : { ...a, status: 'duplicate' }) : { eventId, status: 'duplicate', practice, ledgerSeq: null };
    }
  }
  // One summary per call, over its events of the whole group in order.
  const byCall = new Map<string, Judged[]>();
  for (const { j } of ordered) pushTo(byCall, j.event.callId, j);
  const summaries: { id: string; summary: CallEventSummary }[] = [];
  for (const [callId, judged] of byCall) {
    const call = callRows.get(callId);
    const replay = replays.get(callId);
    if (call && replay) await summarise(ctx, sql, call, judged, last?.receivedAt ?? call.startedAt, (id, summary) => summaries.push({ id, summary }));
  }
  await applyEventSummaries(sql, summaries);
  let k = 0;
  return outcomes.map((o) => {
    if (!o.ok) return o;
    const pl = accepted[k++];
    if (!pl) return o;
    const value: InTx = {
      response: { results: pl.acks },
      // The recorder hears accepted events, and every opt-out (a refused one still stops a recording).
      storedEvidence: pl.judged.filter((j) => !j.refusal || j.event.kind === 'opt_out').map((j) => j.event),
      replays: [...pl.calls].flatMap((id) => {
        const r = replays.get(id);
        return r ? [[id, r] as [string, CallReplay]] : [];
      }),
    };
    return { ok: true, value };
  });
}

interface GroupState {
  readonly existing: Map<string, StoredEvent>;
  readonly claimed: Map<string, string>;
  readonly callRows: Map<string, CallRow>;
  readonly nextSeq: Map<string, number>;
  readonly replays: Map<string, CallReplay>;
  readonly leads: Map<string, Lead>;
}

/** Validates and judges one batch of a group (no writes); throws an ApiError for a batch invalid as a whole. */
async function planBatch(ctx: AppContext, sql: Sql, unit: IngestUnit, g: GroupState): Promise<Plan> {
  const acks: Ack[] = new Array<Ack>(unit.prepared.length);
  const seen = new Map<string, Prepared>();
  const repeats: [number, string][] = [];
  const fresh: Prepared[] = [];
  for (const p of unit.prepared) {
    const id = p.event.eventId;
    const before = g.existing.get(id);
    const inGroup = g.claimed.get(id);
    const inBatch = seen.get(id);
    const priorSha = before?.bodySha256 ?? inGroup ?? inBatch?.sha;
    if (priorSha !== undefined) {
      if (priorSha !== p.sha) {
        throw new ApiError('idempotency-conflict', `event ${id} was received before with a different body`, {
          errors: [fieldError('body', `/events/${p.index}`, 'same eventId, different body')],
        });
      }
      if (!before) {
        repeats.push([p.index, id]);
        continue;
      }
      // A refused event sent again gets the same answer (the outbox must not retry it forever).
      acks[p.index] = before.refusal
        ? { eventId: id, status: 'refused', practice: false, ledgerSeq: before.ledgerSeq, refusal: refusalOf(before.refusal) }
        : { eventId: id, status: 'duplicate', practice: p.event.practice, ledgerSeq: before.ledgerSeq };
      continue;
    }
    seen.set(id, p);
    fresh.push(p);
  }
  const practice = fresh.filter((p) => p.event.practice);
  for (const p of practice) acks[p.index] = { eventId: p.event.eventId, status: 'stored', practice: true, ledgerSeq: null };
  // A repeat of a practice event of this batch is a duplicate of it.
  for (const [index, id] of repeats) {
    const original = seen.get(id);
    if (original?.event.practice) acks[index] = { eventId: id, status: 'duplicate', practice: true, ledgerSeq: null };
  }

  const byCall = new Map<string, Prepared[]>();
  for (const p of fresh) if (!p.event.practice) pushTo(byCall, p.event.callId, p);
  // Every call of the batch is checked before any is judged: a batch that fails leaves the replays as they were.
  for (const [callId, list] of byCall) {
    list.sort((a, b) => a.event.seq - b.event.seq);
    const row = g.callRows.get(callId);
    const first = list[0];
    if (!row || !first) {
      throw new ApiError('unknown-reference', `call ${callId} does not exist (open it with POST /v1/calls first)`, {
        errors: [fieldError('body', `/events/${first?.index ?? 0}/callId`, 'unknown call')],
      });
    }
    checkEventsMatchCall({ ...row, nextSeq: g.nextSeq.get(callId) ?? row.nextSeq }, list);
  }
  const judged: Judged[] = [];
  for (const [callId, list] of byCall) {
    const row = g.callRows.get(callId);
    if (!row) continue;
    // The server's replay (issue 11): each event is judged against the call's script run.
    let replay = g.replays.get(callId);
    if (!replay) {
      replay = await ctx.replays.take(sql, row, list[0]?.event, g.leads.get(row.leadId));
      g.replays.set(callId, replay);
    }
    for (const p of list) {
      const refusal = replay.judge(p.event);
      // A consent "no" is honoured even when its event is refused (as an opt-out is): it harms no one.
      judged.push({ ...p, refusal, consent: replay.consentEffectOf(p.event) });
    }
    const lastSeq = list[list.length - 1]?.event.seq;
    if (lastSeq !== undefined) g.nextSeq.set(callId, lastSeq + 1);
  }
  for (const p of fresh) g.claimed.set(p.event.eventId, p.sha);
  return { unit, acks, practice, judged, repeats: repeats.filter(([i]) => acks[i] === undefined), calls: new Set(byCall.keys()) };
}

/** Appends `value` to the list under `key` (lists by call, built in one pass). */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
async function summarise(
  ctx: AppContext,
  sql: Sql,
  call: CallRow,
  list: readonly Judged[],
  receivedAt: string,
  collect?: (id: string, summary: CallEventSummary) => void,
): Promise<void> {
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
  const summary: CallEventSummary = {
    added: list.filter((j) => !j.refusal).length,
    nextSeq: last ? last.event.seq + 1 : call.nextSeq,
    consentYes,
    optOut,
    late,
    pitchWithoutConsent,
    consentRefused,
    refused,
  };
  if (collect) collect(call.id, summary);
  else await applyEventSummary(sql, call.id, summary);
  for (const { event: e } of list) {
    if (e.kind !== 'opt_out') continue;
    const lead = await leadById(sql, e.leadId);
    if (lead) await recordOptOut(sql, { lead, channel: 'call', callId: call.id, eventId: e.eventId, at: receivedAt });
  }
  // Every "no" is honoured at once (issue 11 item 2): the consent is withdrawn for the companies it named.
  const refusals = list.filter((j) => j.consent === 'refused' && j.event.consentKind !== undefined);
  if (refusals.length === 0) return;
  const campaign = await campaignById(sql, call.campaignId);
  if (!campaign) return;
  for (const { event: e } of refusals) {
    const kind = e.consentKind;
    if (kind === undefined) continue;
    await recordConsentRefusal(sql, { leadId: call.leadId, kind, companyIds: refusedCompanies(kind, campaign), at: receivedAt, callId: call.id, eventId: e.eventId });
  }
}
