import { z } from 'zod';

/**
 * Input bounds every request is held to (docs/decisions/0024-input-bounds.md). The server checks the
 * generic ones once for every route (`findUnsafeInput`, run before each route's schema); the schemas use
 * the building blocks below for what needs a field's meaning (times, zones, list sizes).
 */

/** How far ahead of the server's clock an observed time (`occurredAt`, `answeredAt`, `endedAt`) may be. */
export const MAX_FUTURE_SKEW_SEC = 300;
/** How far ahead a planned time (`callbackAt`) may be. */
export const MAX_PLANNED_AHEAD_DAYS = 366;
/** No time before this is accepted anywhere (older evidence is not evidence of a call made with Callgate). */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
/** Hard caps for any string, array and nesting depth in any request, whatever its schema says. */
export const MAX_TEXT_CHARS = 100_000;
export const MAX_ARRAY_ITEMS = 10_000;
export const MAX_DEPTH = 32;

// The server's clock while a request is validated (set synchronously around each validation; zod's
// parse is synchronous, so concurrent requests never see each other's clock). Without it (the desk) only
// the fixed bounds apply.
let validationClock: (() => Date) | undefined;

/** Runs `fn` (a synchronous validation) with `clock` as "now" for the time bounds. */
export function validatingAt<T>(clock: () => Date, fn: () => T): T {
  const previous = validationClock;
  validationClock = clock;
  try {
    return fn();
  } finally {
    validationClock = previous;
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored as text, or undefined when it can. */
export function unsafeTextReason(s: string): string | undefined {
  if (s.length > MAX_TEXT_CHARS) return `longer than ${MAX_TEXT_CHARS} characters`;
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return undefined;
}

export interface UnsafeInput {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * Every string (value or key) that is not storable text, every array over `MAX_ARRAY_ITEMS` and any
 * nesting over `MAX_DEPTH`, with its path, in document order. Recursion never goes deeper than
 * `MAX_DEPTH` (a deeper value is reported, not entered), so hostile nesting cannot overflow the stack;
 * one path array is shared by the walk and copied only for what is reported (cheap on big bodies).
 */
export function findUnsafeInput(value: unknown, limit = 20): UnsafeInput[] {
  const found: UnsafeInput[] = [];
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (found.length >= limit) return;
    if (typeof v === 'string') {
      const reason = unsafeTextReason(v);
      if (reason) found.push({ path: [...path], message: reason });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth >= MAX_DEPTH) {
      found.push({ path: [...path], message: `nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_ARRAY_ITEMS) {
        found.push({ path: [...path], message: `more than ${MAX_ARRAY_ITEMS} items` });
        return;
      }
      for (let i = 0; i < v.length && found.length < limit; i++) {
        path.push(i);
        walk(v[i], depth + 1);
        path.pop();
      }
      return;
    }
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      if (found.length >= limit) return;
      const reason = unsafeTextReason(k);
      if (reason) {
        found.push({ path: [...path, k], message: `field name ${reason}` });
        continue;
      }
      path.push(k);
      walk((v as Record<string, unknown>)[k], depth + 1);
      path.pop();
    }
  };
  walk(value, 0);
  return found;
}

/** A string of at most `max` characters (the generic check already refuses NUL and lone surrogates). */
export function BoundedText(max: number, min = 0): z.ZodString {
  return z.string().min(min).max(max);
}

/** An array of at most `max` items. */
export function BoundedArray<T extends z.ZodType>(item: T, max: number): z.ZodArray<T> {
  return z.array(item).max(max);
}

const earliestMs = Date.parse(EARLIEST_INSTANT);
// Year 2200: the fixed upper bound where no clock is known (far beyond any plan, far below 9999).
const latestFixedMs = Date.parse('2200-01-01T00:00:00Z');

/** Why `value` is too far ahead of the server's clock (by more than `aheadMs`), or undefined (also without a clock). */
export function aheadOfClock(value: string, aheadMs: number, what: string): string | undefined {
  if (!validationClock) return undefined;
  const now = validationClock().getTime();
  return Date.parse(value) > now + aheadMs ? `must not be more than ${what} ahead of the server's clock` : undefined;
}

/** An ISO-8601 instant with offset between `EARLIEST_INSTANT` and the year 2200 (no clock needed). */
export const BoundedInstantSchema = z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
  const ms = Date.parse(value);
  if (!(ms >= earliestMs)) ctx.addIssue({ code: 'custom', message: `must not be before ${EARLIEST_INSTANT}` });
  else if (ms >= latestFixedMs) ctx.addIssue({ code: 'custom', message: 'must be before the year 2200' });
});

function instantWithin(aheadMs: number, what: string) {
  return BoundedInstantSchema.superRefine((value, ctx) => {
    const ahead = aheadOfClock(value, aheadMs, what);
    if (ahead) ctx.addIssue({ code: 'custom', message: ahead });
  });
}

export const OBSERVED_SKEW = [MAX_FUTURE_SKEW_SEC * 1000, `${MAX_FUTURE_SKEW_SEC} s`] as const;

/**
 * A time something happened (ISO-8601 with offset): at most `MAX_FUTURE_SKEW_SEC` ahead of the server's
 * clock (a desk clock a little fast is fine, a time in the future is not). Far in the past is accepted:
 * an event delivered late is stored and its call flagged `late_events`.
 */
export const ObservedInstantSchema = instantWithin(...OBSERVED_SKEW);

/** A time something is planned for (`callbackAt`): at most `MAX_PLANNED_AHEAD_DAYS` ahead. */
export const PlannedInstantSchema = instantWithin(MAX_PLANNED_AHEAD_DAYS * 86_400_000, `${MAX_PLANNED_AHEAD_DAYS} days`);
