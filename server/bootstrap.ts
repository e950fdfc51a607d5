import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { evaluateGate } from '../shared/compliance';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import type { AppContext, Gate } from './context';
import { NationalDncRegistry, buildNationalDnc, type DncFileBuilder } from './national-dnc';
import { PracticeVoice } from './services/practice/voice-calls';
import { seedDemo, type SeedResult } from './seed';
import { openStore, type Store } from './store/store';

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
}

/**
 * Opens the store (SQLite by default, PostgreSQL with DATABASE_URL), rebuilds the national DNC lookups,
 * seeds the demo data on first start, and builds the app (not yet listening).
 */
export async function createServer(config: ServerConfig, overrides: ServerOverrides = {}): Promise<Server> {
  const log = overrides.log ?? (() => undefined);
  const store = overrides.store ?? (await openStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, pgSchema: config.pgSchema }));
  const nationalDnc = new NationalDncRegistry(join(config.dataDir, 'dnc'), overrides.dncBuilder ?? buildNationalDnc);
  const clock = overrides.clock ?? (() => new Date());
  const practiceVoice = new PracticeVoice({ store, clock, config, log });
  const ctx: AppContext = {
    store,
    clock,
    gate: overrides.gate ?? ((input) => evaluateGate(input)),
    nationalDnc,
    config,
    practiceVoice,
  };
  await nationalDnc.loadAll(store, log);
  const seeded = overrides.seed === false ? null : await seedDemo(ctx, { password: config.demoPassword });
  const app = await buildApp(ctx, { logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  await practiceVoice.start();
  return {
    app,
    ctx,
    seeded,
    close: async () => {
      await practiceVoice.stop();
      await app.close();
      await store.close();
    },
  };
}
