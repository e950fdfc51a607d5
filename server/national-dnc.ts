import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { DncLookup } from '../shared/compliance/verdict';
import type { ProfileId } from '../shared/domain/campaign';
import { newId } from '../shared/domain/ids';
import { buildDncFromFile } from './dnc/build-from-file';
import { insertSnapshot, latestSnapshots } from './store/dnc-snapshots';
import type { Store } from './store/store';

/** Progress of an import: bytes received, then lines read while the lookup is built. */
export interface DncProgress {
  readonly phase: 'receiving' | 'building';
  readonly bytes: number;
  readonly lines: number;
}

/** Builds a lookup from a text file (one number a line); `rejectedLines` counts lines that are not numbers. */
export type DncFileBuilder = (
  file: string,
  opts: { readonly profile: ProfileId; readonly takenAt: string; readonly onProgress: (lines: number) => void },
) => Promise<{ readonly lookup: DncLookup; readonly numbers: number; readonly rejectedLines: number }>;

export interface ImportResult {
  readonly snapshotId: string;
  readonly numbers: number;
  readonly rejectedLines: number;
}

/**
 * The national do-not-call registries (KR-DNC, US-NDNC): the newest snapshot of each profile as an
 * in-memory lookup. An import is streamed to a file in the data folder (so it survives a restart and is
 * kept as received), then the lookup is built from that file, then the snapshot is recorded and swapped
 * in. At start the lookups are rebuilt from those files; a missing file leaves the profile without a
 * snapshot, which the gate refuses (fail closed).
 */
export class NationalDncRegistry {
  private readonly lookups = new Map<ProfileId, DncLookup>();

  constructor(
    private readonly dir: string,
    private readonly build: DncFileBuilder,
  ) {}

  get(profile: ProfileId): DncLookup | undefined {
    return this.lookups.get(profile);
  }

  /** Rebuilds each profile's newest snapshot from its file. Returns the profiles loaded. */
  async loadAll(store: Store, log: (msg: string) => void = () => undefined): Promise<ProfileId[]> {
    const loaded: ProfileId[] = [];
    for (const s of await latestSnapshots(store.db)) {
      const file = join(this.dir, s.fileName);
      if (!existsSync(file)) {
        log(`DNC snapshot ${s.id} (${s.profile}) file is missing; dialing ${s.profile} campaigns stays refused until a new import`);
        continue;
      }
      const built = await this.build(file, { profile: s.profile, takenAt: s.takenAt, onProgress: () => undefined });
      this.lookups.set(s.profile, withSnapshotDate(built.lookup, s.takenAt));
      loaded.push(s.profile);
    }
    return loaded;
  }

  /** Imports one snapshot from a stream; reports progress; swaps it in when it is the newest. */
  async importSnapshot(
    store: Store,
    opts: { profile: ProfileId; takenAt: string; body: Readable; importedBy: string; now: Date; snapshotId?: string },
    onProgress: (p: DncProgress) => void,
  ): Promise<ImportResult> {
    mkdirSync(this.dir, { recursive: true });
    const id = opts.snapshotId ?? newId();
    const fileName = `dnc-${opts.profile}-${id}.txt`;
    const file = join(this.dir, fileName);
    const partial = `${file}.partial`;
    const sha = createHash('sha256');
    let bytes = 0;
    let lastReport = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        sha.update(chunk);
        if (bytes - lastReport >= 1 << 20) {
          lastReport = bytes;
          onProgress({ phase: 'receiving', bytes, lines: 0 });
        }
        cb(null, chunk);
      },
    });
    try {
      await pipeline(opts.body, meter, createWriteStream(partial));
      await rename(partial, file);
    } catch (err) {
      await unlink(partial).catch(() => undefined);
      throw err;
    }
    onProgress({ phase: 'receiving', bytes, lines: 0 });
    const takenAt = new Date(opts.takenAt).toISOString();
    const built = await this.build(file, {
      profile: opts.profile,
      takenAt,
      onProgress: (lines) => onProgress({ phase: 'building', bytes, lines }),
    });
    await insertSnapshot(store.db, {
      id,
      profile: opts.profile,
      takenAt,
      importedAt: opts.now.toISOString(),
      importedBy: opts.importedBy,
      numbers: built.numbers,
      rejectedLines: built.rejectedLines,
      fileName,
      fileSha256: sha.digest('hex'),
    });
    const current = this.lookups.get(opts.profile);
    if (!current?.snapshotTakenAt || current.snapshotTakenAt <= takenAt) {
      this.lookups.set(opts.profile, withSnapshotDate(built.lookup, takenAt));
    }
    return { snapshotId: id, numbers: built.numbers, rejectedLines: built.rejectedLines };
  }
}

function withSnapshotDate(lookup: DncLookup, takenAt: string): DncLookup {
  if (lookup.snapshotTakenAt === takenAt) return lookup;
  return { has: (n) => lookup.has(n), snapshotTakenAt: takenAt };
}

/** The production builder: server/dnc's streaming file builder (compact bitset lookup). */
export const buildNationalDnc: DncFileBuilder = async (file, opts) => {
  const { lookup, report } = await buildDncFromFile(file, {
    defaultCountry: opts.profile === 'US' ? 'US' : 'KR',
    snapshotTakenAt: opts.takenAt,
    onProgress: (p) => opts.onProgress(p.lines),
  });
  return { lookup, numbers: report.distinct, rejectedLines: report.rejected };
};
