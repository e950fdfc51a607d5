import type { FastifyInstance } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import type { DncProgressLine } from '../../shared/api/dnc';
import { newId } from '../../shared/domain/ids';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { registerRoute } from '../http/route-kit';

/**
 * `POST /v1/dnc/snapshots?profile=KR&takenAt=...` with the list as a `text/plain` body (streamed, no
 * size limit: the US registry is gigabytes). The answer is NDJSON, written while the import runs:
 * `progress` lines, then `done` or `failed`. Only counts are reported, never a number.
 */
export function dncRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRoute(app, ctx, 'importDncSnapshot', async ({ query, user, req, reply }) => {
    const body: unknown = req.body;
    if (!(body instanceof Readable)) {
      throw new ApiError('unsupported-media-type', 'send the list as text/plain (one number a line)');
    }
    const snapshotId = newId();
    const out = new PassThrough();
    const write = (line: DncProgressLine): void => {
      out.write(JSON.stringify(line) + '\n');
    };
    let lastLines = -1;
    void ctx.nationalDnc
      .importSnapshot(
        ctx.store,
        { profile: query.profile, takenAt: query.takenAt, body, importedBy: user.id, now: ctx.clock(), snapshotId },
        (p) => {
          if (p.phase === 'building' && p.lines === lastLines) return;
          lastLines = p.lines;
          write({ type: 'progress', snapshotId, lines: p.lines, bytes: p.bytes });
        },
      )
      .then(
        (r) => write({ type: 'done', snapshotId, profile: query.profile, takenAt: new Date(query.takenAt).toISOString(), numbers: r.numbers, rejectedLines: r.rejectedLines }),
        (err: unknown) => {
          req.log.warn({ err: { message: (err as Error).message } }, 'DNC import failed');
          write({ type: 'failed', snapshotId, detail: 'the list could not be read or stored; nothing was changed' });
        },
      )
      .finally(() => out.end());
    void reply.type('application/x-ndjson');
    return { status: 200, body: out as unknown as string };
  });
}
