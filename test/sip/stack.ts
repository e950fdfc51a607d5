// The whole real SIP test stack in one call, for the phone e2e tests, the desk e2e tests and the
// bench: rtpengine (userspace), the sipp PSTN customer, Kamailio (WebSocket registrar/proxy with
// digest auth, trunk through rtpengine). Free ports, throwaway folder, process groups.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports';
import { startKamailio, type KamailioHandle, type SipUser } from './kamailio';
import { freeUdpPort } from './net';
import { PSTN } from './pstn-numbers';
import { startRtpengine, type RtpengineHandle } from './rtpengine';
import { startSipp, type SippHandle } from './sipp';

export interface StackUser extends SipUser {
  /** sip:user@domain */
  readonly aor: string;
}

/** A DTMF event rtpengine saw in the media (RFC 4733), from its --dtmf-log-dest JSON. */
export interface MediaDtmfEvent {
  readonly event: number;
  readonly raw: Record<string, unknown>;
}

export interface SipStack {
  /** ws://127.0.0.1:PORT, the phone's serverUrl. */
  readonly wsUrl: string;
  readonly domain: string;
  /** Agents (for the adapter) and customers (for browser customer pages). */
  readonly agents: readonly StackUser[];
  readonly customers: readonly StackUser[];
  /** Numbers of the plain-SIP customer behind the trunk (pstn-numbers.ts). */
  readonly pstn: typeof PSTN;
  readonly runDir: string;
  readonly sipp: SippHandle;
  readonly rtpengine: RtpengineHandle;
  /** DTMF events rtpengine detected in RTP so far. */
  mediaDtmf(): MediaDtmfEvent[];
  /** Crash: SIGKILL to Kamailio's whole process group (all connections drop, bindings forgotten). */
  killKamailio(): Promise<void>;
  /** Starts Kamailio again on the same ports; resolves when it accepts connections. */
  startKamailio(): Promise<void>;
  /** killKamailio then startKamailio after `downMs`. Resolves with the epoch ms it was back. */
  restartKamailio(downMs?: number): Promise<number>;
  /**
   * SIGSTOP to Kamailio's group: it freezes with every socket open (nothing closes, nothing is
   * answered), as a hung host or a black-holed path looks to a phone.
   */
  freezeKamailio(): void;
  /** SIGCONT: Kamailio goes on where it stopped (nothing if it is not running). Returns the epoch ms it was woken. */
  thawKamailio(): number;
  /** Stops everything and removes the run folder (kept when CALLGATE_KEEP_SIP_LOGS is set). */
  stop(): Promise<void>;
}

export interface SipStackOptions {
  readonly agents?: number;
  readonly customers?: number;
  readonly domain?: string;
}

function users(prefix: string, count: number, domain: string): StackUser[] {
  return Array.from({ length: count }, (_, i) => {
    const user = `${prefix}${i + 1}`;
    return { user, password: randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x'), aor: `sip:${user}@${domain}` };
  });
}

/** Starts rtpengine, sipp and Kamailio (in that order: Kamailio needs rtpengine up). */
export async function startSipStack(options: SipStackOptions = {}): Promise<SipStack> {
  const domain = options.domain ?? 'callgate.test';
  const runDir = mkdtempSync(join(tmpdir(), 'callgate-sip-'));
  const agents = users('agent', options.agents ?? 3, domain);
  const customers = users('customer', options.customers ?? 3, domain);
  const started: { stop(): Promise<void> }[] = [];
  const dtmfEvents: MediaDtmfEvent[] = [];
  let dtmfSocket: Socket | null = null;
  try {
    const dtmfPort = await freeUdpPort();
    dtmfSocket = createSocket('udp4');
    dtmfSocket.on('message', (msg) => {
      try {
        const raw = JSON.parse(msg.toString()) as Record<string, unknown>;
        const event = Number((raw['event'] as number | undefined) ?? Number.NaN);
        dtmfEvents.push({ event, raw });
      } catch {
        // not JSON: ignore
      }
    });
    await new Promise<void>((resolve) => dtmfSocket?.bind(dtmfPort, '127.0.0.1', resolve));
    const rtpengine = await startRtpengine(runDir, dtmfPort);
    started.push(rtpengine);
    const sipp = await startSipp(runDir);
    started.push(sipp);
    const kamailioConfig = {
      runDir: join(runDir, 'kamailio'),
      wsPort: await freePort(),
      udpPort: await freeUdpPort(),
      domain,
      trunk: sipp.hostPort,
      rtpengineNg: rtpengine.ng,
      users: [...agents, ...customers],
    };
    let kamailio: KamailioHandle | null = await startKamailio(kamailioConfig);
    const wsUrl = kamailio.wsUrl;
    const socket = dtmfSocket;
    const stack: SipStack = {
      wsUrl,
      domain,
      agents,
      customers,
      pstn: PSTN,
      runDir,
      sipp,
      rtpengine,
      mediaDtmf: () => [...dtmfEvents],
      async killKamailio() {
        await kamailio?.kill();
        kamailio = null;
      },
      async startKamailio() {
        if (kamailio) return;
        kamailio = await startKamailio(kamailioConfig);
      },
      freezeKamailio() {
        if (!kamailio) throw new Error('kamailio is not running');
        kamailio.freeze(true);
      },
      thawKamailio() {
        kamailio?.freeze(false);
        return Date.now();
      },
      async restartKamailio(downMs = 200) {
        await stack.killKamailio();
        await new Promise((r) => setTimeout(r, downMs));
        await stack.startKamailio();
        return Date.now();
      },
      async stop() {
        kamailio?.freeze(false); // a frozen Kamailio cannot act on SIGTERM
        await kamailio?.stop();
        kamailio = null;
        await Promise.all([sipp.stop(), rtpengine.stop()]);
        socket.close();
        if (!process.env['CALLGATE_KEEP_SIP_LOGS']) rmSync(runDir, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (err) {
    await Promise.all(started.map((p) => p.stop().catch(() => undefined)));
    dtmfSocket?.close();
    throw new Error(`SIP test stack did not start (logs in ${runDir}): ${(err as Error).message}`, { cause: err });
  }
}
