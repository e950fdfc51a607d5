import type { DialTokenRefusal } from '../../shared/api/edge';
import type { DialAuthorization } from '../../shared/api/leads';
import type { UpdateCallRequest } from '../../shared/api/calls';
import type { CallOutcome, ConsentEvent } from '../../shared/domain/consent-event';
import { automaticOutcome, type CallEnd } from '../../shared/phone/call-end-reason';
import { isConnected } from '../../shared/phone/call-state';
import type { CallSnapshot, SipPort } from '../../shared/phone/sip-port';
import type { ScriptAction, ScriptRun, ScriptRunSnapshot } from '../../shared/script';
import { toUiError, type UiError } from '../errors';
import { outcomesAfterRun } from './call-outcomes';

/**
 * One call from the desk's point of view, as a pure state machine over injected ports (the API, the
 * outbox, the phone's SipPort, one clock): no framework, so every interleaving of phone events and
 * saves can be tested (test/unit/renderer/call-controller.test.ts).
 *
 * ```
 *  idle ──dial──▶ authorizing ──gate refused (422)──▶ refused ──dial──▶ authorizing
 *                     │    └──error──▶ idle
 *                     └──authorized──▶ dialing ──ringing──▶ ringing ──answered──▶ connected (script)
 *  dialing | ringing ──ended (busy, no answer, rejected, failed, cancelled)──▶ ended
 *  connected ──the run ends (outcome, opt-out, refusal)──▶ closing (read the acknowledgement, hang up)
 *  connected | closing ──hang up / remote hang-up / server lost──▶ ended (run aborted if still open)
 *  ended ──finish(outcome the run allows)──▶ wrapped ──reset (next lead)──▶ idle
 * ```
 *
 * Rules it keeps:
 * - nothing dials without a dial authorization and a registered phone;
 * - every script answer is durable (outbox, fsync) before the run moves on; one save at a time;
 * - a call that ends while an answer is being saved still records its abort, once that save settled;
 * - an opt-out or refusal is recorded once (the event; the API applies it on delivery), its
 *   acknowledgement is shown to be read, and the agent's confirmation hangs up;
 * - the wrap-up offers exactly the outcomes the run allows;
 * - lead and campaign are fixed while the call is open (`isCallOpen`).
 */
export const CALL_PHASES = ['idle', 'authorizing', 'refused', 'dialing', 'ringing', 'connected', 'closing', 'ended', 'wrapped'] as const;
export type CallPhase = (typeof CALL_PHASES)[number];

/** What moves the controller: the agent's commands, the phone's events, and answers of the ports. */
export const CALL_INPUTS = [
  'dial',
  'authorized',
  'gate_refused',
  'authorize_failed',
  'place_failed',
  'phone_ringing',
  'phone_connected',
  'phone_ended',
  'run_final',
  'finish',
  'finished',
  'reset',
] as const;
export type CallInput = (typeof CALL_INPUTS)[number];

/** The allowed transitions: phase -> input -> the phases it can lead to. Anything else is ignored. */
export const CALL_TRANSITIONS: Readonly<Record<CallPhase, Readonly<Partial<Record<CallInput, readonly CallPhase[]>>>>> = {
  idle: { dial: ['authorizing'] },
  authorizing: { authorized: ['dialing'], gate_refused: ['refused'], authorize_failed: ['idle'], place_failed: ['ended'] },
  refused: { dial: ['authorizing'], reset: ['idle'] },
  dialing: { phone_ringing: ['ringing'], phone_connected: ['connected'], phone_ended: ['ended'], place_failed: ['ended'] },
  ringing: { phone_connected: ['connected'], phone_ended: ['ended'] },
  connected: { run_final: ['closing'], phone_ended: ['ended'] },
  closing: { phone_ended: ['ended'] },
  ended: { finish: ['ended'], finished: ['wrapped'] },
  wrapped: { reset: ['idle'] },
};

/** Phases in which a call exists (or is being set up): lead and campaign cannot change. */
export function isCallOpen(phase: CallPhase): boolean {
  return phase !== 'idle' && phase !== 'refused' && phase !== 'wrapped';
}

/**
 * The edge's refusals that say the lead card on screen is stale (decisions 0014, 0016): the dial was
 * authorized on a verdict or an assignment that no longer holds. A call that ends so has the card fetched
 * again (its verdict then says why; a lead the agent lost is 404 and the card closes), never left up as
 * if it were dialable. The other refusals (used, expired...) say nothing about the lead.
 */
export const STALE_LEAD_REFUSALS = ['gate-changed', 'not-assigned'] as const satisfies readonly DialTokenRefusal[];

/** Whether the call's end (the edge's 403 reason) makes the lead card stale. */
export function leadStaleAfter(end: CallEnd | null): boolean {
  return end?.edgeRefusal !== undefined && (STALE_LEAD_REFUSALS as readonly string[]).includes(end.edgeRefusal);
}

/** Why something did not happen; the desk shows a text per code (details are for the log only). */
export type CallProblemCode = 'no-phone' | 'phone-not-registered' | 'authorize-failed' | 'place-failed' | 'record-failed' | 'update-failed' | 'run-failed';
export interface CallProblem {
  readonly code: CallProblemCode;
  /** The error behind it, if any (shown in the agent's language by its code, never its English message). */
  readonly error: UiError | null;
}

/** What the agent must read before the call ends: the script's opt-out or refusal text. */
export interface Acknowledgement {
  readonly kind: 'opt_out' | 'refusal';
  readonly text: string;
}

/** Everything the desk shows about the call; a new object on every change. */
export interface CallView {
  readonly phase: CallPhase;
  readonly leadId: string | null;
  /** Our call record id (UUIDv7, also ConsentEvent.callId), the phone's own call id and the SIP Call-ID. */
  readonly callId: string | null;
  readonly phoneCallId: string | null;
  readonly sipCallId: string | null;
  /** The phone's latest snapshot of this call (hold, mute, signalling...); null once ended. */
  readonly phoneCall: CallSnapshot | null;
  readonly run: ScriptRun | null;
  readonly runSnapshot: ScriptRunSnapshot | null;
  /** True while an answer is being made durable: no other answer is taken until it is. */
  readonly saving: boolean;
  readonly problem: CallProblem | null;
  readonly callEnd: CallEnd | null;
  readonly acknowledgement: Acknowledgement | null;
  /** True once the opt-out of this call is durable (the lead card says so at once). */
  readonly optedOut: boolean;
  /** The outcomes the wrap-up may record (empty before the call ended, or while its abort is saved). */
  readonly outcomes: readonly CallOutcome[];
  /** The one the wrap-up proposes. */
  readonly proposedOutcome: CallOutcome | null;
  /** True while the wrap-up is being sent to the API. */
  readonly finishing: boolean;
}

export type AuthorizeResult = { readonly ok: true; readonly authorization: DialAuthorization } | { readonly ok: false };

export interface CallControllerPorts {
  /** The phone; null when none is configured. */
  readonly phone: () => SipPort | null;
  /** Asks the API to dial this lead: the authorization, or `{ ok: false }` when the gate refused (422). Throws otherwise. */
  authorize(leadId: string): Promise<AuthorizeResult>;
  /** Opens the call record of an authorized dial. */
  openCall(authorization: DialAuthorization, callId: string, startedAt: string): Promise<void>;
  /** Places the call the authorization allows; resolves with the phone's call id. */
  place(phone: SipPort, authorization: DialAuthorization): Promise<string>;
  updateCall(callId: string, change: UpdateCallRequest): Promise<void>;
  /** Makes an event durable (the outbox); resolves once it is. */
  record(event: ConsentEvent): Promise<void>;
  /** The script run of this call, started when the call is answered. */
  startRun(call: { readonly leadId: string; readonly callId: string; readonly sipCallId: string | null }): ScriptRun;
  readonly now: () => Date;
  readonly newId: () => string;
}


export class CallController {
  #phase: CallPhase = 'idle';
  #leadId: string | null = null;
  #callId: string | null = null;
  #phoneCallId: string | null = null;
  #sipCallId: string | null = null;
  #phoneCall: CallSnapshot | null = null;
  /** Snapshots of calls the phone reported before `place` told us their id. */
  #early = new Map<string, CallSnapshot>();
  #hangUpWhenPlaced = false;
  #run: ScriptRun | null = null;
  #saving = false;
  /** The call ended while an answer was being saved: abort the run once that save settled. */
  #abortAfterSave = false;
  #problem: CallProblem | null = null;
  #callEnd: CallEnd | null = null;
  /** Dead air the phone measured on this call once it ended (answered calls only). */
  #deadAirMs: number | null = null;
  #acknowledgement: Acknowledgement | null = null;
  #finishing = false;
  /** Bumped by reset: answers of ports to an earlier call change nothing. */
  #generation = 0;
  #view: CallView;
  readonly #listeners = new Set<(view: CallView) => void>();
  /** Every transition taken, for tests: [from, input, to]. */
  readonly transitions: [CallPhase, CallInput, CallPhase][] = [];

  constructor(private readonly ports: CallControllerPorts) {
    this.#view = this.#makeView();
  }

  view(): CallView {
    return this.#view;
  }

  subscribe(listener: (view: CallView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks for a dial authorization for `leadId` and, once given, calls. Refused without a registered phone. */
  async dial(leadId: string): Promise<void> {
    if (!this.#can('dial')) return;
    const phone = this.ports.phone();
    if (!phone) return this.#fail('no-phone');
    if (phone.registration().state !== 'registered') return this.#fail('phone-not-registered');
    const gen = this.#reset();
    this.#leadId = leadId;
    this.#move('dial', 'authorizing');
    let result: AuthorizeResult;
    try {
      result = await this.ports.authorize(leadId);
    } catch (err) {
      if (gen !== this.#generation) return;
      this.#problem = { code: 'authorize-failed', error: toUiError(err) };
      return this.#move('authorize_failed', 'idle');
    }
    if (gen !== this.#generation) return;
    if (!result.ok) return this.#move('gate_refused', 'refused');
    const callId = this.ports.newId();
    this.#callId = callId;
    try {
      await this.ports.openCall(result.authorization, callId, this.ports.now().toISOString());
      if (gen !== this.#generation) return;
      this.#move('authorized', 'dialing');
      const id = await this.ports.place(phone, result.authorization);
      if (gen !== this.#generation) return;
      this.#phoneCallId = id;
      this.#emit();
      const early = this.#early.get(id);
      this.#early.clear();
      if (early) this.onPhoneCall(early);
      if (this.#hangUpWhenPlaced) void this.hangUp();
    } catch (err) {
      if (gen !== this.#generation) return;
      this.#problem = { code: 'place-failed', error: toUiError(err) };
      this.#callEnd = { reason: 'failed', sipStatus: null };
      this.#move('place_failed', 'ended');
    }
  }

  /** A call snapshot from the phone (every call's; only this call's count). */
  onPhoneCall(snapshot: CallSnapshot): void {
    if (this.#phoneCallId === null) {
      // Placing: the phone may report the call before `place` resolved with its id.
      if (this.#phase === 'dialing' || this.#phase === 'authorizing') this.#early.set(snapshot.id, snapshot);
      return;
    }
    if (snapshot.id !== this.#phoneCallId) return;
    this.#phoneCall = snapshot.state === 'ended' ? null : snapshot;
    if (snapshot.sipCallId && snapshot.sipCallId !== this.#sipCallId) {
      this.#sipCallId = snapshot.sipCallId;
      this.#patch({ sipCallId: snapshot.sipCallId });
    }
    if (snapshot.state === 'ringing' && this.#phase === 'dialing') this.#move('phone_ringing', 'ringing');
    else if (isConnected(snapshot.state) && (this.#phase === 'dialing' || this.#phase === 'ringing')) this.#connected(snapshot);
    else if (snapshot.state === 'ended' && this.#can('phone_ended')) this.#ended(snapshot);
    else this.#emit();
  }

  /** Records a script answer (durable first), then the run moves on. One at a time. */
  async act(action: ScriptAction): Promise<void> {
    const run = this.#run;
    if (!run || this.#saving || this.#phase !== 'connected' || run.isFinal || action.type === 'abort') return;
    await this.#save(run, action);
  }

  /** Hangs up whatever state the call is in (the phone's `ended` snapshot then ends it here). */
  async hangUp(): Promise<void> {
    if (this.#phase !== 'dialing' && this.#phase !== 'ringing' && this.#phase !== 'connected' && this.#phase !== 'closing') return;
    const phone = this.ports.phone();
    if (this.#phoneCallId === null) {
      this.#hangUpWhenPlaced = true;
      return;
    }
    await phone?.hangUp(this.#phoneCallId).catch(() => undefined);
  }

  /** The agent read the opt-out or refusal acknowledgement to the customer: the call ends. */
  async acknowledge(): Promise<void> {
    if (this.#phase !== 'closing') return;
    await this.hangUp();
  }

  /** Records the outcome (one of `view().outcomes`) and ends the call at the API. */
  async finish(outcome: CallOutcome, callbackAt?: string): Promise<void> {
    if (!this.#can('finish') || this.#finishing || !this.#view.outcomes.includes(outcome) || !this.#callId) return;
    const fromRun = this.#run?.outcome?.callbackAt;
    const when = outcome === 'callback' ? (fromRun ?? callbackAt) : undefined;
    if (outcome === 'callback' && !when) return;
    const gen = this.#generation;
    this.#finishing = true;
    this.#problem = null;
    this.#move('finish', 'ended');
    try {
      await this.ports.updateCall(this.#callId, {
        endedAt: this.ports.now().toISOString(),
        outcome,
        ...(when ? { callbackAt: when } : {}),
        ...(this.#deadAirMs !== null ? { deadAirMs: this.#deadAirMs } : {}),
      });
      if (gen !== this.#generation) return;
      this.#finishing = false;
      this.#move('finished', 'wrapped');
    } catch (err) {
      if (gen !== this.#generation) return;
      this.#finishing = false;
      this.#problem = { code: 'update-failed', error: toUiError(err) };
      this.#emit();
    }
  }

  /** After the wrap-up (or a refusal): back to idle for the next lead. Refused while a call is open. */
  reset(): void {
    if (isCallOpen(this.#phase)) return;
    this.#reset();
    if (this.#phase !== 'idle') this.#move('reset', 'idle');
    else this.#emit();
  }

  /** Saves the abort again after it failed (the wrap-up waits for it). */
  async retryAbort(): Promise<void> {
    const run = this.#run;
    if (this.#phase !== 'ended' || !run || run.isFinal || this.#saving) return;
    await this.#save(run, { type: 'abort' });
  }

  #connected(snapshot: CallSnapshot): void {
    this.#move('phone_connected', 'connected');
    const callId = this.#callId;
    if (!callId || !this.#leadId) return;
    this.#patch({ answeredAt: new Date(snapshot.answeredAt ?? this.ports.now().getTime()).toISOString() });
    try {
      this.#run = this.ports.startRun({ leadId: this.#leadId, callId, sipCallId: snapshot.sipCallId });
    } catch (err) {
      this.#problem = { code: 'run-failed', error: toUiError(err) };
    }
    this.#emit();
  }

  #ended(snapshot: CallSnapshot): void {
    this.#callEnd = snapshot.end ?? { reason: 'failed', sipStatus: null };
    this.#phoneCall = null;
    this.#move('phone_ended', 'ended');
    if (snapshot.answeredAt !== null) {
      // The desk's media report (decision 0041): sent now, so it is recorded even without a wrap-up,
      // and again with the wrap-up (a repeat the API accepts), whichever arrives first.
      this.#deadAirMs = snapshot.media.deadAirMs;
      this.#patch({ deadAirMs: this.#deadAirMs });
    }
    const run = this.#run;
    if (!run || run.isFinal) return;
    // The call dropped (or was hung up) mid-script: record where it stopped, after any save in flight.
    if (this.#saving) this.#abortAfterSave = true;
    else void this.#save(run, { type: 'abort' });
  }

  async #save(run: ScriptRun, action: ScriptAction): Promise<void> {
    const gen = this.#generation;
    this.#saving = true;
    this.#problem = null;
    this.#emit();
    let event: ConsentEvent | undefined;
    try {
      event = run.propose(action).event;
      await this.ports.record(event);
      run.commit(event);
    } catch (err) {
      if (event && run.pending === event) run.discard(event);
      if (gen === this.#generation) this.#problem = { code: 'record-failed', error: toUiError(err) };
    }
    if (gen !== this.#generation) return;
    this.#saving = false;
    const abortNow = this.#abortAfterSave && !run.isFinal;
    this.#abortAfterSave = false;
    if (run.isFinal && this.#phase === 'connected') {
      const last = run.events.at(-1);
      if (last?.kind === 'opt_out') this.#acknowledgement = { kind: 'opt_out', text: last.promptText };
      else if (last?.kind === 'refusal') this.#acknowledgement = { kind: 'refusal', text: last.promptText };
      this.#move('run_final', 'closing');
    } else if (!abortNow) this.#emit();
    if (abortNow) await this.#save(run, { type: 'abort' });
  }

  #patch(change: UpdateCallRequest): void {
    const callId = this.#callId;
    if (!callId) return;
    const gen = this.#generation;
    this.ports.updateCall(callId, change).catch((err: unknown) => {
      if (gen !== this.#generation) return;
      this.#problem = { code: 'update-failed', error: toUiError(err) };
      this.#emit();
    });
  }

  #fail(code: CallProblemCode): void {
    this.#problem = { code, error: null };
    this.#emit();
  }

  /** Forgets the last call; answers of its ports are dropped from now on. */
  #reset(): number {
    this.#generation += 1;
    this.#leadId = null;
    this.#callId = null;
    this.#phoneCallId = null;
    this.#sipCallId = null;
    this.#phoneCall = null;
    this.#early.clear();
    this.#hangUpWhenPlaced = false;
    this.#run = null;
    this.#saving = false;
    this.#abortAfterSave = false;
    this.#problem = null;
    this.#callEnd = null;
    this.#deadAirMs = null;
    this.#acknowledgement = null;
    this.#finishing = false;
    return this.#generation;
  }

  #can(input: CallInput): boolean {
    return CALL_TRANSITIONS[this.#phase][input] !== undefined;
  }

  #move(input: CallInput, to: CallPhase): void {
    const allowed = CALL_TRANSITIONS[this.#phase][input];
    if (!allowed?.includes(to)) throw new Error(`call controller: ${input} does not lead from ${this.#phase} to ${to}`);
    this.transitions.push([this.#phase, input, to]);
    this.#phase = to;
    this.#emit();
  }

  #makeView(): CallView {
    const run = this.#run;
    const outcomes = this.#phase === 'ended' && !this.#saving && !this.#abortAfterSave ? this.#outcomes() : [];
    return {
      phase: this.#phase,
      leadId: this.#leadId,
      callId: this.#callId,
      phoneCallId: this.#phoneCallId,
      sipCallId: this.#sipCallId,
      phoneCall: this.#phoneCall,
      run,
      runSnapshot: run ? run.snapshot() : null,
      saving: this.#saving,
      problem: this.#problem,
      callEnd: this.#callEnd,
      acknowledgement: this.#acknowledgement,
      optedOut: run?.outcome?.code === 'opt_out',
      outcomes,
      proposedOutcome: outcomes[0] ?? null,
      finishing: this.#finishing,
    };
  }

  /** The outcomes the wrap-up may record: the run's, or the phone's for a call never answered. */
  #outcomes(): CallOutcome[] {
    const run = this.#run;
    if (run) return run.isFinal ? outcomesAfterRun(run.snapshot()) : [];
    const auto = this.#callEnd ? automaticOutcome(this.#callEnd.reason) : null;
    // Answered but without a script run (it could not start): only what the phone can say.
    if (this.#callEnd && (this.#callEnd.reason === 'remote_hangup' || this.#callEnd.reason === 'local_hangup')) return ['dropped', 'failed'];
    return [auto ?? 'failed'];
  }

  #emit(): void {
    this.#view = this.#makeView();
    for (const l of this.#listeners) l(this.#view);
  }
}
