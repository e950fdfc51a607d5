// `npm run recordings:purge`: deletes the stored recordings whose retention ended (KR-REC, US-RETAIN),
// each deletion leaving a `recording_deleted` ledger entry. The API does the same every
// CALLGATE_RECORDING_PURGE_INTERVAL_SEC; this runs it once, now. Exit 0 on success, 2 when it could not run.
import { loadConfig } from '../config';
import { purgeExpiredRecordings } from '../recording/retention';
import { RecordingVault } from '../recording/vault';
import { openStore } from '../store/store';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, pgSchema: config.pgSchema });
  try {
    const n = await purgeExpiredRecordings(store.db, new RecordingVault(config.recordingsDir), new Date());
    console.log(`${n} expired recording(s) deleted`);
  } finally {
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`recordings:purge could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
