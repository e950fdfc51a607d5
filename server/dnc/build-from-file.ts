// Builds a national do-not-call lookup from a registry text file, streamed (a US file is gigabytes):
// one number a line in any common format, normalised to E.164, progress reported as it goes.
// Rejected lines are reported by line number and reason only: a phone number never reaches a log.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { CountryCode } from 'libphonenumber-js';
import { DncSetBuilder, normalizeDncLine, type DncLineRejection, type DncSet, type NumberRange } from '../../shared/dnc';

const MAX_CARRY = 4096;
// Stands in for a line longer than MAX_CARRY: normalizeDncLine rejects it as too long.
const OVERLONG_LINE = 'x'.repeat(MAX_CARRY + 1);

/** Where the build stands; passed to `onProgress` every `progressEveryBytes` and once at the end. */
export interface DncBuildProgress {
  readonly bytesRead: number;
  /** The file size when known (always for {@link buildDncFromFile}). */
  readonly totalBytes: number | undefined;
  readonly lines: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly done: boolean;
}

/** One rejected line: its 1-based number and why. Never its content. */
export interface DncRejectedLine {
  readonly line: number;
  readonly reason: DncLineRejection;
}

export interface DncBuildReport {
  readonly bytesRead: number;
  readonly totalBytes: number | undefined;
  /** Every line read, blank and comment lines included. */
  readonly lines: number;
  readonly blankOrComment: number;
  /** Lines that gave an E.164 number (duplicates included). */
  readonly accepted: number;
  /** Accepted lines whose number was already listed. */
  readonly duplicates: number;
  /** Accepted lines that needed libphonenumber (the rest took the fast path). */
  readonly slowPath: number;
  readonly rejected: number;
  /** The first `maxRejectedListed` rejected lines (line number + reason). */
  readonly rejectedLines: readonly DncRejectedLine[];
  /** Distinct numbers in the lookup. */
  readonly distinct: number;
}

export interface BuildDncOptions {
  /** Country of numbers written in national format (`010-...` -> KR, `(212) ...` -> US). Default KR. */
  readonly defaultCountry?: CountryCode;
  /** When the registry snapshot was taken (ISO instant); the gate refuses stale snapshots. */
  readonly snapshotTakenAt?: string;
  readonly ranges?: readonly NumberRange[];
  readonly onProgress?: (progress: DncBuildProgress) => void;
  /** Default 4 MiB. */
  readonly progressEveryBytes?: number;
  /** How many rejected line numbers the report keeps (the count is always complete). Default 1000. */
  readonly maxRejectedListed?: number;
}

export interface DncBuildResult {
  readonly lookup: DncSet;
  readonly report: DncBuildReport;
}

/** Streams the file at `path` into a DNC lookup. Rejects (with the fs error) if it cannot be read. */
export async function buildDncFromFile(path: string, options: BuildDncOptions = {}): Promise<DncBuildResult> {
  const { size } = await stat(path);
  return buildDncFromStream(createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, totalBytes: size });
}

/** Like {@link buildDncFromFile}, from any byte stream (a file, an HTTP body, an array of chunks in a test). */
export async function buildDncFromStream(
  stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: BuildDncOptions & { readonly totalBytes?: number } = {},
): Promise<DncBuildResult> {
  const builder = new DncSetBuilder({
    ...(options.ranges !== undefined && { ranges: options.ranges }),
    ...(options.snapshotTakenAt !== undefined && { snapshotTakenAt: options.snapshotTakenAt }),
  });
  const country = options.defaultCountry ?? 'KR';
  const every = options.progressEveryBytes ?? 4 << 20;
  const maxListed = options.maxRejectedListed ?? 1000;
  const totalBytes = options.totalBytes;

  let bytesRead = 0;
  let lines = 0;
  let blankOrComment = 0;
  let accepted = 0;
  let duplicates = 0;
  let slowPath = 0;
  let rejected = 0;
  let nextReport = every;
  const rejectedLines: DncRejectedLine[] = [];

  const onLine = (raw: string): void => {
    lines += 1;
    const text = lines === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw; // UTF-8 BOM
    const r = normalizeDncLine(text, country);
    if (r === undefined) {
      blankOrComment += 1;
    } else if (r.ok) {
      accepted += 1;
      if (!r.fast) slowPath += 1;
      if (!builder.add(r.e164)) duplicates += 1;
    } else {
      rejected += 1;
      if (rejectedLines.length < maxListed) rejectedLines.push({ line: lines, reason: r.reason });
    }
  };
  const progress = (done: boolean): DncBuildProgress => ({ bytesRead, totalBytes, lines, accepted, rejected, done });

  const decoder = new StringDecoder('utf8');
  let carry = '';
  let overlong = false;
  for await (const chunk of stream) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
      bytesRead += Buffer.byteLength(chunk);
    } else {
      text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      bytesRead += chunk.byteLength;
    }
    text = carry + text;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      if (overlong) {
        overlong = false;
        onLine(OVERLONG_LINE);
      } else {
        onLine(text.slice(start, nl));
      }
      start = nl + 1;
    }
    carry = text.slice(start);
    // A file without line breaks must not grow memory: keep only the fact that this line is too long.
    if (carry.length > MAX_CARRY) {
      overlong = true;
      carry = '';
    }
    if (options.onProgress && bytesRead >= nextReport) {
      options.onProgress(progress(false));
      nextReport = bytesRead + every;
    }
  }
  carry += decoder.end();
  if (overlong) onLine(OVERLONG_LINE);
  else if (carry !== '') onLine(carry);

  const lookup = builder.build();
  options.onProgress?.(progress(true));
  return {
    lookup,
    report: {
      bytesRead,
      totalBytes,
      lines,
      blankOrComment,
      accepted,
      duplicates,
      slowPath,
      rejected,
      rejectedLines,
      distinct: lookup.size,
    },
  };
}
