// `npm run review:rebuild`: recomputes the review rollups of the configured database (CALLGATE_DB or
// DATABASE_URL) from its calls, events and dial attempts, for CALLGATE_CENTER_TZ and
// CALLGATE_LATE_EVENT_SEC; recreates the triggers that keep them. Run it after a bulk import that went
// around the API, or to check them (`--check`: compare without writing; exit 1 when they differ).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { checkReviewRollups, rebuildReviewRollups } from '../store/review-rollup';
import { openStore } from '../store/store';
import { runCli } from './run-cli';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, pgSchema: config.pgSchema });
  const settings = { zone: config.centerTimeZone, lateEventMs: config.lateEventSec * 1000 };
  try {
    if (values.check) {
      const diff = await checkReviewRollups(store.db, settings);
      if (diff.rows < 0) console.log(`review rollups were ${diff.first}: run review:rebuild without --check`);
      else console.log(diff.rows === 0 ? 'review rollups agree with the calls, events and dial attempts' : `review rollups differ from a rebuild in ${diff.rows} rows (first: ${diff.first})`);
      return diff.rows === 0 ? 0 : 1;
    }
    const t0 = performance.now();
    await rebuildReviewRollups(store.db, settings);
    console.log(`review rollups rebuilt for ${settings.zone} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli('review:rebuild', main);
