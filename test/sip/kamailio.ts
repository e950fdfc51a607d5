// Runs test/sip/kamailio.cfg in the foreground, in its own process group, in a throwaway folder.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBinary } from '../support/system';
import { spawnGroup, type GroupProcess } from './process-group';
import { waitForTcp, waitForUdp } from './net';

const here = dirname(fileURLToPath(import.meta.url));

export interface SipUser {
  readonly user: string;
  readonly password: string;
}

export interface KamailioConfig {
  /** Throwaway folder for the config copy, credentials, runtime files and the log. */
  readonly runDir: string;
  readonly wsPort: number;
  readonly udpPort: number;
  readonly domain: string;
  /** host:port of the plain-SIP customer (sipp). */
  readonly trunk: string;
  /** host:port of rtpengine's ng control socket (UDP). */
  readonly rtpengineNg: string;
  readonly users: readonly SipUser[];
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

/** Kamailio needs a define's string value in double quotes. */
function quoted(value: string): string {
  return `"${value.replace(/"/g, '')}"`;
}

/** The static credentials (route[CREDENTIALS]) for kamailio.cfg, one `case` per user. */
export function credentialsRoute(users: readonly SipUser[]): string {
  for (const u of users) {
    if (!/^[A-Za-z0-9._-]+$/.test(u.user) || !/^[A-Za-z0-9._-]+$/.test(u.password)) {
      throw new Error(`test SIP user '${u.user}': user and password must be [A-Za-z0-9._-]+`);
    }
  }
  const cases = users.map((u) => `\t\tcase "${u.user}":\n\t\t\t$var(password) = "${u.password}";\n\t\t\tbreak;`).join('\n');
  return `route[CREDENTIALS] {\n\t$var(password) = "";\n\tswitch ($au) {\n${cases}\n\t}\n}\n`;
}

/**
 * The WebSocket module comes in its own Debian package: without it Kamailio starts and dies with a
 * bare "could not find module". Fail early with the install command instead.
 */
function requireWebsocketModule(): void {
  const libs = existsSync('/usr/lib') ? readdirSync('/usr/lib').map((d) => join('/usr/lib', d, 'kamailio', 'modules')) : [];
  const dirs = [...libs, '/usr/lib/kamailio/modules', '/usr/local/lib64/kamailio/modules'];
  if (dirs.some((d) => existsSync(join(d, 'websocket.so')))) return;
  throw new Error(
    "Kamailio's websocket module is not installed, and this test needs the real one. Install it with:\n" +
      '  apt-get update && apt-get install -y --no-install-recommends kamailio-websocket-modules\n' +
      '(.ci/run installs every system package the tests need.)',
  );
}

/** Writes the run folder (config copy + credentials) and starts Kamailio; resolves once it accepts WebSocket connections. */
export async function startKamailio(config: KamailioConfig): Promise<KamailioHandle> {
  const kamailio = requireBinary('kamailio');
  requireWebsocketModule();
  mkdirSync(config.runDir, { recursive: true });
  const cfg = join(config.runDir, 'kamailio.cfg');
  copyFileSync(join(here, 'kamailio.cfg'), cfg);
  writeFileSync(join(config.runDir, 'credentials.cfg'), credentialsRoute(config.users));
  const logFile = join(config.runDir, 'kamailio.log');
  const args = [
    '-f', cfg,
    '-DD', '-E',
    '-m', '64', '-M', '8',
    '-Y', config.runDir,
    '-A', `WS_LISTEN=tcp:127.0.0.1:${config.wsPort}`,
    '-A', `UDP_LISTEN=udp:127.0.0.1:${config.udpPort}`,
    '-A', `SIP_DOMAIN=${quoted(config.domain)}`,
    '-A', `TRUNK_HOSTPORT=${quoted(config.trunk)}`,
    '-A', `RTPENGINE_SOCK=${quoted(`udp:${config.rtpengineNg}`)}`,
  ];
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
