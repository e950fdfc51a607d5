import { z } from 'zod';
import { LocalizedTextSchema } from '../domain/locale';

// Input bounds shared by every schema (docs/decisions/0024-input-bounds.md): the building blocks live in
// shared/domain/bounds.ts (the consent event of the domain uses them too) and are re-exported here.
export {
  BoundedArray,
  BoundedText,
  EARLIEST_INSTANT,
  findUnsafeInput,
  MAX_ARRAY_ITEMS,
  MAX_DEPTH,
  MAX_FUTURE_SKEW_SEC,
  MAX_PLANNED_AHEAD_DAYS,
  MAX_TEXT_CHARS,
  ObservedInstantSchema,
  PlannedInstantSchema,
  validatingAt,
} from '../domain/bounds';
export { TimeZoneSchema } from '../domain/time-zone';

/** An ISO-8601 instant with offset, e.g. `2025-03-01T09:00:00Z`. */
export const IsoInstantSchema = z.iso.datetime({ offset: true });

/** A resource id in a path. Ids are opaque strings (UUIDv7 for what the API makes). */
export const IdSchema = z.string().min(1).max(100);

/** Path parameters of `/{id}` routes. */
export const IdParamsSchema = z.strictObject({ id: IdSchema });

/** Opaque pagination cursor: pass `nextCursor` back as `cursor`. */
export const CursorSchema = z.string().min(1).max(400);

/** Page size of list routes. */
export const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** One reason of a pre-dial verdict (mirrors `VerdictReason` of shared/compliance/verdict.ts). */
export const VerdictReasonSchema = z.strictObject({
  code: z.string(),
  detail: z.string(),
  message: LocalizedTextSchema,
  /** For `CG-INPUT`: the JSON path of the bad gate input. */
  path: z.string().optional(),
});

/** A pre-dial verdict as sent over HTTP (mirrors `Verdict`). */
export const VerdictSchema = z
  .strictObject({
    allowed: z.boolean(),
    reasons: z.array(VerdictReasonSchema),
    localTime: z.string().optional(),
  })
  .meta({ id: 'Verdict' });
export type VerdictDto = z.infer<typeof VerdictSchema>;

/** An empty JSON body (`{}`), for POST routes that need no input. Unknown fields are rejected. */
export const EmptyBodySchema = z.strictObject({});
