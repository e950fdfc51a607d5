// `npm run ledger:verify [-- --anchors <file> [--public-key <pem>]] [--json]`: recomputes the ledger's
// hash chain in the configured database (CALLGATE_DB or DATABASE_URL) and names the first entry changed,
// removed or inserted, then hashes every stored recording file (CALLGATE_RECORDINGS_DIR) against its
// ledger entry. With `--anchors`, the chain is also checked against the anchor log (kept outside the
// database): a truncated tail or a rewritten chain is named with its seq range. The anchors' key is the
// public key given, else the configured anchor key's (CALLGATE_ANCHOR_KEY or its file). Exit 0 when
// intact, 1 when broken, 2 when it could not run.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { AnchorKey, anchorSignatureValid, parsePublicKey, readAnchorLog } from '../ledger/anchors';
import { verifyAgainstAnchors, verifyLedger } from '../ledger/verify';
import { openStore } from '../store/store';
import { RecordingVault } from '../recording/vault';
import { runCli } from './run-cli';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { anchors: { type: 'string' }, 'public-key': { type: 'string' }, json: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const anchorsFile = values.anchors;
  const keyFile = values['public-key'];
  const json = values.json;
  let publicKey = null;
  if (anchorsFile !== undefined) {
    if (!existsSync(anchorsFile)) throw new Error(`no anchor log at ${anchorsFile}`);
    if (keyFile) publicKey = parsePublicKey(readFileSync(keyFile, 'utf8'));
    else if (config.anchorKey || existsSync(config.anchorKeyFile)) publicKey = AnchorKey.load(config.anchorKey, config.anchorKeyFile).publicKey;
    else throw new Error(`no anchor key: pass --public-key <pem> (the server writes it to ${config.anchorKeyFile}.pub)`);
  }
  const store = await openStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, pgSchema: config.pgSchema });
  try {
    const r = await verifyLedger(store.db, new Date(), { recordings: new RecordingVault(config.recordingsDir) });
    let anchored = null;
    if (anchorsFile !== undefined && publicKey) {
      const key = publicKey;
      const log = readAnchorLog(anchorsFile);
      anchored = await verifyAgainstAnchors(store.db, log.anchors, (a) => anchorSignatureValid(a, key));
      if (log.unreadable.length > 0) anchored = { ...anchored, rejected: anchored.rejected + log.unreadable.length };
    }
    const ok = r.ok && (anchored?.ok ?? true);
    if (json) console.log(JSON.stringify(anchored ? { ...r, ok, anchors: anchored } : r, null, 2));
    else {
      if (r.ok) console.log(`ledger OK: ${r.entries} entries, head ${r.head ? `#${r.head.seq} ${r.head.hash}` : '(empty)'}`);
      else console.log(`ledger BROKEN at entry #${r.firstBroken?.seq}: ${r.firstBroken?.problem} (${r.firstBroken?.detail})`);
      if (anchored?.ok) console.log(`anchors OK: the chain agrees with ${anchored.anchors} signed anchor(s)${anchored.lastAgreeing ? `, newest #${anchored.lastAgreeing.seq} of ${anchored.lastAgreeing.at}` : ''}`);
      else if (anchored?.problem) console.log(`anchors BROKEN: ${anchored.problem.kind} entries ${anchored.problem.fromSeq}..${anchored.problem.toSeq} (${anchored.problem.detail})`);
      if (anchored && anchored.rejected > 0) console.log(`anchors: ${anchored.rejected} line(s) not signed by this key or unreadable were ignored`);
      if (anchored && anchored.anchors === 0) console.log('anchors: none signed by this key; nothing outside the database vouches for the chain');
    }
    return ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

runCli('ledger:verify', main);
