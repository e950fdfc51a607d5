// `npm run ledger:anchor-export -- --format json|tsq --out <file> [--anchors <log>] [--seq N]`: exports one
// ledger anchor (default the newest of the configured anchor log, CALLGATE_ANCHOR_LOG) for a third party.
// - `json`: the signed anchor exactly as its log line (canonical JSON, no newline), and `<file>.pub`, the
//   Ed25519 public key (PEM) that checks its signature.
// - `tsq`: an RFC 3161 TimeStampReq (DER) whose message imprint is SHA-256 of those JSON bytes: send it to
//   a time-stamping authority, keep the reply (.tsr) with the JSON; `openssl ts -verify -data anchor.json
//   -in anchor.tsr -CAfile tsa-ca.pem` later proves the anchor existed at the TSA's time.
// Exit 0 when written, 2 when it could not run.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { AnchorKey, anchorLine, publicKeyPem, readAnchorLog } from '../ledger/anchors';
import { timeStampRequest } from '../ledger/timestamp-request';
import { runCli } from './run-cli';

function main(): number {
  const { values } = parseArgs({ options: { format: { type: 'string', default: 'json' }, out: { type: 'string' }, anchors: { type: 'string' }, seq: { type: 'string' } } });
  const config = loadConfig();
  const format = values.format;
  if (format !== 'json' && format !== 'tsq') throw new Error('--format is json or tsq');
  const out = values.out;
  if (!out) throw new Error('--out <file> is required');
  const logFile = values.anchors ?? config.anchorLog;
  const seqText = values.seq;
  const { anchors } = readAnchorLog(logFile);
  const anchor = seqText === undefined ? anchors[anchors.length - 1] : anchors.find((a) => a.seq === Number(seqText));
  if (!anchor) throw new Error(seqText === undefined ? `no anchors in ${logFile}` : `no anchor of entry ${seqText} in ${logFile}`);
  const bytes = Buffer.from(anchorLine(anchor), 'utf8');
  const digest = createHash('sha256').update(bytes).digest();
  if (format === 'json') {
    writeFileSync(out, bytes);
    const key = AnchorKey.load(config.anchorKey, config.anchorKeyFile);
    if (key.keyId === anchor.keyId) writeFileSync(`${out}.pub`, publicKeyPem(key.publicKey));
    console.log(`anchor of entry ${anchor.seq} (${anchor.at}) written to ${out}; SHA-256 ${digest.toString('hex')}`);
  } else {
    writeFileSync(out, timeStampRequest(digest));
    console.log(`RFC 3161 time-stamp request for the anchor of entry ${anchor.seq} written to ${out}; imprint SHA-256 ${digest.toString('hex')} (of the --format json export)`);
  }
  return 0;
}

runCli('ledger:anchor-export', main);
