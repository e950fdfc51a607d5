// The plain-SIP customer: one sipp UAS (scenarios/pstn-customer.xml) with -rtp_echo, own process group.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBinary } from '../support/system';
import { spawnGroup, type GroupProcess } from './process-group';
import { freeUdpPort, waitForUdp } from './net';

const here = dirname(fileURLToPath(import.meta.url));

export interface SippHandle {
  /** host:port where the customer answers (Kamailio's trunk). */
  readonly hostPort: string;
  /** The UDP port the customer receives (and echoes) RTP on: what reaches the customer's ear. */
  readonly mediaPort: number;
  /** The scenario's <log> lines (call codes, INFO DTMF digits, re-INVITE directions). */
  readonly actionLog: string;
  readonly process: GroupProcess;
  /** Digits the customer received by SIP INFO, in order. */
  infoDigits(): string[];
  /** Every <log> line so far. */
  logLines(): string[];
  /** What the customer logged about one call (by SIP Call-ID): `BYE`, `CANCEL`, `re-INVITE a=sendonly`... */
  callLog(sipCallId: string): string[];
  stop(): Promise<void>;
}

/**
 * Starts the customer; a port taken between choosing and binding it (sipp also binds the media port
 * + 2 for video, which nothing reserved) makes sipp exit at once: then it is tried again on new ports.
 */
export async function startSipp(runDir: string): Promise<SippHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSippOnce(runDir);
    } catch (err) {
      if (attempt >= 3 || !/sipp exited/.test((err as Error).message)) throw err;
    }
  }
}

async function startSippOnce(runDir: string): Promise<SippHandle> {
  const sipp = requireBinary('sipp');
  const port = await freeUdpPort();
  let mediaPort = await freeUdpPort();
  while (mediaPort === port) mediaPort = await freeUdpPort();
  const actionLog = join(runDir, 'sipp-actions.log');
  const args = [
    '-sf', join(here, 'scenarios', 'pstn-customer.xml'),
    '-i', '127.0.0.1',
    '-p', String(port),
    '-mi', '127.0.0.1',
    '-mp', String(mediaPort),
    '-rtp_echo',
    '-nostdin',
    '-trace_logs', '-log_file', actionLog,
    '-trace_err', '-error_file', join(runDir, 'sipp-errors.log'),
    '-trace_msg', '-message_file', join(runDir, 'sipp-messages.log'),
    // Screens go to the log file only on exit; nothing floods the test output.
    '-trace_screen', '-screen_file', join(runDir, 'sipp-screen.log'),
  ];
  const proc = spawnGroup('sipp', sipp, args, { logFile: join(runDir, 'sipp.log'), cwd: runDir });
  try {
    await Promise.race([
      waitForUdp(port, 10_000, 'sipp'),
      proc.exited.then((code) => {
        throw new Error(`sipp exited (${String(code)}); see ${join(runDir, 'sipp.log')}`);
      }),
    ]);
  } catch (err) {
    await proc.kill();
    throw err;
  }
  const logLines = (): string[] => (existsSync(actionLog) ? readFileSync(actionLog, 'utf8').split('\n').filter((l) => l.trim() !== '') : []);
  return {
    hostPort: `127.0.0.1:${port}`,
    mediaPort,
    actionLog,
    process: proc,
    logLines,
    infoDigits: () => logLines().flatMap((l) => /INFO dtmf (\S+)/.exec(l)?.[1] ?? []),
    callLog: (sipCallId) => {
      const prefix = `call ${sipCallId} `;
      return logLines().flatMap((l) => {
        const at = l.indexOf(prefix);
        return at >= 0 ? [l.slice(at + prefix.length).trim()] : [];
      });
    },
    stop: () => proc.stop(),
  };
}
