import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { evaluateGate } from '../shared/compliance';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import type { AppContext, Gate } from './context';
import { NationalDncRegistry, buildNationalDnc, type DncFileBuilder } from './national-dnc';
import { openRedis } from './http/shared-state';
import { AnchorKey, LedgerAnchors } from './ledger/anchors';
import { CallReplays } from './services/call-replay';
import { SessionCache } from './identity/session-cache';
import { ingestCommitter } from './services/ingest-events';
import { PracticeVoice } from './services/practice/voice-calls';
import { seedDemo, type SeedResult } from './seed';
import { ensureReviewRollups } from './store/review-rollup';
import { openStore, type Store } from './store/store';
import type { MediaEdge } from './media/media-edge';
import type { MediaTarget } from './recording/recorder';
import { createRecordingServices } from './recording/services';
import { purgeExpiredRecordings } from './recording/retention';
import type { CallRow } from './store/calls';
import { startComplianceJobs } from './notices/compliance-jobs';
import { withEdgeSecrets } from './edge/secrets';

export interface Server {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly seeded: SeedResult | null;
  close(): Promise<void>;
}

export interface ServerOverrides {
  readonly store?: Store;
  readonly clock?: () => Date;
  readonly gate?: Gate;
  readonly dncBuilder?: DncFileBuilder;
  /** Seed the demo data on an empty database (default true). */
  readonly seed?: boolean;
  readonly log?: (line: string) => void;
  /** A media edge other than rtpengine over ng (tests). */
  readonly mediaEdge?: MediaEdge;
  /** How a call's media-edge call is found (tests driving rtpengine without the SIP edge). */
  readonly mediaTargetOf?: (call: CallRow) => MediaTarget | null;
}

/**
 * Opens the store (SQLite by default, PostgreSQL with DATABASE_URL), makes the review rollups right for
 * the center's zone (built on first start, rebuilt when the zone or definition changed), rebuilds the national DNC lookups,
 * seeds the demo data on first start, and builds the app (not yet listening).
 */
export async function createServer(given: ServerConfig, overrides: ServerOverrides = {}): Promise<Server> {
  // The edge and SIP secrets: from the environment, or kept in the data folder.
  const config = withEdgeSecrets(given);
  const log = overrides.log ?? (() => undefined);
  const store = overrides.store ?? (await openStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, pgSchema: config.pgSchema }));
  const nationalDnc = new NationalDncRegistry(join(config.dataDir, 'dnc'), overrides.dncBuilder ?? buildNationalDnc);
  const clock = overrides.clock ?? (() => new Date());
  const recordings = createRecordingServices(config, {
    db: store.db,
    clock,
    log,
    ...(overrides.mediaEdge ? { edge: overrides.mediaEdge } : {}),
    ...(overrides.mediaTargetOf ? { targetOf: overrides.mediaTargetOf } : {}),
  });
  const practiceVoice = new PracticeVoice({ store, clock, config, edge: recordings.edge, log });
  const anchors = new LedgerAnchors({
    db: store.db,
    clock,
    key: AnchorKey.load(config.anchorKey, config.anchorKeyFile),
    logFile: config.anchorLog,
    everyEntries: config.anchorEveryEntries,
    intervalSec: config.anchorIntervalSec,
    pollMs: config.anchorPollMs,
    log,
  });
  const ctx: AppContext = {
    anchors,
    store,
    clock,
    gate: overrides.gate ?? ((input) => evaluateGate(input)),
    nationalDnc,
    config,
    practiceVoice,
    recordings,
    replays: new CallReplays(config.replayCacheCalls),
    sessions: new SessionCache(config.sessionCacheMs),
    ingestGroup: ingestCommitter(store.db, () => ctx),
  };
  if (await ensureReviewRollups(store.db, { zone: config.centerTimeZone, lateEventMs: config.lateEventSec * 1000 })) {
    log(`review rollups built for ${config.centerTimeZone} (late events after ${config.lateEventSec} s)`);
  }
  await nationalDnc.loadAll(store, log);
  const seeded = overrides.seed === false ? null : await seedDemo(ctx, { password: config.demoPassword });
  const redis = config.redisUrl ? await openRedis(config.redisUrl) : undefined;
  redis?.on('error', (err: Error) => log(`redis: ${err.message}`));
  const app = await buildApp(ctx, { logger: config.logLevel === 'silent' ? false : { level: config.logLevel }, redis });
  await practiceVoice.start();
  // Recordings a restart interrupted are finished; expired ones are deleted now and then periodically.
  await recordings.recorder?.sweep();
  const purge = async (): Promise<void> => {
    const n = await purgeExpiredRecordings(store.db, recordings.vault, clock()).catch((err: unknown) => {
      log(`recording retention job failed: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    });
    if (n > 0) log(`recording retention: ${n} recording(s) deleted`);
  };
  const timer = config.recordingPurgeIntervalSec > 0 ? setInterval(() => void purge(), config.recordingPurgeIntervalSec * 1000) : null;
  timer?.unref();
  if (timer) await purge();
  const compliance = startComplianceJobs(ctx, log);
  anchors.start();
  return {
    app,
    ctx,
    seeded,
    close: async () => {
      await practiceVoice.stop();
      if (timer) clearInterval(timer);
      await compliance.stop();
      await app.close();
      await anchors.stop();
      await redis?.quit().catch(() => undefined);
      await recordings.recorder?.idle();
      recordings.close();
      await store.close();
    },
  };
}
