import { Core, Inviter, SessionState, type Session, type UserAgent } from 'sip.js';
import { ORPHAN_MAX_BYES, orphanByeVerdict, orphanRetryDelayMs } from '../../shared/phone/orphan-bye';
import type { CallClock } from './call/waits';

/** How long an orphan is kept waiting for the server; past this its dialog is long gone anyway. */
const ORPHAN_MAX_AGE_MS = 10 * 60_000;
/**
 * A BYE with no final answer after this long counts as unanswered and is sent again (sip.js alone
 * would wait 32 s, its Timer F; the edge answers 408 after 5 s when the far end is silent).
 */
export const ORPHAN_ANSWER_WAIT_MS = 8_000;

/** What the registry tells the phone's log about each BYE/CANCEL it sent, and each give-up. */
export interface OrphanOutcome {
  readonly sipCallId: string;
  readonly method: 'BYE' | 'CANCEL';
  /** The final answer; null when none came in time (or the connection failed). */
  readonly sipStatus: number | null;
  /** The how-many-th BYE of this dialog it was (1 for a CANCEL). */
  readonly attempt: number;
  /**
   * delivered: the far end answered 2xx; gone: it no longer had the call (481); retrying: sent
   * again in `retryInMs`; refused or gave_up: the phone stops trying (the far end may still have
   * the call); sent: a CANCEL (sent once: a restarted server has no transaction to cancel).
   */
  readonly verdict: 'delivered' | 'gone' | 'retrying' | 'refused' | 'gave_up' | 'sent';
  readonly retryInMs: number | null;
}

/** The registry's timers, and whether the phone can send now (registered). */
export interface OrphanEnvironment extends CallClock {
  canSend(): boolean;
}

interface Orphan {
  readonly session: Session;
  readonly sipCallId: string;
  readonly since: number;
  readonly off: () => void;
  /** waiting: for the phone to be registered (or for the retry timer); sending: a BYE is out. */
  state: 'waiting' | 'sending';
  byes: number;
  /** Set once sip.js sent the first BYE: later BYEs are built from it (same dialog, a new CSeq). */
  dialog: Core.SessionDialog | null;
  retryTimer: unknown;
}

/**
 * Dialogs the phone had to give up while the server was unreachable (a call dropped during an
 * outage). Their far end still has the call, so once the phone is registered again each gets its
 * BYE (or, for an INVITE never answered, a CANCEL) through the new connection, and the BYE is
 * sent again until the far end answers it (shared/phone/orphan-bye.ts: no answer, 408 or 5xx are
 * retried with a backoff, at most ORPHAN_MAX_BYES times; every give-up is logged). No customer is
 * left on a line nobody is on without the log saying so.
 */
export class OrphanDialogs {
  private readonly orphans = new Set<Orphan>();

  constructor(
    private readonly ua: UserAgent,
    private readonly env: OrphanEnvironment,
    private readonly report: (outcome: OrphanOutcome) => void = () => undefined,
  ) {}

  /** Dialogs still waiting for their BYE/CANCEL to be answered. */
  get size(): number {
    return this.orphans.size;
  }

  add(session: Session): void {
    const sipCallId = session instanceof Inviter ? session.request.callId : (session.dialog?.callId ?? '');
    const listener = (state: SessionState): void => {
      // The far end ended it before we sent our BYE (its BYE reached us after all), or sip.js gave
      // up on the INVITE. Once our own BYE is out, the session is Terminated by sip.js itself.
      if (state === SessionState.Terminated && entry.dialog === null && entry.state === 'waiting') this.forget(entry);
    };
    session.stateChange.addListener(listener);
    const entry: Orphan = {
      session,
      sipCallId,
      since: this.env.now(),
      off: () => session.stateChange.removeListener(listener),
      state: 'waiting',
      byes: 0,
      dialog: null,
      retryTimer: null,
    };
    this.orphans.add(entry);
  }

  /** Registered again: end every orphan not already being ended through the new connection. */
  endAll(): void {
    for (const orphan of [...this.orphans]) {
      if (orphan.state !== 'waiting') continue;
      this.clearRetry(orphan);
      this.end(orphan);
    }
  }

  /** Forgets every orphan without signalling (phone disposal). */
  clear(): void {
    for (const orphan of [...this.orphans]) {
      this.forget(orphan);
      if (orphan.dialog === null) void orphan.session.dispose().catch(() => undefined);
    }
  }

  private forget(orphan: Orphan): void {
    this.clearRetry(orphan);
    orphan.off();
    this.orphans.delete(orphan);
  }

  private clearRetry(orphan: Orphan): void {
    if (orphan.retryTimer !== null) this.env.clearTimeout(orphan.retryTimer);
    orphan.retryTimer = null;
  }

  private end(orphan: Orphan): void {
    const { session } = orphan;
    if (this.env.now() - orphan.since > ORPHAN_MAX_AGE_MS) {
      this.forget(orphan);
      this.report({ sipCallId: orphan.sipCallId, method: 'BYE', sipStatus: null, attempt: orphan.byes, verdict: 'gave_up', retryInMs: null });
      if (orphan.dialog === null) void session.dispose().catch(() => undefined);
      return;
    }
    if (orphan.dialog !== null) {
      const dialog = orphan.dialog;
      this.sendBye(orphan, (delegate) => {
        // The dialog sip.js closed with the first BYE still knows its route set, tags and CSeq.
        new Core.UserAgentClient(Core.NonInviteClientTransaction, dialog.userAgentCore, dialog.createOutgoingRequestMessage(Core.C.BYE), delegate);
      });
      return;
    }
    // sip.js types the dialog as its core Session interface; it is a SessionDialog.
    if (session.state === SessionState.Established && session.dialog instanceof Core.SessionDialog) {
      orphan.dialog = session.dialog;
      this.sendBye(orphan, (delegate) => session.bye({ requestDelegate: delegate }));
      return;
    }
    this.forget(orphan);
    if (session instanceof Inviter && (session.state === SessionState.Establishing || session.state === SessionState.Terminating)) {
      this.cancelInvite(session, orphan.sipCallId);
      return;
    }
    void session.dispose().catch(() => undefined);
  }

  /** Sends one BYE through `send` and acts on its final answer (or on none within ORPHAN_ANSWER_WAIT_MS). */
  private sendBye(orphan: Orphan, send: (delegate: Core.OutgoingRequestDelegate) => unknown): void {
    orphan.state = 'sending';
    orphan.byes += 1;
    const attempt = orphan.byes;
    let settled = false;
    const settle = (sipStatus: number | null): void => {
      if (settled) return;
      settled = true;
      this.env.clearTimeout(timer);
      this.answered(orphan, attempt, sipStatus);
    };
    const timer = this.env.setTimeout(() => settle(null), ORPHAN_ANSWER_WAIT_MS);
    try {
      const sent = send({
        onAccept: (response) => settle(response.message.statusCode ?? 200),
        onReject: (response) => settle(response.message.statusCode ?? null),
      });
      // sip.js refused to send it (the session is no longer established): nothing went out.
      if (sent instanceof Promise) sent.catch(() => settle(null));
    } catch {
      settle(null);
    }
  }

  private answered(orphan: Orphan, attempt: number, sipStatus: number | null): void {
    if (!this.orphans.has(orphan)) return;
    const outcome = { sipCallId: orphan.sipCallId, method: 'BYE' as const, sipStatus, attempt };
    const verdict = orphanByeVerdict(sipStatus);
    if (verdict !== 'retry' || orphan.byes >= ORPHAN_MAX_BYES) {
      this.forget(orphan);
      this.report({ ...outcome, verdict: verdict === 'retry' ? 'gave_up' : verdict, retryInMs: null });
      return;
    }
    orphan.state = 'waiting';
    const wait = orphanRetryDelayMs(orphan.byes);
    this.report({ ...outcome, verdict: 'retrying', retryInMs: wait });
    orphan.retryTimer = this.env.setTimeout(() => {
      orphan.retryTimer = null;
      // Not registered now: the next re-registration sends it (endAll).
      if (this.env.canSend()) this.end(orphan);
    }, wait);
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
    const sent = (sipStatus: number | null): void => this.report({ sipCallId, method: 'CANCEL', sipStatus, attempt: 1, verdict: 'sent', retryInMs: null });
    new Core.UserAgentClient(Core.NonInviteClientTransaction, core, cancel, {
      onAccept: (r) => sent(r.message.statusCode ?? 200),
      onReject: (r) => sent(r.message.statusCode ?? null),
    });
  }
}

/** One log line for an outcome (the phone logs give-ups as warnings). */
export function describeOrphanOutcome(o: OrphanOutcome): { level: 'log' | 'warn'; message: string } {
  const answer = o.sipStatus === null ? 'no answer' : String(o.sipStatus);
  const head = `orphan ${o.method} ${o.attempt > 1 ? `#${o.attempt} ` : ''}for ${o.sipCallId}: ${answer}`;
  switch (o.verdict) {
    case 'retrying':
      return { level: 'log', message: `${head}; sending it again in ${String(o.retryInMs)} ms` };
    case 'gave_up':
      return { level: 'warn', message: `${head}; gave up after ${o.attempt} BYE(s): the far end may still have the call` };
    case 'refused':
      return { level: 'warn', message: `${head}; refused, not sent again: the far end may still have the call` };
    default:
      return { level: 'log', message: head };
  }
}
