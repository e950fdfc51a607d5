import { Readable } from 'node:stream';
import type { AudioGrant as AudioGrantDto, RecordingDto } from '../../shared/api/recordings';
import type { AppContext } from '../context';
import { ApiError, fieldError } from '../http/api-error';
import { logAccess } from '../identity/access-log';
import type { UserRecord } from '../identity/users';
import { checkGrant, signGrant } from '../recording/audio-grant';
import { openEnvelope } from '../recording/envelope';
import { callInScope } from '../store/calls';
import { recordingById, recordingOfCall, recordingsOfLead, type RecordingRow } from '../store/recordings';
import { reviewAccess } from './access-scope';

/** An open-ended range (`bytes=N-`) is answered with at most this much; the player asks for the rest. */
export const MAX_RANGE_BYTES = 2 * 1024 * 1024;

export function recordingDto(r: RecordingRow): RecordingDto {
  return {
    id: r.id,
    callId: r.callId,
    state: r.state,
    stopReason: r.stopReason,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    durationMs: r.durationMs,
    sampleRate: r.sampleRate,
    channels: r.channels ? [...r.channels] : null,
    sha256: r.sha256,
    storedSha256: r.storedSha256,
    ledgerSeq: r.ledgerSeq,
    retainUntil: r.retainUntil,
    peaks: r.state === 'stored' && r.peaks ? r.peaks.map((c) => [...c]) : null,
    failure: r.failure,
    deletedAt: r.deletedAt,
  };
}

/** The recording if the reviewer's scope covers its call (a lead: own team); otherwise 404. */
async function scopedRecording(ctx: AppContext, user: UserRecord, id: string): Promise<RecordingRow> {
  const r = await recordingById(ctx.store.db, id, reviewAccess(user));
  if (!r) throw new ApiError('not-found', `no recording ${id}`);
  return r;
}

export async function callRecording(ctx: AppContext, user: UserRecord, callId: string): Promise<RecordingDto> {
  const call = await callInScope(ctx.store.db, callId, reviewAccess(user));
  if (!call) throw new ApiError('not-found', `no call ${callId}`);
  const r = await recordingOfCall(ctx.store.db, callId);
  if (!r) throw new ApiError('not-found', `call ${callId} has no recording`);
  return recordingDto(r);
}

export async function leadRecordings(ctx: AppContext, user: UserRecord, leadId: string): Promise<Omit<RecordingDto, 'peaks'>[]> {
  return (await recordingsOfLead(ctx.store.db, leadId, reviewAccess(user))).map((r) => {
    const { peaks: _p, ...rest } = recordingDto(r);
    return rest;
  });
}

/**
 * A short-lived link to a stored recording, for playing it in review or downloading it for the
 * person's inspection request (KR-REC). The access log gets who, when, which recording and why
 * (KR-ACCESS) before the link is handed out.
 */
export async function grantAudio(
  ctx: AppContext,
  user: UserRecord,
  id: string,
  req: { purpose: 'play' | 'export'; reason: string; requestRef?: string },
  address: string | null,
): Promise<AudioGrantDto> {
  const r = await scopedRecording(ctx, user, id);
  if (r.state !== 'stored') throw new ApiError('invalid-state', `recording ${id} is ${r.state}${r.failure ? ` (${r.failure})` : ''}: there is no audio to ${req.purpose === 'play' ? 'play' : 'export'}`);
  const now = ctx.clock();
  const expiresAtMs = now.getTime() + ctx.config.playbackGrantTtlSec * 1000;
  const accessLogId = await logAccess(ctx.store.db, {
    at: now.toISOString(),
    userId: user.id,
    action: req.purpose === 'play' ? 'recording_play' : 'recording_export',
    subjectType: 'recording',
    subjectId: id,
    reason: req.requestRef ? `${req.reason} [inspection request ${req.requestRef}]` : req.reason,
    address,
  });
  const grant = signGrant({ recordingId: id, userId: user.id, purpose: req.purpose, expiresAtMs }, ctx.recordings.keyring);
  return { url: `/v1/recordings/${encodeURIComponent(id)}/audio?grant=${encodeURIComponent(grant)}`, expiresAt: new Date(expiresAtMs).toISOString(), accessLogId };
}

/** `bytes=a-b` / `bytes=a-` / `bytes=-n` of a size; null when absent; 'unsatisfiable' when it cannot be served. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number; open: boolean } | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  if (m[1] === '') {
    const n = Math.min(Number(m[2]), size);
    return n === 0 ? 'unsatisfiable' : { start: size - n, end: size, open: false };
  }
  const start = Number(m[1]);
  if (start >= size) return 'unsatisfiable';
  if (m[2] === '') return { start, end: size, open: true };
  const end = Math.min(Number(m[2]) + 1, size);
  return end <= start ? 'unsatisfiable' : { start, end, open: false };
}

/** A Range the recording cannot serve: 416 with `Content-Range: bytes *\/size`. */
export class UnsatisfiableRange extends ApiError {
  constructor(
    readonly size: number,
    detail: string,
  ) {
    super('range-not-satisfiable', detail);
  }
}

export interface AudioAnswer {
  readonly status: 200 | 206;
  readonly headers: Record<string, string>;
  readonly body: Buffer | Readable;
}

/** The audio bytes a grant allows: a range (206) or, for a download, the whole file streamed (200). */
export async function audioOf(ctx: AppContext, id: string, grantToken: string, rangeHeader: string | undefined): Promise<AudioAnswer> {
  const grant = checkGrant(grantToken, id, ctx.recordings.keyring, ctx.clock());
  if (!grant) throw new ApiError('forbidden', 'this audio link is not valid for this recording, or it expired: ask for a new one', { errors: [fieldError('querystring', '/grant', 'invalid or expired')] });
  const r = await recordingById(ctx.store.db, id);
  if (!r || r.state !== 'stored' || !r.filePath) throw new ApiError('not-found', `recording ${id} has no audio`);
  const fh = await ctx.recordings.vault.open(r.filePath);
  let keep = false;
  try {
    const env = await openEnvelope(fh, ctx.recordings.keyring);
    const size = env.plainSize;
    const common: Record<string, string> = { 'content-type': 'audio/wav', 'accept-ranges': 'bytes', 'cache-control': 'no-store' };
    if (grant.purpose === 'export') common['content-disposition'] = `attachment; filename="callgate-recording-${id}.wav"`;
    const range = parseRange(rangeHeader, size);
    if (range === 'unsatisfiable') {
      throw new UnsatisfiableRange(size, `the range ${rangeHeader ?? ''} is outside the recording (${size} bytes)`);
    }
    if (range) {
      const end = range.open ? Math.min(range.end, range.start + MAX_RANGE_BYTES) : range.end;
      const body = await env.read(range.start, end);
      return { status: 206, headers: { ...common, 'content-range': `bytes ${range.start}-${end - 1}/${size}`, 'content-length': String(body.length) }, body };
    }
    keep = true;
    const step = 1024 * 1024;
    let at = 0;
    const stream = new Readable({
      async read() {
        try {
          if (at >= size) {
            this.push(null);
            return;
          }
          const chunk = await env.read(at, at + step);
          at += chunk.length;
          this.push(chunk);
        } catch (err) {
          this.destroy(err as Error);
        }
      },
      destroy(err, cb) {
        fh.close().then(() => cb(err), () => cb(err));
      },
    });
    return { status: 200, headers: { ...common, 'content-length': String(size) }, body: stream };
  } finally {
    if (!keep) await fh.close();
  }
}
