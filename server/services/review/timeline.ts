import type { LedgerEntryKind } from '../../../shared/api/ledger';
import { edgeFactsOfAttempt } from '../../edge/call-events';
import { consentResultOf } from '../../recording/services';
import type { ReviewTimeline, ReviewTimelineEntry } from '../../../shared/api/review-timeline';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { localTimeIn } from '../../../shared/domain/time-zone';
import type { AppContext } from '../../context';
import { ApiError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import { readHead } from '../../ledger/append';
import { entryHash, GENESIS_HASH, sha256Hex } from '../../ledger/hash';
import { reviewCallById } from '../../store/review-calls';
import { timelineRows, type TimelineLedgerRow } from '../../store/review-timeline';
import { toReviewRow } from './calls';
import { reviewAccess } from '../access-scope';

/** `YYYY-MM-DD HH:mm:ss` wall clock of `instant` in `zone` (the zone as recorded; unknown zones say so). */
export function wallClock(instant: string, zone: string): string {
  try {
    const t = localTimeIn(new Date(instant), zone);
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}:${p(t.second)}`;
  } catch {
    return `(unknown time zone ${zone})`;
  }
}

/**
 * Re-checks one timeline entry against the ledger: the stored event is the entry's payload, the payload
 * hashes to payloadSha256, the link fields hash to the entry hash, and prevHash is the hash of the entry
 * before. Returns the first thing that fails, or null.
 */
export function entryProblem(row: TimelineLedgerRow): string | null {
  const e = row.entry;
  if (!e) return `ledger entry ${row.ledgerSeq} is missing`;
  if (e.payload !== row.body) return 'the stored event differs from its ledger payload';
  if (sha256Hex(e.payload) !== e.payloadSha256) return 'the payload no longer matches its SHA-256';
  const recomputed = entryHash({ seq: row.ledgerSeq, kind: e.kind as LedgerEntryKind, refId: e.refId, payloadSha256: e.payloadSha256, prevHash: e.prevHash, recordedAt: e.recordedAt });
  if (recomputed !== e.hash) return 'the entry fields no longer hash to the stored hash';
  const expectedPrev = row.ledgerSeq === 1 ? GENESIS_HASH : row.previousHash;
  if (expectedPrev === null) return `ledger entry ${row.ledgerSeq - 1} before it is missing`;
  if (expectedPrev !== e.prevHash) return `prevHash does not match entry ${row.ledgerSeq - 1}`;
  return null;
}

/** A call's events for review: texts, answers, UTC and callee time, delivery delay, ledger state. */
export async function reviewTimeline(ctx: AppContext, user: UserRecord, callId: string): Promise<ReviewTimeline> {
  const db = ctx.store.db;
  // Out of scope looks like no call at all: a lead learns nothing about other teams' calls.
  const call = await reviewCallById(db, callId, reviewAccess(user));
  if (!call) throw new ApiError('not-found', `no call ${callId}`);
  const lateMs = ctx.config.lateEventSec * 1000;
  const entries: ReviewTimelineEntry[] = (await timelineRows(db, callId)).map((row) => {
    const event = JSON.parse(row.body) as ConsentEvent;
    const delayMs = Date.parse(row.receivedAt) - Date.parse(event.occurredAt);
    const problem = entryProblem(row);
    return {
      event,
      receivedAt: row.receivedAt,
      delaySec: delayMs / 1000,
      late: delayMs > lateMs,
      occurredLocal: wallClock(event.occurredAt, event.calleeTimeZone),
      consent: consentResultOf(event),
      ledger: {
        seq: row.ledgerSeq,
        hash: row.entry?.hash ?? '',
        prevHash: row.entry?.prevHash ?? '',
        state: problem === null ? 'verified' : 'broken',
        problem,
      },
    };
  });
  const edge = await edgeFactsOfAttempt(db, call.attemptId, call, ctx.config.edgeTimeToleranceSec * 1000);
  return { call: toReviewRow(call), entries, lateEventSec: ctx.config.lateEventSec, head: await readHead(db), edge };
}
