import { Core, Inviter, SessionState, type Session, type UserAgent } from 'sip.js';

/** How long an orphan is kept waiting for the server; past this its dialog is long gone anyway. */
const ORPHAN_MAX_AGE_MS = 10 * 60_000;

interface Orphan {
  readonly session: Session;
  readonly since: number;
  readonly off: () => void;
}

/** What the registry reports, for the log and the tests. */
export type OrphanOutcome = { readonly sipCallId: string; readonly method: 'BYE' | 'CANCEL'; readonly sipStatus: number | null };

/**
 * Dialogs the phone had to give up while the server was unreachable (a call dropped during an
 * outage). Their far end still has the call, so once the phone is registered again each gets its
 * BYE (or, for an INVITE never answered, a CANCEL) through the new connection: no customer is left
 * on a line nobody is on.
 */
export class OrphanDialogs {
  private readonly orphans = new Set<Orphan>();

  constructor(
    private readonly ua: UserAgent,
    private readonly now: () => number,
    private readonly report: (outcome: OrphanOutcome) => void = () => undefined,
  ) {}

  get size(): number {
    return this.orphans.size;
  }

  add(session: Session): void {
    const listener = (state: SessionState): void => {
      // The far end ended it (its BYE reached us after all), or sip.js gave up on the INVITE.
      if (state === SessionState.Terminated) this.forget(entry);
    };
    session.stateChange.addListener(listener);
    const entry: Orphan = { session, since: this.now(), off: () => session.stateChange.removeListener(listener) };
    this.orphans.add(entry);
  }

  /** Registered again: end every orphan through the new connection. */
  endAll(): void {
    for (const orphan of [...this.orphans]) {
      this.forget(orphan);
      if (this.now() - orphan.since > ORPHAN_MAX_AGE_MS) {
        void orphan.session.dispose().catch(() => undefined);
        continue;
      }
      this.end(orphan.session);
    }
  }

  /** Forgets every orphan without signalling (phone disposal). */
  clear(): void {
    for (const orphan of [...this.orphans]) {
      this.forget(orphan);
      void orphan.session.dispose().catch(() => undefined);
    }
  }

  private forget(orphan: Orphan): void {
    orphan.off();
    this.orphans.delete(orphan);
  }

  private end(session: Session): void {
    const sipCallId = session instanceof Inviter ? session.request.callId : (session.dialog?.callId ?? '');
    if (session.state === SessionState.Established) {
      void session
        .bye({
          requestDelegate: {
            onAccept: (r) => this.report({ sipCallId, method: 'BYE', sipStatus: r.message.statusCode ?? 200 }),
            onReject: (r) => this.report({ sipCallId, method: 'BYE', sipStatus: r.message.statusCode ?? null }),
          },
        })
        .catch(() => this.report({ sipCallId, method: 'BYE', sipStatus: null }));
      return;
    }
    if (session instanceof Inviter && (session.state === SessionState.Establishing || session.state === SessionState.Terminating)) {
      this.cancelInvite(session, sipCallId);
      return;
    }
    void session.dispose().catch(() => undefined);
  }

  /**
   * CANCELs an INVITE that may never have had a provisional response (sip.js would hold its CANCEL
   * until one arrives, and that response went to the dead connection). The CANCEL matches the
   * INVITE transaction at the proxy by Call-ID, CSeq, tags and the top Via branch (RFC 3261 9.1).
   */
  private cancelInvite(inviter: Inviter, sipCallId: string): void {
    const request = (inviter as unknown as { outgoingInviteRequest?: { message: Core.OutgoingRequestMessage } }).outgoingInviteRequest;
    const invite = request?.message;
    if (!invite) return;
    const core = this.ua.userAgentCore;
    const cancel = core.makeOutgoingRequestMessage(Core.C.CANCEL, invite.ruri, invite.from.uri, invite.to.uri, {
      fromTag: invite.fromTag,
      callId: invite.callId,
      cseq: invite.cseq,
      ...(invite.toTag ? { toTag: invite.toTag } : {}),
    });
    cancel.branch = invite.branch;
    const route = invite.headers['Route'];
    if (route) cancel.headers['Route'] = route;
    new Core.UserAgentClient(Core.NonInviteClientTransaction, core, cancel, {
      onAccept: (r) => this.report({ sipCallId, method: 'CANCEL', sipStatus: r.message.statusCode ?? 200 }),
      onReject: (r) => this.report({ sipCallId, method: 'CANCEL', sipStatus: r.message.statusCode ?? null }),
    });
  }
}
