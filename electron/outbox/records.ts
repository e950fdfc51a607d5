import { z } from 'zod';
import { ConsentEventSchema, type ConsentEvent } from '../../shared/domain/consent-event';
import { OutboxRefusalSchema, type OutboxRefusal } from '../../shared/ipc/outbox';

/**
 * The outbox journal's records, versioned (`v`). Today's version is 1:
 * `e` an event made durable, `d` events delivered, `x` an event refused for good.
 * Version 0 (no `v`; desks before issue 12) is read and upgraded. What no version here can read
 * (written by a newer desk, or an event the current schema rejects) is never a reason to fail: an event
 * that still parses is delivered; anything else is kept as raw data, shown, and written back unchanged
 * by compactions.
 */
export const RECORD_VERSION = 1;

const At = z.string();
const RecordV1Schema = z.discriminatedUnion('t', [
  z.strictObject({ v: z.literal(1), t: z.literal('e'), at: At, e: ConsentEventSchema }),
  z.strictObject({ v: z.literal(1), t: z.literal('d'), at: At, ids: z.array(z.string()) }),
  z.strictObject({ v: z.literal(1), t: z.literal('x'), at: At, id: z.string(), refusal: OutboxRefusalSchema }),
]);
export type OutboxRecord = z.infer<typeof RecordV1Schema>;

const RecordV0Schema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('e'), at: At, e: ConsentEventSchema }),
  z.object({ t: z.literal('d'), at: At, ids: z.array(z.string()) }),
  z.object({ t: z.literal('x'), at: At, id: z.string(), reason: z.string() }),
]);

/** A record kept as it was found: to show, and to write back unchanged. */
export interface RawRecord {
  readonly t: 'raw';
  readonly value: unknown;
  /** The event id it carries, if any. */
  readonly eventId: string | null;
  readonly recordedAt: string | null;
  readonly reason: string;
}

/** The desk's own refusal type for a v0 refusal, which kept only a text. */
const LEGACY_REFUSAL_TYPE = 'https://callgate.dev/problems/desk-legacy-refusal';

function upgradeV0(r: z.infer<typeof RecordV0Schema>): OutboxRecord {
  if (r.t !== 'x') return { ...r, v: 1 };
  const refusal: OutboxRefusal = { type: LEGACY_REFUSAL_TYPE, title: r.reason, detail: r.reason, ruleId: null, status: null };
  return { v: 1, t: 'x', at: r.at, id: r.id, refusal };
}

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads one journal value; never throws. */
export function readRecord(value: unknown): OutboxRecord | RawRecord {
  const v1 = RecordV1Schema.safeParse(value);
  if (v1.success) return v1.data;
  const o = obj(value);
  if (o && o['v'] === undefined) {
    const v0 = RecordV0Schema.safeParse(value);
    if (v0.success) return upgradeV0(v0.data);
  }
  const at = str(o?.['at']);
  if (o?.['t'] === 'e') {
    // Another version's wrapper around an event this desk can still check: deliver it.
    const event = ConsentEventSchema.safeParse(o['e']);
    if (event.success) return { v: 1, t: 'e', at: at ?? event.data.occurredAt, e: event.data };
    const issue = event.error.issues[0];
    return { t: 'raw', value, eventId: str(obj(o['e'])?.['eventId']), recordedAt: at, reason: `event ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}` };
  }
  const ids = o?.['ids'];
  if (o?.['t'] === 'd' && strings(ids)) return { v: 1, t: 'd', at: at ?? '', ids };
  return { t: 'raw', value, eventId: null, recordedAt: at, reason: `record of version ${String(o?.['v'] ?? 0)}, kind ${String(o?.['t'] ?? '?')}` };
}

export function eventRecord(at: string, e: ConsentEvent): OutboxRecord {
  return { v: RECORD_VERSION, t: 'e', at, e };
}
