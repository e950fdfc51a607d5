import { z } from 'zod';
import { CallOutcomeSchema, ConsentEventSchema, UUID_V7, type CallOutcome, type ConsentEvent, type ConsentEventKind } from '../domain/consent-event';
import type { ConsentKind } from '../domain/consent-grant';
import { sha256Hex, type Sha256Hex } from '../domain/hash';
import { TimeZoneSchema } from '../domain/time-zone';
import type { Fact, PitchStep, ScriptDefinition, ScriptStep, YesNo } from './definition';
import { pitchRequirements } from './graph';
import { conditionHolds, placeholderValues, renderTextWith, type RenderContext } from './render';
import {
  ActionNotAvailableError,
  EventPendingError,
  ForeignEventError,
  InvalidActionError,
  OutcomeNotAllowedError,
  PitchLockedError,
  RunFinishedError,
  SaleLockedError,
  ScriptRunError,
  UnknownAnswerError,
} from './run-errors';

/**
 * The states of a ScriptRun. While the run is on a step, its state says what the step waits for:
 * - `reading`: a disclosure is on screen; the agent reads it and confirms;
 * - `asking`: a question waits for the customer's answer;
 * - `pitching`: the pitch is unlocked (its facts are yes in this call) and can be delivered;
 * - `pitch_locked`: the run arrived at a pitch whose facts are not all yes (only a definition that
 *   bypassed loadScript's static check can get here); nothing but the endings below is possible;
 * - `closing`: an outcome step waits for the agent to record the outcome.
 * Final states: `completed` (an outcome was recorded), `opted_out`, `refused`, `aborted` (call dropped).
 */
export const SCRIPT_RUN_STATES = ['reading', 'asking', 'pitching', 'pitch_locked', 'closing', 'completed', 'opted_out', 'refused', 'aborted'] as const;
export type ScriptRunState = (typeof SCRIPT_RUN_STATES)[number];

/** States in which the run has ended; no action is possible any more. */
export const FINAL_STATES: readonly ScriptRunState[] = ['completed', 'opted_out', 'refused', 'aborted'];

/** True when `state` is final. */
export function isFinalState(state: ScriptRunState): boolean {
  return FINAL_STATES.includes(state);
}

/** What the agent can do. `opt_out`, `refuse` and `abort` exist in every non-final state. */
export const ScriptActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('confirm') }),
  z.strictObject({ type: z.literal('answer'), answerId: z.string().min(1) }),
  z.strictObject({ type: z.literal('deliver_pitch') }),
  z.strictObject({
    type: z.literal('record_outcome'),
    outcome: CallOutcomeSchema,
    /** When the customer asked to be called back (only with outcome `callback`). */
    callbackAt: z.iso.datetime({ offset: true }).optional(),
  }),
  z.strictObject({ type: z.literal('opt_out') }),
  z.strictObject({ type: z.literal('refuse') }),
  z.strictObject({ type: z.literal('abort') }),
]);
export type ScriptAction = z.infer<typeof ScriptActionSchema>;
export type ScriptActionType = ScriptAction['type'];

const STEP_STATES: readonly ScriptRunState[] = ['reading', 'asking', 'pitching', 'pitch_locked', 'closing'];
const ENDINGS = { opt_out: ['opted_out'], refuse: ['refused'], abort: ['aborted'] } as const;

/**
 * The allowed transitions: state -> action -> the states it can lead to. A step action leads to the
 * state of the next step (any of STEP_STATES, depending on the step's kind and the facts so far).
 */
export const SCRIPT_RUN_TRANSITIONS: Readonly<Record<ScriptRunState, Readonly<Partial<Record<ScriptActionType, readonly ScriptRunState[]>>>>> = {
  reading: { confirm: STEP_STATES, ...ENDINGS },
  asking: { answer: [...STEP_STATES, 'completed'], ...ENDINGS },
  pitching: { deliver_pitch: STEP_STATES, ...ENDINGS },
  pitch_locked: { ...ENDINGS },
  closing: { record_outcome: ['completed'], ...ENDINGS },
  completed: {},
  opted_out: {},
  refused: {},
  aborted: {},
};

/** The call a run is bound to: every event of the run carries these. */
export const ScriptRunCallSchema = ConsentEventSchema.pick({
  callId: true,
  sipCallId: true,
  leadId: true,
  campaignId: true,
  agentId: true,
  locale: true,
  practice: true,
}).extend({ calleeTimeZone: TimeZoneSchema });
export type ScriptRunCall = z.infer<typeof ScriptRunCallSchema>;

/** How the run ended. `partial` is true when the call dropped before an outcome was recorded. */
export interface RunOutcome {
  readonly code: CallOutcome;
  /** The step the run was on when it ended. */
  readonly stepId: string;
  readonly partial: boolean;
  readonly callbackAt?: string;
}

/** The observable state of a run; immutable, so a proposal can show the state it would lead to. */
export interface ScriptRunSnapshot {
  readonly state: ScriptRunState;
  /** The current step; in a final state, the step where the run ended. */
  readonly stepId: string;
  /** Facts answered in this call (the last answer wins). */
  readonly facts: Readonly<Partial<Record<Fact, YesNo>>>;
  readonly outcome: RunOutcome | null;
  /** Number of committed events; the next event gets this `seq`. */
  readonly seq: number;
}

/** A transition not taken yet: the event to make durable and the state the run moves to on commit. */
export interface Proposal {
  readonly action: ScriptAction;
  readonly event: ConsentEvent;
  readonly next: ScriptRunSnapshot;
}

export interface ScriptRunOptions {
  /** A definition from loadScript (checked, frozen). */
  readonly script: ScriptDefinition;
  readonly call: ScriptRunCall;
  /** Lead, campaign and agent data the texts are rendered from (the time zone comes from `call`). */
  readonly context: Omit<RenderContext, 'calleeTimeZone'>;
  /** The clock; `occurredAt` of each event. */
  readonly now: () => Date;
  /** Makes event ids; must return UUIDv7 (domain `newId`). */
  readonly newId: () => string;
  /** Hashes each prompt for `promptSha256`; the pure `sha256Hex` unless the platform has a faster one (the server: Node's crypto). */
  readonly sha256?: Sha256Hex;
}

type EventDraft = Pick<ConsentEvent, 'stepId' | 'kind' | 'answer' | 'ruleIds' | 'promptText'> & { readonly consentKind?: ConsentKind };

/**
 * The state machine of one call through one script version (DESIGN.md "ScriptRun").
 *
 * ```
 *   new ScriptRun() ──▶ S(start)
 *
 *   reading ──── confirm ─────────▶ S(next)              S(step) is the state of arriving at a step:
 *   asking ───── answer ──────────▶ S(next) | completed    disclosure              -> reading
 *   pitching ─── deliver_pitch ───▶ S(next)                question                -> asking
 *   closing ──── record_outcome ──▶ completed              pitch, facts all yes    -> pitching
 *   pitch_locked (no step action)                          pitch, a fact not yes   -> pitch_locked
 *                                                          outcome                 -> closing
 *   every non-final state ── opt_out ──▶ opted_out
 *                          ── refuse ───▶ refused
 *                          ── abort ────▶ aborted   (call dropped; partial outcome)
 *
 *   final: completed, opted_out, refused, aborted
 * ```
 *
 * A step with `onlyIf` whose condition does not hold in this call (no recipients; no recording notice
 * in the callee's state) is not entered: arriving at it is arriving at its `otherwise` step.
 *
 * Invariants: the pitch is deliverable only when time permission and marketing consent (and the pitch's
 * other `requires`) were answered yes in this run (CG-PITCH-LOCK); when the campaign hands the data to
 * recipients, a sale is recordable only after the provision consent was answered yes (KR-3P); opt-out and refusal exist in every
 * non-final state (KR-OPTOUT); every transition emits exactly one ConsentEvent with the exact rendered
 * text and its SHA-256; the run never moves on an event it did not emit.
 *
 * Two phases, so evidence is durable before the UI moves on: `propose(action)` returns the event and
 * the state it leads to without changing anything visible; the caller makes the event durable (the
 * desktop outbox), then calls `commit(event)`, which moves the run. If storing fails, `discard(event)`.
 * Only one proposal is pending at a time (no two events can share a `seq`); `commit` accepts only
 * that pending event (or an identical copy, e.g. after IPC). `perform(action, persist)` does all three.
 * Refused actions throw a ScriptRunError and change nothing.
 */
export class ScriptRun {
  readonly script: ScriptDefinition;
  readonly call: ScriptRunCall;
  readonly #steps = new Map<string, ScriptStep>();
  readonly #texts = new Map<string, string>();
  readonly #optOutText: string;
  readonly #refusalText: string;
  readonly #pitchFacts: readonly Fact[];
  /** A sale hands data to recipients in this call: it needs provision_consent yes (KR-3P). */
  readonly #needsProvision: boolean;
  readonly #conditions: Pick<RenderContext, 'recipients' | 'recordingNotice'>;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #sha256: Sha256Hex;
  #snapshot: ScriptRunSnapshot;
  readonly #events: ConsentEvent[] = [];
  #pending: Proposal | undefined;

  /** Binds a run to a call and renders every text once; throws RenderError / ScriptRunError on bad input. */
  constructor(options: ScriptRunOptions) {
    const call = ScriptRunCallSchema.safeParse(options.call);
    if (!call.success) {
      const first = call.error.issues[0];
      throw new ScriptRunError('invalid-call', `invalid call binding: ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`);
    }
    this.script = options.script;
    this.call = call.data;
    this.#now = options.now;
    this.#newId = options.newId;
    this.#sha256 = options.sha256 ?? sha256Hex;
    const ctx: RenderContext = { ...options.context, calleeTimeZone: this.call.calleeTimeZone };
    this.#needsProvision = (ctx.recipients?.length ?? 0) > 0;
    this.#conditions = ctx;
    const locale = this.call.locale;
    const values = placeholderValues(ctx, locale);
    options.script.steps.forEach((step, i) => {
      if (this.#steps.has(step.id)) return;
      this.#steps.set(step.id, step);
      if (!this.#reads(step)) return; // skipped in this call (its condition does not hold): never rendered
      const text = step.kind === 'question' ? step.prompt : step.text;
      this.#texts.set(step.id, renderTextWith(text, locale, ctx.source, values, `steps[${i}].${step.kind === 'question' ? 'prompt' : 'text'}`));
    });
    this.#optOutText = renderTextWith(options.script.optOut.text, locale, ctx.source, values, 'optOut.text');
    this.#refusalText = renderTextWith(options.script.refusal.text, locale, ctx.source, values, 'refusal.text');
    const pitchFacts = new Set<Fact>();
    for (const s of this.#steps.values()) if (s.kind === 'pitch') for (const f of pitchRequirements(s)) pitchFacts.add(f);
    this.#pitchFacts = [...pitchFacts];
    this.#snapshot = frozen({ ...this.#enter(options.script.start, {}), outcome: null, seq: 0 });
  }

  /** The current state (see SCRIPT_RUN_STATES). */
  get state(): ScriptRunState {
    return this.#snapshot.state;
  }

  /** The current step; in a final state, the step where the run ended. */
  get currentStep(): ScriptStep {
    return this.#step(this.#snapshot.stepId);
  }

  /** The rendered text of the current step, exactly as an event of this step records it. */
  get prompt(): string {
    return this.#text(this.#snapshot.stepId);
  }

  /** Facts answered in this call. */
  get facts(): Readonly<Partial<Record<Fact, YesNo>>> {
    return this.#snapshot.facts;
  }

  /** How the run ended, or null while it goes on. */
  get outcome(): RunOutcome | null {
    return this.#snapshot.outcome;
  }

  /** Every committed event, in order (`seq` = index). */
  get events(): readonly ConsentEvent[] {
    return [...this.#events];
  }

  /** The proposed event waiting for commit or discard, if any. */
  get pending(): ConsentEvent | undefined {
    return this.#pending?.event;
  }

  /** True once the run reached a final state. */
  get isFinal(): boolean {
    return isFinalState(this.#snapshot.state);
  }

  /** The observable state as one immutable value. */
  snapshot(): ScriptRunSnapshot {
    return this.#snapshot;
  }

  /**
   * Facts still missing before a pitch of this script can be delivered (CG-PITCH-LOCK): time
   * permission, marketing consent and every pitch's `requires`, minus those answered yes so far.
   */
  get missingForPitch(): readonly Fact[] {
    return this.#pitchFacts.filter((f) => this.#snapshot.facts[f] !== 'yes');
  }

  /** Whether the pitch is locked now: in a final state, or while a required fact is not yes. */
  get pitchLocked(): boolean {
    if (this.isFinal) return true;
    const step = this.currentStep;
    if (step.kind === 'pitch') return this.#missingFor(step, this.#snapshot.facts).length > 0;
    return this.missingForPitch.length > 0;
  }

  /**
   * The actions `propose` accepts now, one per answer / outcome choice, plus the endings. Empty in a
   * final state and while a proposal is pending (the run accepts nothing until it is committed).
   */
  get availableActions(): readonly ScriptAction[] {
    if (this.isFinal || this.#pending) return [];
    const step = this.currentStep;
    const own: ScriptAction[] = [];
    switch (this.#snapshot.state) {
      case 'reading':
        own.push({ type: 'confirm' });
        break;
      case 'asking':
        if (step.kind === 'question') for (const a of step.answers) if (a.outcome !== 'sale' || !this.saleLocked) own.push({ type: 'answer', answerId: a.id });
        break;
      case 'pitching':
        own.push({ type: 'deliver_pitch' });
        break;
      case 'closing':
        if (step.kind === 'outcome') for (const o of step.outcomes) if (o !== 'sale' || !this.saleLocked) own.push({ type: 'record_outcome', outcome: o });
        break;
      default:
        break;
    }
    return [...own, { type: 'opt_out' }, { type: 'refuse' }, { type: 'abort' }];
  }

  /**
   * Phase one: the event this action emits and the state it leads to. Changes nothing visible; the
   * proposal stays pending until `commit` or `discard`. Throws a ScriptRunError for a refused action.
   */
  propose(action: ScriptAction): Proposal {
    if (this.#pending) throw new EventPendingError(this.#pending.event.eventId);
    const parsed = ScriptActionSchema.safeParse(action);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new InvalidActionError(`${first?.path.join('.') || '(action)'}: ${first?.message ?? 'malformed'}`);
    }
    const { draft, next } = this.#transition(parsed.data);
    const event = this.#makeEvent(draft);
    const proposal: Proposal = Object.freeze({ action: parsed.data, event, next: frozen(next) });
    this.#pending = proposal;
    return proposal;
  }

  /**
   * Phase two: the caller made `event` durable; the run moves to the proposed state and records the
   * event. Throws ForeignEventError (and changes nothing) for any event but the pending one.
   */
  commit(event: ConsentEvent): ScriptRunSnapshot {
    const pending = this.#checkPending(event);
    this.#events.push(pending.event);
    this.#snapshot = pending.next;
    this.#pending = undefined;
    return this.#snapshot;
  }

  /** Drops the pending proposal (its event could not be made durable); the run stays where it was. */
  discard(event: ConsentEvent): void {
    this.#checkPending(event);
    this.#pending = undefined;
  }

  /** propose, then `await persist(event)`, then commit; on a persist failure, discard and rethrow. */
  async perform(action: ScriptAction, persist: (event: ConsentEvent) => Promise<void> | void): Promise<ScriptRunSnapshot> {
    const { event } = this.propose(action);
    try {
      await persist(event);
    } catch (err) {
      this.discard(event);
      throw err;
    }
    return this.commit(event);
  }

  #checkPending(event: ConsentEvent): Proposal {
    const pending = this.#pending;
    const id = typeof event?.eventId === 'string' ? event.eventId : '(no id)';
    if (!pending) throw new ForeignEventError(id, 'no event of this run is pending');
    if (event !== pending.event && canonical(event) !== canonical(pending.event)) {
      throw new ForeignEventError(id, 'it is not the event this run proposed');
    }
    return pending;
  }

  #step(id: string): ScriptStep {
    const step = this.#steps.get(id);
    if (!step) throw new ScriptRunError('unknown-step', `the script has no step "${id}"`);
    return step;
  }

  #text(id: string): string {
    return this.#texts.get(id) ?? '';
  }

  #missingFor(step: PitchStep, facts: ScriptRunSnapshot['facts']): Fact[] {
    return pitchRequirements(step).filter((f) => facts[f] !== 'yes');
  }

  /** Whether this call reads `step`: a step with `onlyIf` only when its condition holds. */
  #reads(step: ScriptStep): boolean {
    return (step.kind !== 'disclosure' && step.kind !== 'question') || step.onlyIf === undefined || conditionHolds(step.onlyIf, this.#conditions);
  }

  /** The state of arriving at step `id` with `facts`; a step this call does not read passes on to `otherwise`. */
  #enter(id: string, facts: ScriptRunSnapshot['facts'], seen: ReadonlySet<string> = new Set()): Pick<ScriptRunSnapshot, 'state' | 'stepId' | 'facts'> {
    let step = this.#step(id);
    if (!this.#reads(step) && (step.kind === 'disclosure' || step.kind === 'question') && step.otherwise !== undefined) {
      if (seen.has(id)) throw new ScriptRunError('skip-loop', `steps skip each other in a loop at "${id}"`);
      return this.#enter(step.otherwise, facts, new Set([...seen, id]));
    }
    id = step.id;
    step = this.#step(id);
    const state: ScriptRunState =
      step.kind === 'disclosure'
        ? 'reading'
        : step.kind === 'question'
          ? 'asking'
          : step.kind === 'outcome'
            ? 'closing'
            : this.#missingFor(step, facts).length === 0
              ? 'pitching'
              : 'pitch_locked';
    return { state, stepId: id, facts };
  }

  #transition(action: ScriptAction): { draft: EventDraft; next: ScriptRunSnapshot } {
    const s = this.#snapshot;
    if (isFinalState(s.state)) throw new RunFinishedError(s.state);
    const step = this.#step(s.stepId);
    const seq = s.seq + 1;
    const notAvailable = () => new ActionNotAvailableError(action.type, s.state, step.id);
    switch (action.type) {
      case 'opt_out':
        return {
          draft: { stepId: step.id, kind: 'opt_out', answer: 'opt_out', consentKind: 'marketing_call', ruleIds: [...this.script.optOut.ruleIds], promptText: this.#optOutText },
          next: { state: 'opted_out', stepId: step.id, facts: { ...s.facts, marketing_consent: 'no' }, outcome: { code: 'opt_out', stepId: step.id, partial: false }, seq },
        };
      case 'refuse':
        return {
          draft: { stepId: step.id, kind: 'refusal', answer: 'refused', ruleIds: [...this.script.refusal.ruleIds], promptText: this.#refusalText },
          next: { state: 'refused', stepId: step.id, facts: s.facts, outcome: { code: 'not_interested', stepId: step.id, partial: false }, seq },
        };
      case 'abort':
        return {
          draft: { stepId: step.id, kind: 'aborted', answer: 'dropped', ruleIds: [...step.ruleIds], promptText: this.#text(step.id) },
          next: { state: 'aborted', stepId: step.id, facts: s.facts, outcome: { code: 'dropped', stepId: step.id, partial: true }, seq },
        };
      case 'confirm': {
        if (step.kind !== 'disclosure' || s.state !== 'reading') throw notAvailable();
        return { draft: this.#draft(step, 'disclosure', 'confirmed'), next: { ...this.#enter(step.next, s.facts), outcome: null, seq } };
      }
      case 'answer': {
        if (step.kind !== 'question' || s.state !== 'asking') throw notAvailable();
        const answer = step.answers.find((a) => a.id === action.answerId);
        if (!answer) throw new UnknownAnswerError(action.answerId, step.id, step.answers.map((a) => a.id));
        const facts = step.fact !== undefined && answer.value !== undefined ? { ...s.facts, [step.fact]: answer.value } : s.facts;
        const draft = { ...this.#draft(step, 'answer', answer.id), ...(step.consentKind !== undefined ? { consentKind: step.consentKind } : {}) };
        if (answer.outcome !== undefined) {
          if (answer.outcome === 'sale') this.#checkSale(facts, step.id);
          return { draft, next: { state: 'completed', stepId: step.id, facts, outcome: { code: answer.outcome, stepId: step.id, partial: false }, seq } };
        }
        return { draft, next: { ...this.#enter(answer.next ?? '', facts), outcome: null, seq } };
      }
      case 'deliver_pitch': {
        if (step.kind !== 'pitch') throw notAvailable();
        const missing = this.#missingFor(step, s.facts);
        if (missing.length > 0) throw new PitchLockedError(missing, step.id);
        return { draft: this.#draft(step, 'pitch', 'delivered'), next: { ...this.#enter(step.next, s.facts), outcome: null, seq } };
      }
      case 'record_outcome': {
        if (step.kind !== 'outcome' || s.state !== 'closing') throw notAvailable();
        if (!(step.outcomes as readonly string[]).includes(action.outcome)) throw new OutcomeNotAllowedError(action.outcome, step.id, step.outcomes);
        if (action.callbackAt !== undefined && action.outcome !== 'callback') throw new InvalidActionError('callbackAt is only for the outcome "callback"');
        if (action.outcome === 'sale') this.#checkSale(s.facts, step.id);
        const outcome: RunOutcome = { code: action.outcome, stepId: step.id, partial: false, ...(action.callbackAt !== undefined ? { callbackAt: action.callbackAt } : {}) };
        return { draft: this.#draft(step, 'outcome', action.outcome), next: { state: 'completed', stepId: step.id, facts: s.facts, outcome, seq } };
      }
    }
  }

  /** KR-3P: when a sale hands the data to recipients, it needs the provision consent answered yes in this call. */
  #checkSale(facts: ScriptRunSnapshot['facts'], stepId: string): void {
    if (this.#needsProvision && facts.provision_consent !== 'yes') throw new SaleLockedError(stepId);
  }

  /** Whether recording a sale is possible now (see #checkSale). */
  get saleLocked(): boolean {
    return this.#needsProvision && this.#snapshot.facts.provision_consent !== 'yes';
  }

  #draft(step: ScriptStep, kind: ConsentEventKind, answer: string): EventDraft {
    return { stepId: step.id, kind, answer, ruleIds: [...step.ruleIds], promptText: this.#text(step.id) };
  }

  #makeEvent(draft: EventDraft): ConsentEvent {
    const eventId = this.#newId();
    if (!UUID_V7.test(eventId)) throw new ScriptRunError('bad-id-factory', `the id factory returned "${eventId}", not a UUIDv7`);
    const c = this.call;
    const event: ConsentEvent = {
      eventId,
      callId: c.callId,
      ...(c.sipCallId !== undefined ? { sipCallId: c.sipCallId } : {}),
      leadId: c.leadId,
      campaignId: c.campaignId,
      agentId: c.agentId,
      scriptId: this.script.id,
      scriptVersion: this.script.version,
      stepId: draft.stepId,
      seq: this.#snapshot.seq,
      kind: draft.kind,
      answer: draft.answer,
      ...(draft.consentKind !== undefined ? { consentKind: draft.consentKind } : {}),
      ruleIds: Object.freeze([...draft.ruleIds]) as string[],
      promptText: draft.promptText,
      promptSha256: this.#sha256(draft.promptText),
      locale: c.locale,
      occurredAt: this.#now().toISOString(),
      calleeTimeZone: c.calleeTimeZone,
      practice: c.practice,
    };
    return Object.freeze(event);
  }
}

/** A snapshot frozen with its facts and outcome: the run's state changes only by commit. */
function frozen(snapshot: ScriptRunSnapshot): ScriptRunSnapshot {
  Object.freeze(snapshot.facts);
  if (snapshot.outcome) Object.freeze(snapshot.outcome);
  return Object.freeze(snapshot);
}

/** Order-independent encoding of an event, to accept an identical copy (e.g. after IPC). */
function canonical(event: ConsentEvent): string {
  if (event === null || typeof event !== 'object') return String(event);
  const record = event as unknown as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
