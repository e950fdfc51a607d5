// `npm run ledger:verify`: recomputes the ledger's hash chain in the configured database (CALLGATE_DB
// or DATABASE_URL) and names the first entry changed, removed or inserted, then hashes every stored
// recording file (CALLGATE_RECORDINGS_DIR) against its ledger entry. Exit 0 when intact, 1 when broken,
// 2 when it could not run.
import { loadConfig } from '../config';
import { verifyLedger } from '../ledger/verify';
import { openStore } from '../store/store';
import { RecordingVault } from '../recording/vault';

async function main(): Promise<number> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, pgSchema: config.pgSchema });
  try {
    const r = await verifyLedger(store.db, new Date(), { recordings: new RecordingVault(config.recordingsDir) });
    if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
    else if (r.ok) console.log(`ledger OK: ${r.entries} entries, head ${r.head ? `#${r.head.seq} ${r.head.hash}` : '(empty)'}`);
    else console.log(`ledger BROKEN at entry #${r.firstBroken?.seq}: ${r.firstBroken?.problem} (${r.firstBroken?.detail})`);
    return r.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ledger:verify could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
