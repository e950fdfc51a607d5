import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CustomerLine } from '../../shared/practice/customer';
import type { VoiceCallFacts } from '../../shared/practice/voice-facts';
import { RtpStream } from './rtp-stream';
import { buildAnswer, parseOffer, SdpError, type AudioOffer } from './sdp';
import { parseSip, parseUri, serializeSip, SipParseError, type SipRequest } from './sip-message';
import type { SpeechCache } from './speech';
import { responseTo, UasDialog, type UasEnd, type UasOut } from './uas-dialog';
import { VoiceSession, type VoiceCallSpec } from './voice-session';
import type { Pcm } from './wav';

/**
 * The voice practice line (issue 17, decision record 0080): a small SIP user agent server over UDP that
 * the SIP edge routes practice dial URIs to (`sip:p-<token>@edge`, never a trunk). It answers like a
 * customer's phone (ringing, then 200 OK), streams the simulated customer's synthesized voice as G.711
 * RTP and listens to the trainee's. One 20 ms media clock drives every call; each call is a UasDialog
 * (signalling) and a VoiceSession (the customer) with an RtpStream (audio).
 */
export interface PracticeLineOptions {
  /** Where SIP is received (UDP). Port 0 picks a free one. */
  readonly host: string;
  readonly port: number;
  /** The address written into SDP and bound for RTP (default: `host`). */
  readonly mediaHost?: string;
  readonly speech: SpeechCache;
  /** Finds the voice call a dial token was issued for, and claims it (single use). */
  readonly claim: (token: string, sip: { callId: string; fromUser: string | undefined }) => Promise<Claim>;
  /** The call is over: its facts (undefined when it was never answered) and recording. */
  readonly ended: (spec: VoiceCallSpec, result: { facts: VoiceCallFacts | undefined; recording: Pcm | undefined; how: UasEnd | 'line_stopped' }) => Promise<void>;
  /** How long the phone rings before the customer picks up (default 1000 ms). */
  readonly ringMs?: number;
  /** Calls at once; beyond it 486 Busy Here (default 40). */
  readonly maxCalls?: number;
  readonly log?: (msg: string) => void;
}

export type Claim = { readonly ok: true; readonly spec: VoiceCallSpec } | { readonly ok: false; readonly status: number; readonly reason: string };

interface LineCall {
  readonly dialog: UasDialog;
  readonly source: { address: string; port: number };
  readonly invitedAt: number;
  spec?: VoiceCallSpec;
  session?: VoiceSession;
  rtp?: RtpStream;
  offer?: AudioOffer;
  sdpVersion: number;
  readonly sessionId: string;
  finished: boolean;
}

const TOKEN = /^p-([A-Za-z0-9_-]{16,128})$/;
const USER_AGENT = 'Callgate practice line';

export class PracticeLine {
  readonly #o: PracticeLineOptions;
  #socket: Socket | undefined;
  readonly #calls = new Map<string, LineCall>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #nextHop = new Map<string, Promise<{ address: string; port: number }>>();
  /** Media ticks and the time spent in them (the bench reads them). */
  readonly stats = { ticks: 0, tickMs: 0, callsAnswered: 0 };

  constructor(options: PracticeLineOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    const socket = createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      try {
        this.#onDatagram(msg, rinfo);
      } catch (err) {
        this.#o.log?.(`practice line: dropped a datagram: ${(err as Error).message}`);
      }
    });
    socket.on('error', (err) => this.#o.log?.(`practice line socket: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.#o.port, this.#o.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.#socket = socket;
  }

  /** host:port where the line receives SIP. */
  get address(): string {
    const a = this.#socket?.address();
    return a ? `${a.address}:${a.port}` : '';
  }

  get activeCalls(): number {
    return [...this.#calls.values()].filter((c) => !c.finished).length;
  }

  /** Practice events the API stored: each reaches the session of its call, if it is on this line. */
  onPracticeEvents(events: readonly { readonly callId: string }[]): void {
    const now = performance.now();
    for (const e of events) this.#findByPracticeCall(e.callId)?.session?.onEvent(e, now);
    this.#arm();
  }

  /** True while the practice call `callId` is ringing or talking on this line. */
  isLive(callId: string): boolean {
    const c = this.#findByPracticeCall(callId);
    return c !== undefined && !c.finished;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = performance.now();
    const done: Promise<void>[] = [];
    for (const c of this.#calls.values()) {
      if (c.finished) continue;
      this.#send(c, c.dialog.hangUp(now));
      done.push(this.#finish(c, 'line', 'line_stopped'));
    }
    await Promise.all(done);
    this.#socket?.close();
    this.#socket = undefined;
  }

  #findByPracticeCall(callId: string): LineCall | undefined {
    for (const c of this.#calls.values()) if (c.spec?.callId === callId) return c;
    return undefined;
  }

  #onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length < 8 || (msg.length <= 4 && msg.toString() === '\r\n\r\n')) return; // keepalives
    let m;
    try {
      m = parseSip(msg);
    } catch (err) {
      if (err instanceof SipParseError) return;
      throw err;
    }
    const callId = m.headers.get('call-id') ?? '';
    const call = this.#calls.get(callId);
    const now = performance.now();
    if (m.kind === 'response') {
      call?.dialog.receiveResponse(m);
      if (call && call.dialog.state === 'terminated') void this.#finish(call, 'customer', call.dialog.ended ?? 'local_bye');
      return;
    }
    if (!call) {
      if (m.method === 'INVITE' && m.headers.get('to')?.includes('tag=') !== true) {
        this.#newCall(m, rinfo, now);
      } else if (m.method === 'OPTIONS') {
        this.#reply(m, rinfo, 200, 'OK');
      } else if (m.method !== 'ACK') {
        this.#reply(m, rinfo, 481, 'Call/Transaction Does Not Exist');
      }
      return;
    }
    const out = call.dialog.receive(m, now, (offer) => this.#reanswer(call, offer));
    this.#send(call, out);
    if (call.dialog.state === 'confirmed' && call.session?.state === 'ringing') {
      call.session.answer(now);
      this.stats.callsAnswered += 1;
      this.#arm();
    }
    if (call.dialog.state === 'terminated') {
      const by = call.dialog.ended === 'caller_bye' ? 'trainee' : call.dialog.ended === 'cancelled' ? 'trainee' : 'line';
      void this.#finish(call, by, call.dialog.ended ?? 'caller_bye');
    }
  }

  #newCall(invite: SipRequest, rinfo: RemoteInfo, now: number): void {
    const address = this.address.split(':');
    const local = {
      contact: `sip:practice@${address[0] ?? this.#o.host}:${address[1] ?? ''};transport=udp`,
      sentBy: this.address,
      random: () => randomBytes(9).toString('base64url'),
      userAgent: USER_AGENT,
    };
    const dialog = new UasDialog(invite, local);
    const call: LineCall = { dialog, source: { address: rinfo.address, port: rinfo.port }, invitedAt: now, sdpVersion: 1, sessionId: String(Date.now()), finished: false };
    this.#calls.set(dialog.callId, call);
    this.#send(call, dialog.start());
    void this.#setUp(call, invite).catch((err: unknown) => {
      this.#o.log?.(`practice line: call set-up failed: ${(err as Error).message}`);
      this.#send(call, call.dialog.refuse(500, 'Server Internal Error'));
      void this.#finish(call, 'line', 'refused');
    });
  }

  /** Token, offer, voice: then ring out the rest of `ringMs` and answer. */
  async #setUp(call: LineCall, invite: SipRequest): Promise<void> {
    const refuse = (status: number, reason: string): void => {
      this.#send(call, call.dialog.refuse(status, reason));
      void this.#finish(call, 'line', 'refused');
    };
    let user: string | undefined;
    try {
      user = parseUri(invite.uri).user;
    } catch {
      user = undefined;
    }
    const token = user === undefined ? undefined : TOKEN.exec(user)?.[1];
    if (token === undefined) return refuse(404, 'Not Found');
    if (this.activeCalls > (this.#o.maxCalls ?? 40)) return refuse(486, 'Busy Here');
    let offer: AudioOffer;
    try {
      offer = parseOffer(invite.body);
    } catch (err) {
      if (err instanceof SdpError) return refuse(488, 'Not Acceptable Here');
      throw err;
    }
    let fromUser: string | undefined;
    try {
      fromUser = parseUri(invite.headers.get('from')?.replace(/^[^<]*<([^>]*)>.*$/, '$1') ?? '').user;
    } catch {
      fromUser = undefined;
    }
    const claim = await this.#o.claim(token, { callId: call.dialog.callId, fromUser });
    if (call.dialog.state !== 'proceeding') return; // cancelled meanwhile
    if (!claim.ok) return refuse(claim.status, claim.reason);
    call.spec = claim.spec;
    const session = new VoiceSession(claim.spec, {
      speech: (line: CustomerLine) => this.#o.speech.peek(line.text, claim.spec.locale, { ...claim.spec.scenario.persona.voice, mood: line.mood }),
      wallClock: () => new Date(),
      ...(this.#o.log ? { log: this.#o.log } : {}),
    });
    call.session = session;
    call.offer = offer;
    const mediaHost = this.#o.mediaHost ?? this.#o.host;
    const rtp = await RtpStream.open(mediaHost, { address: offer.address, port: offer.port }, offer.codec, (samples) => session.onAudio(samples, performance.now()));
    call.rtp = rtp;
    const wait = (this.#o.ringMs ?? 1000) - (performance.now() - call.invitedAt);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (call.dialog.state !== 'proceeding') return;
    const sdp = buildAnswer(offer, { address: mediaHost, port: rtp.port, sessionId: call.sessionId, version: call.sdpVersion });
    this.#send(call, call.dialog.answer(sdp, performance.now()));
    this.#arm();
  }

  #reanswer(call: LineCall, body: string): string | undefined {
    if (!call.rtp) return undefined;
    let offer: AudioOffer;
    try {
      offer = parseOffer(body);
    } catch {
      return undefined;
    }
    call.offer = offer;
    call.rtp.update({ address: offer.address, port: offer.port }, offer.codec);
    call.sdpVersion += 1;
    return buildAnswer(offer, { address: this.#o.mediaHost ?? this.#o.host, port: call.rtp.port, sessionId: call.sessionId, version: call.sdpVersion });
  }

  /** The one media clock: every 20 ms while calls are up. */
  #arm(): void {
    if (this.#timer || !this.#socket) return;
    const started = performance.now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#tick();
    }, Math.max(1, 20 - ((started % 20) | 0)));
  }

  #tick(): void {
    const t = performance.now();
    let live = false;
    for (const c of this.#calls.values()) {
      if (c.finished) continue;
      live = true;
      this.#send(c, c.dialog.advance(t));
      const s = c.session;
      if (s && c.rtp) {
        for (const signal of s.tick(t)) {
          if (signal.type === 'hang_up') this.#send(c, c.dialog.hangUp(t));
        }
        const onHold = c.offer?.direction === 'recvonly' || c.offer?.direction === 'inactive';
        for (const frame of s.framesDue(t)) if (!onHold) c.rtp.send(frame);
      }
      if (c.dialog.state === 'terminated') void this.#finish(c, 'customer', c.dialog.ended ?? 'local_bye');
    }
    for (const [id, c] of this.#calls) if (c.finished && c.dialog.state === 'terminated') this.#calls.delete(id);
    this.stats.ticks += 1;
    this.stats.tickMs += performance.now() - t;
    if (live) this.#arm();
  }

  async #finish(call: LineCall, by: VoiceCallFacts['endedBy'], how: UasEnd | 'line_stopped'): Promise<void> {
    if (call.finished) return;
    call.finished = true;
    call.rtp?.close();
    const now = performance.now();
    const session = call.session;
    const facts = session?.finish(session.state === 'hanging_up' ? 'customer' : by, now);
    if (call.spec) {
      try {
        await this.#o.ended(call.spec, { facts, recording: facts ? session?.recording() : undefined, how });
      } catch (err) {
        this.#o.log?.(`practice line: could not keep the call's facts: ${(err as Error).message}`);
      }
    }
    // Keep the dialog a little for retransmitted BYEs, then forget it.
    setTimeout(() => this.#calls.delete(call.dialog.callId), 32_000).unref();
  }

  #send(call: LineCall, out: readonly UasOut[]): void {
    for (const o of out) {
      const text = serializeSip(o.message);
      if (o.to === 'source') this.#socket?.send(text, call.source.port, call.source.address);
      else void this.#hop(call).then((hop) => this.#socket?.send(text, hop.port, hop.address), (err: unknown) => this.#o.log?.(`practice line: no route for a BYE: ${(err as Error).message}`));
    }
  }

  /** Our requests' first hop: the first Record-Route (loose routing), else the caller's Contact. */
  #hop(call: LineCall): Promise<{ address: string; port: number }> {
    const key = call.dialog.callId;
    let p = this.#nextHop.get(key);
    if (!p) {
      const { routes, target } = call.dialog.routeSet();
      const first = routes[0];
      const uri = parseUri(first ? (first.match(/<([^>]+)>/)?.[1] ?? first) : target);
      const port = uri.port ?? 5060;
      p = isIP(uri.host) ? Promise.resolve({ address: uri.host, port }) : lookup(uri.host, { family: 4 }).then((r) => ({ address: r.address, port }));
      this.#nextHop.set(key, p);
      setTimeout(() => this.#nextHop.delete(key), 120_000).unref();
    }
    return p;
  }

  /** A stateless answer to a request outside any call of this line. */
  #reply(req: SipRequest, rinfo: RemoteInfo, status: number, reason: string): void {
    const res = responseTo(req, status, reason, { localTag: randomBytes(6).toString('base64url'), userAgent: USER_AGENT });
    this.#socket?.send(serializeSip(res), rinfo.port, rinfo.address);
  }
}
