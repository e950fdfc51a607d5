// The browser "customer": a second page with its own bare sip.js user agent (deliberately not the
// Callgate adapter, so the adapter is never tested against itself). It registers, answers calls
// the way it is told (auto / manual / busy / decline), takes blind transfers, sends and records
// DTMF, and reports getStats() so tests can prove audio flowed. Its microphone is the speech WAV
// Chromium plays with --use-file-for-fake-audio-capture. Bundled by test/sip/pages.ts.
import { Invitation, Inviter, Registerer, SessionState, UserAgent, type Session, type Web } from 'sip.js';

export type AnswerMode = 'auto' | 'manual' | 'busy' | 'decline';

export interface CustomerConfig {
  readonly wsUrl: string;
  readonly aor: string;
  readonly user: string;
  readonly password: string;
  readonly answer: AnswerMode;
  readonly answerDelayMs: number;
}

export interface CustomerEvent {
  readonly at: number;
  readonly type: 'invite' | 'established' | 'terminated' | 'info' | 'refer' | 'reinvite' | 'registered';
  readonly detail: string;
}

export interface CustomerAudioStats {
  readonly bytesReceived: number;
  readonly packetsReceived: number;
  readonly totalAudioEnergy: number;
  readonly bytesSent: number;
  readonly currentDirection: string | null;
}

export interface CustomerApi {
  start(config: CustomerConfig): Promise<void>;
  setAnswerMode(mode: AnswerMode, delayMs?: number): void;
  events(): CustomerEvent[];
  /** State of the current (last) session, or null. */
  sessionState(): string | null;
  answer(): Promise<void>;
  hangUp(): Promise<void>;
  call(target: string): Promise<void>;
  sendInfoDtmf(digit: string): Promise<number>;
  stats(): Promise<CustomerAudioStats | null>;
  stop(): Promise<void>;
}

declare global {
  interface Window {
    customer: CustomerApi;
  }
}

let ua: UserAgent | null = null;
let config: CustomerConfig | null = null;
let current: Session | null = null;
const log: CustomerEvent[] = [];
const audio = new Audio();
audio.autoplay = true;

function record(type: CustomerEvent['type'], detail = ''): void {
  log.push({ at: Date.now(), type, detail });
}

function sdh(session: Session | null): Web.SessionDescriptionHandler | undefined {
  return session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
}

function track(session: Session): void {
  current = session;
  session.delegate = {
    onInfo: (info) => {
      record('info', info.request.body);
      void info.accept();
    },
    onRefer: (referral) => {
      record('refer', referral.referTo.uri.toString());
      void referral.accept().then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
        track(inviter);
        return inviter.invite();
      });
    },
    onInvite: () => record('reinvite'),
    onSessionDescriptionHandler: (handler) => {
      audio.srcObject = (handler as Web.SessionDescriptionHandler).remoteMediaStream;
      void audio.play().catch(() => undefined);
    },
  };
  session.stateChange.addListener((state) => {
    if (state === SessionState.Established) record('established', session.id);
    if (state === SessionState.Terminated) record('terminated', session.id);
  });
}

function onInvite(invitation: Invitation): void {
  record('invite', invitation.remoteIdentity.uri.user ?? '');
  track(invitation);
  const mode = config?.answer ?? 'auto';
  const delay = config?.answerDelayMs ?? 0;
  setTimeout(() => {
    if (mode === 'auto') void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    else if (mode === 'busy') void invitation.reject({ statusCode: 486 });
    else if (mode === 'decline') void invitation.reject({ statusCode: 603 });
    else void invitation.progress();
  }, delay);
}

window.customer = {
  async start(c) {
    config = c;
    const uri = UserAgent.makeURI(c.aor);
    if (!uri) throw new Error(`bad AOR ${c.aor}`);
    ua = new UserAgent({
      uri,
      authorizationUsername: c.user,
      authorizationPassword: c.password,
      transportOptions: { server: c.wsUrl },
      sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 500, peerConnectionConfiguration: { iceServers: [] } },
      logBuiltinEnabled: false,
      delegate: { onInvite },
    });
    await ua.start();
    const registerer = new Registerer(ua);
    await new Promise<void>((resolve, reject) => {
      void registerer.register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (r) => reject(new Error(`customer REGISTER refused: ${r.message.statusCode}`)),
        },
      });
    });
    record('registered');
  },
  setAnswerMode(mode, delayMs = 0) {
    if (config) config = { ...config, answer: mode, answerDelayMs: delayMs };
  },
  events: () => [...log],
  sessionState: () => current?.state ?? null,
  async answer() {
    if (current instanceof Invitation) await current.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  },
  async hangUp() {
    if (!current) return;
    if (current.state === SessionState.Established) await current.bye();
    else if (current instanceof Invitation) await current.reject();
    else if (current instanceof Inviter) await current.cancel();
  },
  async call(target) {
    if (!ua) throw new Error('customer not started');
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`bad target ${target}`);
    const inviter = new Inviter(ua, uri, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    track(inviter);
    await inviter.invite();
  },
  async sendInfoDtmf(digit) {
    if (!current) throw new Error('no call');
    return await new Promise<number>((resolve) => {
      void current?.info({
        requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) },
        requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160\r\n` } },
      });
    });
  },
  async stats() {
    const pc = sdh(current)?.peerConnection;
    if (!pc) return null;
    const report = await pc.getStats();
    let inbound: Record<string, number> = {};
    let outbound: Record<string, number> = {};
    report.forEach((s: { type: string; kind?: string } & Record<string, number>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s;
      if (s.type === 'outbound-rtp' && s.kind === 'audio') outbound = s;
    });
    const transceiver = pc.getTransceivers()[0];
    return {
      bytesReceived: inbound['bytesReceived'] ?? 0,
      packetsReceived: inbound['packetsReceived'] ?? 0,
      totalAudioEnergy: inbound['totalAudioEnergy'] ?? 0,
      bytesSent: outbound['bytesSent'] ?? 0,
      currentDirection: transceiver?.currentDirection ?? null,
    };
  },
  async stop() {
    await ua?.stop();
    ua = null;
  },
};
