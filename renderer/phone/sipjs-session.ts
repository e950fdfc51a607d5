import { Invitation, Inviter, SessionState, UserAgent, type Info, type Session, type Web } from 'sip.js';
import { dtmfFromInfoBody, dtmfRelayBody } from '../../shared/phone/dtmf';
import type { MediaDirection } from '../../shared/phone/hold';
import type { SessionEvent, SignallingSession } from './call/signalling-session';
import { untilAborted } from './call/waits';

/** What a session needs from the phone besides sip.js. */
export interface SipJsSessionHooks {
  /** Offer/answer options for the next description (microphone, hold, ICE gathering cap). */
  sdhOptions(hold: boolean): Web.SessionDescriptionHandlerOptions;
  /** The session's media exists (peer connection and remote stream): hand it to the call's media. */
  mediaReady(sdh: Web.SessionDescriptionHandler): void;
  /** The session was abandoned with the signalling path down: end its dialog once registered again. */
  orphan(session: Session): void;
}

/**
 * SignallingSession on a sip.js Session (Inviter or Invitation): turns sip.js callbacks into the
 * state machine's SessionEvents and its commands into sip.js calls. sip.js never reaches past this
 * class into the call logic.
 */
export class SipJsSession implements SignallingSession {
  private listener: (event: SessionEvent) => void = () => undefined;
  /** The hold we last asked for: a probe re-INVITE must not change it. */
  private holding = false;
  private abandoned = false;

  constructor(
    readonly session: Session,
    private readonly hooks: SipJsSessionHooks,
  ) {
    // No onBye here: with one, sip.js would leave the BYE unanswered for us to accept.
    session.delegate = {
      onInfo: (info) => this.receiveInfo(info),
      onRefer: (referral) => {
        // An agent's call is never transferred away from under the agent.
        void referral.reject({ statusCode: 603 }).catch(() => undefined);
      },
      onSessionDescriptionHandler: (sdh) => hooks.mediaReady(sdh as Web.SessionDescriptionHandler),
      // A re-INVITE from the far end was answered: its direction says whether it holds us.
      onInvite: (_request, _response, statusCode) => {
        if (statusCode >= 200 && statusCode < 300) this.emitNegotiated(true);
      },
    };
    session.stateChange.addListener((state) => {
      if (this.abandoned) return;
      if (state === SessionState.Established) {
        this.emitNegotiated(false);
        this.listener({ type: 'accepted' });
      } else if (state === SessionState.Terminated) {
        // sip.js reports Terminated before it calls requestDelegate.onReject with the final
        // response: let that 'failed' event go first.
        void Promise.resolve().then(() => this.listener({ type: 'terminated' }));
      }
    });
  }

  get sipCallId(): string | null {
    return this.session instanceof Inviter || this.session instanceof Invitation ? this.session.request.callId : null;
  }

  listen(listener: (event: SessionEvent) => void): void {
    this.listener = listener;
  }

  invite(extraHeaders: readonly string[]): void {
    const inviter = this.session as Inviter;
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const sipStatus = response.message.statusCode ?? 0;
            const earlyMedia = typeof response.message.body === 'string' && response.message.body.length > 0;
            this.listener({ type: 'progress', sipStatus, earlyMedia });
          },
          onReject: (response) => this.listener({ type: 'failed', sipStatus: response.message.statusCode ?? null, reasonPhrase: response.message.reasonPhrase }),
        },
        requestOptions: { extraHeaders: [...extraHeaders] },
        sessionDescriptionHandlerOptions: this.hooks.sdhOptions(false),
      })
      .catch(() => {
        // getUserMedia refused, or the transport is gone: nothing was sent.
        if (this.session.state === SessionState.Initial || this.session.state === SessionState.Terminated) this.listener({ type: 'failed', sipStatus: null });
      });
  }

  async accept(): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new Error('only an incoming call can be accepted');
    await this.session.accept({ sessionDescriptionHandlerOptions: this.hooks.sdhOptions(false) });
  }

  reject(sipStatus: number): void {
    if (this.session instanceof Invitation && this.session.state === SessionState.Initial) {
      void this.session.reject({ statusCode: sipStatus }).catch(() => undefined);
    } else {
      this.dispose();
    }
  }

  cancel(): void {
    const state = this.session.state;
    if (this.session instanceof Inviter && (state === SessionState.Initial || state === SessionState.Establishing)) {
      void this.session.cancel().catch(() => undefined);
    } else if (state === SessionState.Established) {
      this.bye();
    } else {
      this.dispose();
    }
  }

  bye(): void {
    if (this.session.state === SessionState.Established) void this.session.bye().catch(() => undefined);
    else this.dispose();
  }

  reinvite(hold: boolean, signal: AbortSignal): Promise<number | null> {
    this.holding = hold;
    return this.sendReinvite(hold, signal);
  }

  probe(signal: AbortSignal): Promise<number | null> {
    return this.sendReinvite(this.holding, signal);
  }

  infoDtmf(digit: string, signal: AbortSignal): Promise<number | null> {
    const sent = new Promise<number | null>((resolve) => {
      this.session
        .info({
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 200),
            onReject: (response) => resolve(response.message.statusCode ?? null),
          },
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: dtmfRelayBody(digit) } },
        })
        .catch(() => resolve(null));
    });
    return untilAborted(sent, signal, null);
  }

  refer(uri: string, signal: AbortSignal): Promise<number | null> {
    const target = UserAgent.makeURI(uri);
    if (!target) return Promise.resolve(null);
    const sent = new Promise<number | null>((resolve) => {
      this.session
        .refer(target, {
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 202),
            onReject: (response) => resolve(response.message.statusCode ?? null),
          },
          // Transfer progress (sipfrag NOTIFYs) is not needed for a blind transfer.
          onNotify: (notification) => void notification.accept().catch(() => undefined),
        })
        .catch(() => resolve(null));
    });
    return untilAborted(sent, signal, null);
  }

  dispose(): void {
    void this.session.dispose().catch(() => undefined);
  }

  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    // The media stops now; the dialog (or the INVITE transaction) stays for a BYE or CANCEL later.
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    sdh?.close();
    this.session.delegate = {};
    if (this.session.state === SessionState.Terminated) return;
    this.hooks.orphan(this.session);
  }

  private sendReinvite(hold: boolean, signal: AbortSignal): Promise<number | null> {
    const sent = new Promise<number | null>((resolve) => {
      this.session
        .invite({
          requestDelegate: {
            onAccept: (response) => {
              if (this.session.state !== SessionState.Established) return resolve(500);
              this.emitNegotiated(false);
              resolve(response.message.statusCode ?? 200);
            },
            onReject: (response) => resolve(response.message.statusCode ?? 500),
          },
          sessionDescriptionHandlerOptions: this.hooks.sdhOptions(hold),
        })
        .catch(() => resolve(null));
    });
    return untilAborted(sent, signal, null);
  }

  private emitNegotiated(byRemoteOffer: boolean): void {
    const direction = negotiatedDirection(this.session);
    if (direction) this.listener({ type: 'negotiated', direction, byRemoteOffer });
  }

  private receiveInfo(info: Info): void {
    const request = info.request;
    const digit = dtmfFromInfoBody(request.getHeader('content-type') ?? '', request.body ?? '');
    if (digit === null) {
      void info.reject({ statusCode: 415 }).catch(() => undefined);
      return;
    }
    void info.accept().catch(() => undefined);
    this.listener({ type: 'dtmf', digit });
  }
}

/** The direction WebRTC negotiated for our audio (`currentDirection` of the audio transceiver). */
function negotiatedDirection(session: Session): MediaDirection | null {
  const pc = (session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
  const transceiver = pc?.getTransceivers().find((t) => (t.receiver.track?.kind ?? t.sender.track?.kind) === 'audio') ?? pc?.getTransceivers()[0];
  const current = transceiver?.currentDirection;
  return current === 'sendrecv' || current === 'sendonly' || current === 'recvonly' || current === 'inactive' ? current : null;
}
