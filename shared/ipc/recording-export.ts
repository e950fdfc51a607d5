import { z } from 'zod';

/**
 * A recording exported for the person's inspection request (KR-REC), as the main process hands it to
 * the renderer to save: the WAV (base64) and its SHA-256, which equals the ledger entry's `sha256`, so
 * whoever receives the file can check it is the recording the ledger holds.
 */
export const RecordingExportFileSchema = z.strictObject({
  fileName: z.string(),
  mediaType: z.literal('audio/wav'),
  base64: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** The access-log line the export left (KR-ACCESS). */
  accessLogId: z.string(),
});
export type RecordingExportFile = z.infer<typeof RecordingExportFileSchema>;
