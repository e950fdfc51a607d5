import { z } from 'zod';
import { RECORDING_STATES } from '../recording/recording-run';
import { IdSchema, IsoInstantSchema } from './common';

/**
 * HTTP contract of call recordings (issue 15). The audio never travels through the desk's IPC: a lead
 * asks for a playback (with a reason, access-logged) and gets a short-lived link the player fetches
 * with range requests; an inspection export (KR-REC) works the same way, as a download.
 */

/** A call's recording as review shows it. `peaks` draw the waveform (two channels: agent, customer). */
export const RecordingSchema = z
  .strictObject({
    id: z.string(),
    callId: z.string(),
    state: z.enum(RECORDING_STATES),
    /** Why it stopped or was not made: `consent_refused`, `call_ended_by_customer`, `call_ended`. */
    stopReason: z.string().nullable(),
    /** Capture time of the first and last recorded sample (null until stored). */
    startedAt: IsoInstantSchema.nullable(),
    endedAt: IsoInstantSchema.nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
    sampleRate: z.number().int().positive().nullable(),
    channels: z.array(z.string()).nullable(),
    /** SHA-256 of the audio (WAV) and of the encrypted file, as in the ledger entry. */
    sha256: z.string().nullable(),
    storedSha256: z.string().nullable(),
    ledgerSeq: z.number().int().nullable(),
    retainUntil: IsoInstantSchema.nullable(),
    peaks: z.array(z.array(z.number().min(0).max(1))).nullable(),
    failure: z.string().nullable(),
    deletedAt: IsoInstantSchema.nullable(),
  })
  .meta({ id: 'Recording' });
export type RecordingDto = z.infer<typeof RecordingSchema>;

export const RecordingListResponseSchema = z.strictObject({ items: z.array(RecordingSchema.omit({ peaks: true })) });

const Reason = z.string().trim().min(3, 'say why you need it (at least 3 characters)').max(500);

/** `POST /v1/recordings/{id}/playback`: why the lead listens (written to the access log, KR-ACCESS). */
export const PlaybackRequestSchema = z.strictObject({ reason: Reason });

/** `POST /v1/recordings/{id}/inspection-export`: the person's inspection request (KR-REC) and its reference. */
export const InspectionExportRequestSchema = z.strictObject({
  reason: Reason,
  /** The inspection request's own reference (letter, ticket), kept in the access log. */
  requestRef: z.string().trim().min(1).max(200),
});

/** A short-lived link to the audio: `url` is relative to the API (`/v1/recordings/{id}/audio?grant=...`). */
export const AudioGrantSchema = z.strictObject({ url: z.string(), expiresAt: IsoInstantSchema, accessLogId: z.string() }).meta({ id: 'AudioGrant' });
export type AudioGrant = z.infer<typeof AudioGrantSchema>;

export const AudioQuerySchema = z.strictObject({ grant: z.string().min(20).max(2000) });

export const RecordingIdParamsSchema = z.strictObject({ id: IdSchema });
