import { cseqOf, headerParam, SipHeaders, uriOf, type SipRequest, type SipResponse } from './sip-message';

/**
 * One practice call as the SIP user agent server sees it (RFC 3261 sections 13, 15, 17.2.1): answer the
 * INVITE after a ring, retransmit the 2xx until the ACK comes, answer BYE/CANCEL/re-INVITE, and send
 * our own BYE when the simulated customer hangs up (retransmitted until answered). Pure: requests and
 * the time in, messages to send out; the line (line.ts) owns the socket and the one timer per dialog.
 *
 * ```
 *  INVITE --> proceeding (100 Trying, then 180 Ringing)
 *  proceeding --answer(sdp)--> answering (200 OK, retransmitted T1, 2T1 .. T2)
 *  proceeding --refuse(code)--> terminated (4xx/5xx)        proceeding --CANCEL--> terminated (487)
 *  answering --ACK--> confirmed                              answering --64*T1 without ACK--> terminating (BYE)
 *  confirmed --re-INVITE--> confirmed (200 OK with our SDP, retransmitted until its ACK)
 *  confirmed --hangUp()--> terminating (BYE, retransmitted T1 .. T2)
 *  answering --hangUp()--> (BYE as soon as the ACK arrives, RFC 3261 15)
 *  answering | confirmed | terminating --BYE--> terminated (200 OK)
 *  terminating --any final response to our BYE, or 64*T1--> terminated
 * ```
 */
export type UasState = 'proceeding' | 'answering' | 'confirmed' | 'terminating' | 'terminated';

export const T1 = 500;
export const T2 = 4000;
const TIMEOUT = 64 * T1;

/** How the call ended, as the practice line reports it. */
export type UasEnd = 'caller_bye' | 'cancelled' | 'refused' | 'local_bye' | 'no_ack' | 'bye_timeout';

export interface UasOut {
  /** `source`: back to where the request came from; `next_hop`: our requests' first hop. */
  readonly to: 'source' | 'next_hop';
  readonly message: SipRequest | SipResponse;
}

export interface UasLocal {
  /** Our Contact URI and the Via sent-by of our requests. */
  readonly contact: string;
  readonly sentBy: string;
  /** Random tokens (tags, branches). */
  readonly random: () => string;
  readonly userAgent: string;
}

interface Retransmit {
  readonly message: SipRequest | SipResponse;
  readonly to: 'source' | 'next_hop';
  nextAt: number;
  interval: number;
  readonly giveUpAt: number;
  /** What a give-up means. */
  readonly onTimeout: 'no_ack' | 'bye_timeout';
}

/** Allowed methods, said in Allow headers and 405s. */
const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO';

export class UasDialog {
  #state: UasState = 'proceeding';
  readonly #invite: SipRequest;
  readonly #localTag: string;
  #lastInviteResponse: SipResponse | undefined;
  #retransmit: Retransmit | undefined;
  #hangUpPending = false;
  #localCSeq = 1;
  #ended: UasEnd | undefined;
  /** The last response to each in-dialog request we answered (by Via branch), for retransmissions. */
  readonly #answered = new Map<string, SipResponse>();
  /** The re-INVITE being answered (its CSeq) while its 2xx waits for an ACK. */
  #reinviteCSeq: number | undefined;

  constructor(
    invite: SipRequest,
    readonly local: UasLocal,
  ) {
    this.#invite = invite;
    this.#localTag = local.random();
  }

  get state(): UasState {
    return this.#state;
  }

  get ended(): UasEnd | undefined {
    return this.#ended;
  }

  get callId(): string {
    return this.#invite.headers.get('call-id') ?? '';
  }

  get remoteTag(): string {
    return headerParam(this.#invite.headers.get('from'), 'tag') ?? '';
  }

  get localTag(): string {
    return this.#localTag;
  }

  get invite(): SipRequest {
    return this.#invite;
  }

  /** The first responses to a new INVITE: 100 Trying, and 180 Ringing. */
  start(): UasOut[] {
    const trying = this.#response(this.#invite, 100, 'Trying', { toTag: false });
    const ringing = this.#response(this.#invite, 180, 'Ringing');
    this.#lastInviteResponse = ringing;
    return [
      { to: 'source', message: trying },
      { to: 'source', message: ringing },
    ];
  }

  /** The customer picks up: 200 OK with our SDP answer. */
  answer(sdp: string, now: number): UasOut[] {
    if (this.#state !== 'proceeding') return [];
    const ok = this.#response(this.#invite, 200, 'OK', { body: sdp });
    this.#lastInviteResponse = ok;
    this.#state = 'answering';
    this.#retransmit = { message: ok, to: 'source', nextAt: now + T1, interval: T1, giveUpAt: now + TIMEOUT, onTimeout: 'no_ack' };
    return [{ to: 'source', message: ok }];
  }

  /** The call is refused before it is answered (bad token, no codec, the line is full...). */
  refuse(status: number, reason: string): UasOut[] {
    if (this.#state !== 'proceeding') return [];
    const res = this.#response(this.#invite, status, reason);
    this.#lastInviteResponse = res;
    this.#end('refused');
    return [{ to: 'source', message: res }];
  }

  /** The simulated customer hangs up. */
  hangUp(now: number): UasOut[] {
    if (this.#state === 'proceeding') return this.refuse(480, 'Temporarily Unavailable');
    if (this.#state === 'answering') {
      this.#hangUpPending = true;
      return [];
    }
    if (this.#state !== 'confirmed') return [];
    return this.#sendBye(now);
  }

  /** A request of this dialog (or the INVITE's transaction) arrived. `answerSdp` answers a re-INVITE. */
  receive(req: SipRequest, now: number, answerSdp: (offer: string) => string | undefined): UasOut[] {
    const { method } = cseqOf(req);
    if (req.method === 'INVITE' && this.#isInitialInvite(req)) {
      // A retransmission of the INVITE: say the last thing again.
      return this.#lastInviteResponse ? [{ to: 'source', message: this.#lastInviteResponse }] : [];
    }
    if (req.method === 'ACK') return this.#ack(req, now);
    if (req.method === 'CANCEL' && method === 'CANCEL') {
      const ok = this.#response(req, 200, 'OK');
      if (this.#state !== 'proceeding') return [{ to: 'source', message: ok }];
      const terminated = this.#response(this.#invite, 487, 'Request Terminated');
      this.#lastInviteResponse = terminated;
      this.#end('cancelled');
      return [
        { to: 'source', message: ok },
        { to: 'source', message: terminated },
      ];
    }
    const branch = headerParam(req.headers.get('via'), 'branch') ?? '';
    const again = this.#answered.get(`${branch}/${req.method}`);
    if (again) return [{ to: 'source', message: again }];
    const reply = (status: number, reason: string, body = ''): UasOut[] => {
      const res = this.#response(req, status, reason, { body });
      this.#answered.set(`${branch}/${req.method}`, res);
      return [{ to: 'source', message: res }];
    };
    if (req.method === 'BYE') {
      if (this.#state === 'proceeding' || this.#state === 'terminated') return reply(481, 'Call/Transaction Does Not Exist');
      this.#retransmit = undefined;
      this.#end('caller_bye');
      return reply(200, 'OK');
    }
    if (req.method === 'OPTIONS' || req.method === 'INFO') return reply(200, 'OK');
    if (req.method === 'INVITE') {
      if (this.#state !== 'confirmed') return reply(491, 'Request Pending');
      const sdp = answerSdp(req.body);
      if (sdp === undefined) return reply(488, 'Not Acceptable Here');
      const out = reply(200, 'OK', sdp);
      const ok = out[0]?.message as SipResponse;
      this.#reinviteCSeq = cseqOf(req).seq;
      this.#retransmit = { message: ok, to: 'source', nextAt: now + T1, interval: T1, giveUpAt: now + TIMEOUT, onTimeout: 'no_ack' };
      return out;
    }
    return reply(405, 'Method Not Allowed');
  }

  /** A response to our BYE. */
  receiveResponse(res: SipResponse): void {
    if (this.#state !== 'terminating' || res.status < 200) return;
    if (cseqOf(res).method !== 'BYE') return;
    this.#retransmit = undefined;
    this.#end('local_bye');
  }

  /** When `advance` has something to do next (a retransmission or a give-up). */
  nextAt(): number | undefined {
    return this.#retransmit?.nextAt;
  }

  /** Retransmissions and timeouts due by `now`. */
  advance(now: number): UasOut[] {
    const r = this.#retransmit;
    if (!r || r.nextAt > now) return [];
    if (now >= r.giveUpAt) {
      this.#retransmit = undefined;
      if (r.onTimeout === 'bye_timeout') {
        this.#end('bye_timeout');
        return [];
      }
      // No ACK for our 2xx: the dialog must be ended with a BYE (RFC 3261 13.3.1.4).
      this.#state = 'confirmed';
      const out = this.#sendBye(now);
      this.#ended = 'no_ack';
      return out;
    }
    r.interval = Math.min(r.interval * 2, T2);
    r.nextAt = Math.min(now + r.interval, r.giveUpAt);
    return [{ to: r.to, message: r.message }];
  }

  /** The route set and remote target of our in-dialog requests (RFC 3261 12.1.1). */
  routeSet(): { routes: readonly string[]; target: string } {
    const routes = this.#invite.headers.all('record-route');
    const contact = this.#invite.headers.get('contact');
    return { routes, target: contact ? uriOf(contact) : uriOf(this.#invite.headers.get('from') ?? '') };
  }

  #isInitialInvite(req: SipRequest): boolean {
    return headerParam(req.headers.get('via'), 'branch') === headerParam(this.#invite.headers.get('via'), 'branch') && !headerParam(req.headers.get('to'), 'tag');
  }

  #ack(req: SipRequest, now: number): UasOut[] {
    const seq = cseqOf(req).seq;
    if (this.#state === 'answering' && seq === cseqOf(this.#invite).seq) {
      this.#retransmit = undefined;
      this.#state = 'confirmed';
      if (this.#hangUpPending) return this.#sendBye(now);
      return [];
    }
    if (this.#state === 'confirmed' && this.#reinviteCSeq === seq) {
      this.#retransmit = undefined;
      this.#reinviteCSeq = undefined;
    }
    return [];
  }

  #sendBye(now: number): UasOut[] {
    const { routes, target } = this.routeSet();
    const headers = new SipHeaders();
    headers.add('Via', `SIP/2.0/UDP ${this.local.sentBy};branch=z9hG4bK${this.local.random()};rport`);
    headers.add('Max-Forwards', '70');
    for (const r of routes) headers.add('Route', r);
    // In-dialog: From is our side (the INVITE's To with our tag), To is theirs.
    headers.add('From', `${this.#invite.headers.get('to') ?? ''};tag=${this.#localTag}`);
    headers.add('To', this.#invite.headers.get('from') ?? '');
    headers.add('Call-ID', this.callId);
    this.#localCSeq += 1;
    headers.add('CSeq', `${this.#localCSeq} BYE`);
    headers.add('User-Agent', this.local.userAgent);
    const bye: SipRequest = { kind: 'request', method: 'BYE', uri: target, headers, body: '' };
    this.#state = 'terminating';
    this.#retransmit = { message: bye, to: 'next_hop', nextAt: now + T1, interval: T1, giveUpAt: now + TIMEOUT, onTimeout: 'bye_timeout' };
    return [{ to: 'next_hop', message: bye }];
  }

  #end(how: UasEnd): void {
    this.#state = 'terminated';
    this.#ended ??= how;
  }

  #response(req: SipRequest, status: number, reason: string, o: { body?: string; toTag?: boolean } = {}): SipResponse {
    return responseTo(req, status, reason, {
      ...(o.toTag === false ? {} : { localTag: this.#localTag }),
      contact: this.local.contact,
      userAgent: this.local.userAgent,
      ...(o.body !== undefined ? { body: o.body } : {}),
    });
  }
}

/**
 * A response to `req` (RFC 3261 8.2.6): its Vias, From, To (with `localTag` unless it has a tag),
 * Call-ID and CSeq; Record-Route and Contact on a dialog-creating response to an INVITE.
 */
export function responseTo(req: SipRequest, status: number, reason: string, o: { localTag?: string; contact?: string; userAgent: string; body?: string }): SipResponse {
  const h = new SipHeaders();
  for (const v of req.headers.all('via')) h.add('Via', v);
  h.add('From', req.headers.get('from') ?? '');
  const to = req.headers.get('to') ?? '';
  h.add('To', o.localTag === undefined || headerParam(to, 'tag') !== undefined ? to : `${to};tag=${o.localTag}`);
  h.add('Call-ID', req.headers.get('call-id') ?? '');
  h.add('CSeq', req.headers.get('cseq') ?? '');
  const dialogCreating = req.method === 'INVITE' && status > 100 && status < 300;
  if (dialogCreating) {
    for (const rr of req.headers.all('record-route')) h.add('Record-Route', rr);
    if (o.contact) h.add('Contact', `<${o.contact}>`);
  }
  if (status === 405 || dialogCreating) h.add('Allow', ALLOW);
  h.add('User-Agent', o.userAgent);
  const body = o.body ?? '';
  if (body !== '') h.add('Content-Type', 'application/sdp');
  return { kind: 'response', status, reason, headers: h, body };
}
