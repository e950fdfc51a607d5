// `npm run edge`: the SIP edge on this machine (deploy/kamailio/kamailio.cfg as shipped + rtpengine),
// in front of a trunk, against the API at CALLGATE_API_URL. Prints the WebSocket URL for the desk.
//
//   npm run edge -- --carrier        a local sipp "carrier" (test/sip/scenarios/pstn-customer.xml:
//                                    every number answers and echoes; ...486 is busy, ...480 rings)
//   CALLGATE_TRUNK=IP:PORT npm run edge   a real trunk instead
//
// Settings (environment): CALLGATE_API_URL (default http://127.0.0.1:8787), CALLGATE_EDGE_DOMAIN
// (default callgate.invalid, the API's default too), CALLGATE_EDGE_SECRET / CALLGATE_SIP_SECRET
// (default: the API's kept secrets in data/keys/, or CALLGATE_DATA_DIR/keys/), CALLGATE_EDGE_WS_PORT
// (8088), CALLGATE_EDGE_SIP_PORT (5088), CALLGATE_RTPENGINE_NG_PORT (2223), CALLGATE_PRACTICE_SIP.
// Runs in the foreground; Ctrl-C stops everything it started (each in its own process group).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEdgeRunDir } from './edge-config.mjs';
import { apiIsUp, localApiUrl } from './local-api.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const groups = [];

function fail(message) {
  console.error(`edge: ${message}`);
  stopAll(1);
}

function stopAll(code) {
  for (const pid of groups.reverse()) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));

function binary(name, pkg) {
  for (const dir of [...(env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return fail(`'${name}' is not installed. Install it with:\n  apt-get install -y --no-install-recommends ${pkg}`);
}

function start(name, command, args, logFile) {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
  groups.push(child.pid);
  child.once('exit', (code) => fail(`${name} stopped (${code}); see ${logFile}`));
  return child;
}

/** The API's kept secret (server/edge/secrets.ts) when the environment does not give one. */
function secret(name, file) {
  if (env[name]) return env[name];
  const dataDir = env.CALLGATE_DATA_DIR ?? join(root, 'data');
  const path = join(dataDir, 'keys', file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  return fail(`no ${name}: set it (the same value as the API's) or start the API on this machine first (it keeps one in ${path})`);
}

async function ngPing(port) {
  return await new Promise((resolve) => {
    const s = createSocket('udp4');
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      s.close();
      resolve(ok);
    };
    setTimeout(() => finish(false), 300);
    s.on('message', (m) => finish(m.toString().includes('pong')));
    s.send('edge1 d7:command4:pinge', port, '127.0.0.1');
  });
}

async function waitFor(what, check, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) fail(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const carrier = process.argv.includes('--carrier');
const apiUrl = env.CALLGATE_API_URL ?? localApiUrl();
const domain = env.CALLGATE_EDGE_DOMAIN ?? 'callgate.invalid';
const wsPort = Number(env.CALLGATE_EDGE_WS_PORT ?? 8088);
const sipPort = Number(env.CALLGATE_EDGE_SIP_PORT ?? 5088);
const ngPort = Number(env.CALLGATE_RTPENGINE_NG_PORT ?? 2223);
const runDir = join(env.CALLGATE_EDGE_RUN_DIR ?? join(tmpdir(), 'callgate-edge'));
mkdirSync(runDir, { recursive: true });

if (!(await apiIsUp(apiUrl))) console.warn(`edge: no Callgate API answers at ${apiUrl} yet; calls get 503 until it does (fail closed).`);
const edgeSecret = secret('CALLGATE_EDGE_SECRET', 'edge.secret');
const sipSecret = secret('CALLGATE_SIP_SECRET', 'sip.secret');

const rtpengine = binary('rtpengine', 'rtpengine-daemon');
const kamailio = binary('kamailio', 'kamailio kamailio-websocket-modules kamailio-autheph-modules kamailio-utils-modules kamailio-extra-modules');

start('rtpengine', rtpengine, [
  '--config-file=none', '--table=-1', '--foreground', '--log-stderr', '--log-level=5',
  '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`, '--port-min=30000', '--port-max=30400', '--timeout=60', '--delete-delay=0',
], join(runDir, 'rtpengine.log'));
await waitFor('rtpengine', () => ngPing(ngPort));

let trunk = env.CALLGATE_TRUNK;
if (carrier) {
  const sipp = binary('sipp', 'sip-tester');
  const carrierPort = Number(env.CALLGATE_CARRIER_PORT ?? 5098);
  start('sipp carrier', sipp, [
    '-sf', join(root, 'test', 'sip', 'scenarios', 'pstn-customer.xml'), '-i', '127.0.0.1', '-p', String(carrierPort),
    '-mi', '127.0.0.1', '-mp', String(carrierPort + 2), '-rtp_echo', '-nostdin',
  ], join(runDir, 'sipp.log'));
  trunk = `127.0.0.1:${carrierPort}`;
}
if (!trunk) fail('no trunk: run with --carrier for a local sipp carrier, or set CALLGATE_TRUNK=IP:PORT');

const cfg = writeEdgeRunDir(join(runDir, 'kamailio'), {
  wsListen: `127.0.0.1:${wsPort}`,
  sipListen: `127.0.0.1:${sipPort}`,
  domain,
  trunk,
  rtpengineNg: `127.0.0.1:${ngPort}`,
  apiUrl,
  edgeSecret,
  sipSecret,
  children: 2,
  asyncWorkers: 4,
  ...(env.CALLGATE_PRACTICE_SIP ? { practice: env.CALLGATE_PRACTICE_SIP.replace(/^udp:/, '') } : {}),
});
start('kamailio', kamailio, ['-f', cfg, '-DD', '-E', '-m', '64', '-M', '8', '-Y', join(runDir, 'kamailio')], join(runDir, 'kamailio', 'kamailio.log'));

await waitFor('kamailio', () => new Promise((resolve) => {
  const c = connect({ host: '127.0.0.1', port: wsPort });
  c.once('connect', () => (c.destroy(), resolve(true)));
  c.once('error', () => resolve(false));
}));
console.log(`edge: SIP over WebSocket at ws://127.0.0.1:${wsPort} (domain ${domain})`);
console.log(`edge: dial tokens are redeemed at ${apiUrl}; trunk ${trunk}${carrier ? ' (local sipp carrier)' : ''}`);
console.log('edge: npm start gives a development desk this URL (CALLGATE_SIP_WS_URL, default ws://127.0.0.1:8088); a packaged desk reads it from the policy file (sipWsUrl). SIP credentials come from the API.');
console.log(`edge: logs in ${runDir}; Ctrl-C stops the edge.`);
