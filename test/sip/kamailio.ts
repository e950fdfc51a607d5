// Runs the shipped edge (deploy/kamailio/kamailio.cfg, copied byte for byte with its two generated
// include files by scripts/edge-config.mjs) in the foreground, in its own process group, in a
// throwaway folder.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeEdgeRunDir } from '../../scripts/edge-config.mjs';
import { requireBinary } from '../support/system';
import { spawnGroup, type GroupProcess } from './process-group';
import { waitForTcp, waitForUdp } from './net';

export interface KamailioConfig {
  /** Throwaway folder for the config copy, its includes, runtime files and the log. */
  readonly runDir: string;
  readonly wsPort: number;
  readonly udpPort: number;
  readonly domain: string;
  /** host:port of the plain-SIP customer (sipp), the edge's trunk. */
  readonly trunk: string;
  /** host:port of rtpengine's ng control socket (UDP). */
  readonly rtpengineNg: string;
  /** The API the edge redeems dial tokens at and posts call events to. */
  readonly apiUrl: string;
  readonly edgeSecret: string;
  readonly sipSecret: string;
  /** host:port of the API's voice practice line, if the test has one. */
  readonly practice?: string;
  /** Seconds the edge waits for the API (http_client's whole-second timeout). */
  readonly apiTimeoutSec?: number;
}

export interface KamailioHandle {
  readonly wsUrl: string;
  readonly logFile: string;
  /** Graceful stop (SIGTERM to the group). */
  stop(): Promise<void>;
  /** A crash: SIGKILL to the whole group, every connection drops at once. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT to the whole group: frozen, connections stay open, nothing answers. */
  freeze(frozen: boolean): void;
  readonly process: GroupProcess;
}

/** Kamailio modules the edge loads that come in their own Debian package (kamailio.cfg loadmodule lines). */
export const KAMAILIO_MODULE_PACKAGES: Readonly<Record<string, string>> = {
  'websocket.so': 'kamailio-websocket-modules',
  'auth_ephemeral.so': 'kamailio-autheph-modules',
  'http_client.so': 'kamailio-utils-modules',
  'jansson.so': 'kamailio-extra-modules',
  'tls.so': 'kamailio-tls-modules',
};

/**
 * Modules from separate Debian packages: without one, Kamailio starts and dies with a bare "could
 * not find module". Fail early with the install command instead.
 */
export function requireKamailioModules(): void {
  const libs = existsSync('/usr/lib') ? readdirSync('/usr/lib').map((d) => join('/usr/lib', d, 'kamailio', 'modules')) : [];
  const dirs = [...libs, '/usr/lib/kamailio/modules', '/usr/local/lib64/kamailio/modules'];
  const missing = Object.entries(KAMAILIO_MODULE_PACKAGES).filter(([module]) => !dirs.some((d) => existsSync(join(d, module))));
  if (missing.length === 0) return;
  throw new Error(
    `Kamailio modules ${missing.map(([m]) => m).join(', ')} are not installed, and the edge needs the real ones. Install them with:\n` +
      `  apt-get update && apt-get install -y --no-install-recommends ${missing.map(([, p]) => p).join(' ')}\n` +
      '(.ci/run installs every system package the tests need.)',
  );
}

/** Writes the run folder (the shipped config + its includes) and starts Kamailio; resolves once it accepts WebSocket connections. */
export async function startKamailio(config: KamailioConfig): Promise<KamailioHandle> {
  const kamailio = requireBinary('kamailio');
  requireKamailioModules();
  const cfg = writeEdgeRunDir(config.runDir, {
    wsListen: `127.0.0.1:${config.wsPort}`,
    sipListen: `127.0.0.1:${config.udpPort}`,
    domain: config.domain,
    trunk: config.trunk,
    rtpengineNg: config.rtpengineNg,
    apiUrl: config.apiUrl,
    edgeSecret: config.edgeSecret,
    sipSecret: config.sipSecret,
    apiTimeoutSec: config.apiTimeoutSec ?? 2,
    // Two cores shared by many tests: few processes, enough async workers for a burst of dials.
    children: 2,
    asyncWorkers: 4,
    ...(config.practice ? { practice: config.practice } : {}),
  });
  const logFile = join(config.runDir, 'kamailio.log');
  const args = ['-f', cfg, '-DD', '-E', '-m', '64', '-M', '8', '-Y', config.runDir];
  const proc = spawnGroup('kamailio', kamailio, args, { logFile, cwd: config.runDir });
  const failed = proc.exited.then((code) => {
    throw new Error(`kamailio exited (${String(code)}) before listening; see ${logFile}`);
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([waitForTcp(config.wsPort, 10_000, 'kamailio'), failed]);
    await Promise.race([waitForUdp(config.udpPort, 5_000, 'kamailio'), failed]);
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return {
    wsUrl: `ws://127.0.0.1:${config.wsPort}`,
    logFile,
    process: proc,
    stop: () => proc.stop(),
    kill: () => proc.kill(),
    freeze: (frozen) => proc.freeze(frozen),
  };
}
