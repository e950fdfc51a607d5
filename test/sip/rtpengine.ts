// rtpengine in userspace only (--table=-1: no kernel module), its own process group.
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { requireBinary } from '../support/system';
import { spawnGroup, type GroupProcess } from './process-group';
import { freeUdpPort, freeUdpRange } from './net';

export interface RtpengineHandle {
  /** host:port of the ng control socket, for Kamailio's rtpengine_sock. */
  readonly ng: string;
  /** UDP port rtpengine sends detected DTMF events to (JSON), see dtmfEvents(). */
  readonly dtmfLogPort: number;
  readonly logFile: string;
  readonly process: GroupProcess;
  stop(): Promise<void>;
}

/** Sends a bencoded ng `ping` and resolves on `pong`. */
async function ngPing(port: number, timeoutMs: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(false);
    }, timeoutMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg.toString().includes('pong'));
    });
    socket.send('cookie1 d7:command4:pinge', port, '127.0.0.1');
  });
}

/**
 * Starts rtpengine on 127.0.0.1 with a random free media port range; resolves once it answers ng pings.
 * With `recordingDir`, `start recording` captures calls there as pcap (`--recording-method=pcap`; the
 * `proc` method needs the kernel module and fails silently here, see SIP-TEST-STACK.md). `ngPort` fixes
 * the control port (an API started before the stack is told it in advance).
 */
export async function startRtpengine(runDir: string, dtmfLogPort: number, opts: { recordingDir?: string; ngPort?: number } = {}): Promise<RtpengineHandle> {
  const rtpengine = requireBinary('rtpengine');
  const ngPort = opts.ngPort ?? (await freeUdpPort());
  const range = await freeUdpRange(200);
  const logFile = join(runDir, 'rtpengine.log');
  const args = [
    // Never the system config (/etc/rtpengine/rtpengine.conf): it binds fixed HTTP/CLI ports.
    '--config-file=none',
    '--table=-1',
    '--foreground',
    '--log-stderr',
    '--log-level=5',
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--port-min=${range.min}`,
    `--port-max=${range.max}`,
    `--dtmf-log-dest=127.0.0.1:${dtmfLogPort}`,
    '--timeout=60',
    '--delete-delay=0',
    ...(opts.recordingDir ? ['--recording-method=pcap', `--recording-dir=${opts.recordingDir}`] : []),
  ];
  const proc = spawnGroup('rtpengine', rtpengine, args, { logFile, cwd: runDir });
  const deadline = Date.now() + 10_000;
  while (!(await ngPing(ngPort, 200))) {
    const exited = await Promise.race([proc.exited.then(() => true), Promise.resolve(false)]);
    if (exited || Date.now() > deadline) {
      await proc.kill();
      throw new Error(`rtpengine did not answer ng pings; see ${logFile}`);
    }
  }
  return { ng: `127.0.0.1:${ngPort}`, dtmfLogPort, logFile, process: proc, stop: () => proc.stop() };
}
