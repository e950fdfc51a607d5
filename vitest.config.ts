import { defineConfig } from 'vitest/config';

/**
 * Test tiers, split by runtime (../shared/STYLE.md):
 * - unit: pure domain logic and services in Node, milliseconds each;
 * - integration: real SQLite and PostgreSQL, real processes;
 * - e2e: real Chromium (playwright-core), Kamailio, rtpengine, sipp.
 * `npm test` runs all of them; a missing system package fails with an install hint.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    // electron-store imports `electron`; inlining it lets tests mock `electron` (the binary can't run here).
    server: { deps: { inline: ['electron-store'] } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node', testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
