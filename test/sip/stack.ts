// The whole real SIP test stack in one call, for the phone e2e tests, the desk e2e tests and the
// bench: rtpengine (userspace), the sipp PSTN customer as the trunk, and the shipped SIP edge
// (deploy/kamailio/kamailio.cfg: WebSocket registrar/proxy with auth_ephemeral credentials, dial
// tokens redeemed at an API, trunk through rtpengine). Free ports, throwaway folder, process groups.
//
// The edge asks an API to redeem dial tokens. Either the REAL API (`api` option: the dialing
// authority tests, test/e2e/edge/*) or, by default, the in-test stub of the same contract
// (edge-api-stub.ts: tests of media and phone behaviour that only need "a call to PSTN number X").
import { createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports';
import { startEdgeApiStub, type EdgeApiStub } from './edge-api-stub';
import { startKamailio, type KamailioHandle } from './kamailio';
import { freeUdpPort } from './net';
import { PSTN } from './pstn-numbers';
import { startRtpengine, type RtpengineHandle } from './rtpengine';
import { startSipp, type SippHandle } from './sipp';

/** SIP credentials as the API issues them (POST /v1/sip/credentials): auth_ephemeral, no static password. */
export interface StackUser {
  /** The user id (the AOR's user part). */
  readonly user: string;
  /** sip:user@domain */
  readonly aor: string;
  /** `<expiry unix seconds>:<user>` */
  readonly authUser: string;
  /** base64(HMAC-SHA1(sipSecret, authUser)) */
  readonly password: string;
}

/** The two shared secrets of an edge and its API (CALLGATE_EDGE_SECRET, CALLGATE_SIP_SECRET). */
export interface EdgeSecrets {
  readonly edgeSecret: string;
  readonly sipSecret: string;
}

export function newEdgeSecrets(): EdgeSecrets {
  return { edgeSecret: randomBytes(24).toString('base64url'), sipSecret: randomBytes(24).toString('base64url') };
}

/** auth_ephemeral credentials for `user` valid `ttlSec` from now (negative: already expired). */
export function ephemeralCredentials(sipSecret: string, user: string, domain: string, ttlSec = 3600): StackUser {
  const authUser = `${Math.floor(Date.now() / 1000) + ttlSec}:${user}`;
  return { user, aor: `sip:${user}@${domain}`, authUser, password: createHmac('sha1', sipSecret).update(authUser).digest('base64') };
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
  readonly secrets: EdgeSecrets;
  /** The in-test redeem API (null when the stack runs against the real API). */
  readonly edgeApi: EdgeApiStub | null;
  /** The edge's log (Kamailio's stderr). */
  readonly edgeLog: string;
  /** auth_ephemeral credentials for any user id, computed from the stack's SIP secret. */
  credentials(user: string, ttlSec?: number): StackUser;
  /**
   * A single-use dial URI (`sip:d-<token>@domain`) for a PSTN number, for agent `agent` (default the
   * first). Stub API only: with the real API, dial URIs come from POST /v1/leads/{id}/dial-authorizations.
   */
  dialUri(number: string, agent?: StackUser | string): string;
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
  /** Redeem at the real API (its URL, started with the same secrets) instead of the in-test stub. */
  readonly api?: { readonly url: string; readonly secrets: EdgeSecrets };
  /** host:port of the API's voice practice line, routed for `sip:p-<token>@domain`. */
  readonly practice?: string;
  /** Whole seconds the edge waits for the API (default 2). */
  readonly apiTimeoutSec?: number;
  /** rtpengine records (pcap, as the API drives it) into this folder. */
  readonly rtpengineRecordingDir?: string;
  /** rtpengine's ng control port (UDP on 127.0.0.1), for an API started first with CALLGATE_RTPENGINE_NG. */
  readonly rtpengineNgPort?: number;
}

/** Starts rtpengine, sipp and Kamailio (in that order: Kamailio needs rtpengine up). */
export async function startSipStack(options: SipStackOptions = {}): Promise<SipStack> {
  const domain = options.domain ?? 'callgate.test';
  const runDir = mkdtempSync(join(tmpdir(), 'callgate-sip-'));
  const started: { stop(): Promise<void> }[] = [];
  const stub = options.api ? null : await startEdgeApiStub(domain);
  if (stub) started.push({ stop: () => stub.close() });
  const secrets: EdgeSecrets = options.api?.secrets ?? { edgeSecret: stub?.edgeSecret ?? '', sipSecret: randomBytes(24).toString('base64url') };
  const credentials = (user: string, ttlSec = 3600): StackUser => ephemeralCredentials(secrets.sipSecret, user, domain, ttlSec);
  const agents = Array.from({ length: options.agents ?? 3 }, (_, i) => credentials(`agent${i + 1}`));
  const customers = Array.from({ length: options.customers ?? 3 }, (_, i) => credentials(`customer${i + 1}`));
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
    const rtpengine = await startRtpengine(runDir, dtmfPort, {
      ...(options.rtpengineRecordingDir ? { recordingDir: options.rtpengineRecordingDir } : {}),
      ...(options.rtpengineNgPort ? { ngPort: options.rtpengineNgPort } : {}),
    });
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
      apiUrl: options.api?.url ?? stub?.url ?? '',
      edgeSecret: secrets.edgeSecret,
      sipSecret: secrets.sipSecret,
      apiTimeoutSec: options.apiTimeoutSec ?? 2,
      ...(options.practice ? { practice: options.practice } : {}),
    };
    const start = (): Promise<KamailioHandle> => startKamailio(kamailioConfig);
    let kamailio: KamailioHandle | null = await start();
    const wsUrl = kamailio.wsUrl;
    const socket = dtmfSocket;
    const stack: SipStack = {
      wsUrl,
      domain,
      agents,
      customers,
      pstn: PSTN,
      runDir,
      secrets,
      edgeApi: stub,
      edgeLog: join(kamailioConfig.runDir, 'kamailio.log'),
      credentials,
      dialUri(number, agent = agents[0]) {
        if (!stub) throw new Error('stack.dialUri needs the in-test redeem API; with the real API, ask POST /v1/leads/{id}/dial-authorizations');
        const user = typeof agent === 'string' ? agent : agent?.user;
        if (!user) throw new Error('no agent to bind the dial token to');
        return stub.dialUri(number, user);
      },
      sipp,
      rtpengine,
      mediaDtmf: () => [...dtmfEvents],
      async killKamailio() {
        await kamailio?.kill();
        kamailio = null;
      },
      async startKamailio() {
        if (kamailio) return;
        kamailio = await start();
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
        await Promise.all([sipp.stop(), rtpengine.stop(), stub?.close()]);
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
