import { z } from 'zod';
import { ProfileIdSchema } from '../domain/campaign';
import { IsoInstantSchema, ObservedInstantSchema } from './common';

/**
 * `POST /v1/dnc/snapshots?profile=KR&takenAt=...`: the body is the national list, one number a line
 * (`text/plain`, streamed). The response is NDJSON (`application/x-ndjson`): `progress` lines while the
 * file is read, then one `done` (or `failed`) line.
 */
export const DncSnapshotQuerySchema = z.strictObject({
  profile: ProfileIdSchema,
  /** When the registry's list was taken: not in the future (a few minutes of clock skew aside). */
  takenAt: ObservedInstantSchema,
});
export type DncSnapshotQuery = z.infer<typeof DncSnapshotQuerySchema>;

export const DncProgressLineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('progress'), snapshotId: z.string(), lines: z.number(), bytes: z.number() }),
  z.strictObject({
    type: z.literal('done'),
    snapshotId: z.string(),
    profile: ProfileIdSchema,
    takenAt: IsoInstantSchema,
    numbers: z.number(),
    rejectedLines: z.number(),
  }),
  z.strictObject({ type: z.literal('failed'), snapshotId: z.string(), detail: z.string() }),
]);
export type DncProgressLine = z.infer<typeof DncProgressLineSchema>;
