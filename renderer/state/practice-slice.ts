import type { PracticeAttempt, PracticeLineStatus, PracticeScenarioRecord, PracticeScenarioSummary } from '../../shared/api/practice';
import { evaluateGate, type Verdict } from '../../shared/compliance';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { Locale } from '../../shared/domain/locale';
import type { CallgateBridge } from '../../shared/ipc/channels';
import { isConnected } from '../../shared/phone/call-state';
import type { CallSnapshot, SipPort } from '../../shared/phone/sip-port';
import {
  DEFAULT_WAIT_MS,
  loadScenario,
  PersonaTiming,
  practiceSetup,
  readAloudMs,
  scoreAttempt,
  SimulatedCustomer,
  textLineMs,
  type CustomerLineKind,
  type Mood,
  type PersonaEffect,
  type PracticeScore,
  type PracticeSetup,
  type Scenario,
} from '../../shared/practice';
import { ScriptRun, type ScriptAction, type ScriptDefinition, type ScriptRunSnapshot } from '../../shared/script';
import { unwrap } from '../bridge';
import { toUiError, type UiError } from '../errors';
import type { Speaker } from '../practice/speech';
import type { GetPart, SetPart } from './nested';

/**
 * One practice call, from choosing a scenario to its score (the `practice` slice of the app store).
 * Text mode: the simulated customer answers in text bubbles (read aloud where this computer has a voice
 * for the language) on the persona's timing (`PersonaTiming`: pauses, one line after another, "hello?"
 * and a hang-up when the agent stays silent); the agent drives the very same ScriptRun as a real call,
 * and every event goes through the same `consent:record` bridge channel (the outbox) with
 * `practice: true`. Then the attempt is scored on this computer at once and sent to the central API,
 * which scores it again (authoritative) and keeps it for the trainer.
 * ```
 *  choosing --choose--> briefing (lead card at the scenario's hour + the same pre-dial gate) --start--> talking
 *  talking --act--> talking (the customer reacts after a pause)
 *  talking --the customer's last words + END_AFTER_MS / the customer hangs up / the agent hangs up--> scored (submit)
 *  scored --again--> talking ; scored|briefing --back--> choosing
 * ```
 * Voice mode (issue 17, offered only when the API runs a practice line for the language and the phone
 * is registered): `start` asks the API for a single-use practice dial URI and dials it with the desk's
 * own phone (edge, media path and all, like a real call); the simulated customer speaks from the
 * practice line, which hears the trainee's recorded events through the outbox. The ScriptRun, the
 * hotkeys, the pitch lock and `persist` are the text mode's (and the real call's); no local persona
 * timing runs. The phone's `ended` snapshot ends the call (the customer hung up, or the agent did).
 * ```
 *  briefing --start (voice)--> talking (voice call asked, then dialled) --the phone ended--> scored
 *  talking --the voice call or the dial failed--> briefing (voiceError says why)
 * ```
 */
export type PracticeMode = 'text' | 'voice';
export type PracticePhase = 'choosing' | 'briefing' | 'talking' | 'scored';

/** One bubble of the conversation. */
export interface TranscriptEntry {
  readonly id: number;
  readonly who: 'customer' | 'agent';
  readonly text: string;
  readonly mood: Mood;
  readonly kind: CustomerLineKind | 'agent';
}

export interface Trainee {
  readonly id: string;
  readonly name: string;
}

export type EndReason = 'completed' | 'customer_hung_up' | 'agent_hung_up';

export interface PracticeDeps {
  readonly bridge: CallgateBridge;
  readonly scriptFor: (id: string, version: number) => ScriptDefinition;
  readonly now: () => Date;
  readonly newId: () => string;
  /** setTimeout with a cancel function (the e2e tests drive it with a fake clock). */
  readonly schedule: (fn: () => void, ms: number) => () => void;
  readonly speaker: Speaker;
  /** The desk's phone (voice practice dials with it); null when none is configured. */
  readonly phone?: () => SipPort | null;
}

export interface PracticeState {
  phase: PracticePhase;
  scenarios: PracticeScenarioSummary[] | null;
  listError: UiError | null;
  record: PracticeScenarioRecord | null;
  scenario: Scenario | null;
  script: ScriptDefinition | null;
  loadError: UiError | null;
  setup: PracticeSetup | null;
  verdict: Verdict | null;
  run: ScriptRun | null;
  runSnapshot: ScriptRunSnapshot | null;
  transcript: TranscriptEntry[];
  customerSpeaking: boolean;
  saving: boolean;
  saveError: UiError | null;
  startedAt: string | null;
  endReason: EndReason | null;
  score: PracticeScore | null;
  attempt: PracticeAttempt | null;
  submitting: boolean;
  submitError: UiError | null;
  /** The trainee wants the customer's lines read aloud (only done when `hasVoice` for the language). */
  speakAloud: boolean;
  /** The API's practice line (null until known, or when it could not be asked). */
  line: PracticeLineStatus | null;
  /** How the next call is practised; 'voice' only while `voiceAvailable`. */
  mode: PracticeMode;
  /** The mode of the call on screen (set at start). */
  callMode: PracticeMode | null;
  /** The phone's id of the voice practice call. */
  phoneCallId: string | null;
  /** Why the voice call could not be placed. */
  voiceError: UiError | null;
  /** The voice practice call is answered (like a real call, the script is answered only from then on). */
  voiceConnected: boolean;
  loadScenarios(): Promise<void>;
  choose(id: string, trainee: Trainee, locale: Locale): Promise<void>;
  start(trainee: Trainee, locale: Locale): void;
  act(action: ScriptAction): Promise<void>;
  hangUp(): Promise<void>;
  submit(): Promise<void>;
  back(): void;
  setSpeakAloud(on: boolean): void;
  /** True when the platform can speak `locale` (the briefing says so when it can't). */
  hasVoice(locale: Locale): boolean;
  /** True when a voice practice call can be placed now in `locale` (a line for it, a registered phone). */
  voiceAvailable(locale: Locale): boolean;
  setMode(mode: PracticeMode, locale: Locale): void;
  /** A call snapshot from the phone (every call's; only the voice practice call's counts). */
  onPhoneCall(snapshot: CallSnapshot): void;
  /** Cancels the customer's pending lines and back to choosing; answers to earlier requests are dropped. */
  reset(): void;
}

const CALL_IDLE = {
  run: null,
  runSnapshot: null,
  transcript: [] as TranscriptEntry[],
  customerSpeaking: false,
  saving: false,
  saveError: null,
  startedAt: null,
  endReason: null,
  score: null,
  attempt: null,
  submitting: false,
  submitError: null,
  callMode: null,
  phoneCallId: null,
  voiceError: null,
  voiceConnected: false,
};

/** Errors are kept structured; the view words them in the trainee's language (renderer/errors.ts). */
function message(err: unknown): UiError {
  return toUiError(err);
}

/**
 * The practice slice. Its request generation goes up whenever what was asked no longer matters (another
 * scenario chosen, back to the list, reset at sign-out or when the workspace closes): an answer that
 * arrives for an older generation changes nothing.
 */
export function createPracticeSlice(deps: PracticeDeps): (set: SetPart<PracticeState>, get: GetPart<PracticeState>) => PracticeState {
  let generation = 0;
  let customer: SimulatedCustomer | null = null;
  let timing: PersonaTiming | null = null;
  let trainee: Trainee | null = null;
  let locale: Locale = 'ko';
  let attemptId: string | null = null;
  /** The one timer of a call: when the customer's timing has something due next. */
  let cancelTimer: (() => void) | undefined;
  let bubble = 0;
  /** Set while a call is being ended, so late customer lines cannot end it twice. */
  let ending = false;
  let pendingSubmit: { endedAt: string } | null = null;
  /** Voice mode: the agent hung up (the phone's end is theirs, not the customer's). */
  let agentHangingUp = false;
  /** Voice mode: calls the phone ended before `call` resolved with their id. */
  const earlyEnded = new Map<string, CallSnapshot>();

  return (set, get) => {
    const say = (who: 'customer' | 'agent', text: string, mood: Mood, kind: TranscriptEntry['kind']): void => {
      set((s) => ({ transcript: [...s.transcript, { id: ++bubble, who, text, mood, kind }] }));
    };

    const persist = async (event: ConsentEvent): Promise<void> => {
      // The same channel as a real call: durable in the outbox first, delivered as practice.
      await unwrap(deps.bridge.consent.record({ events: [event] }));
    };

    const nowMs = (): number => deps.now().getTime();

    const stopTimer = (): void => {
      cancelTimer?.();
      cancelTimer = undefined;
    };

    /** What the customer's timing says is due: bubbles (read aloud where possible), a hang-up, the end. */
    const apply = (effects: readonly PersonaEffect[]): void => {
      const { scenario } = get();
      for (const e of effects) {
        if (e.type === 'say') {
          say('customer', e.line.text, e.line.mood, e.line.kind);
          if (get().speakAloud && scenario && deps.speaker.hasVoice(locale)) deps.speaker.say(e.line.text, locale, scenario.persona.voice, e.line.mood);
          const run = get().run;
          if (e.line.kind === 'opening' && run) say('agent', run.prompt, 'calm', 'agent');
        } else if (e.type === 'hang_up') void customerHungUp();
        else void finish('completed');
      }
      set({ customerSpeaking: timing?.busy ?? false });
    };

    /** Says what is due now and sets the one timer for what comes next. */
    const pump = (): void => {
      stopTimer();
      if (!timing || ending) return;
      apply(timing.advance(nowMs()));
      const next = timing.nextAt();
      if (next !== undefined && !ending) cancelTimer = deps.schedule(pump, Math.max(0, next - nowMs()));
    };

    /** The customer hung up (their last words were said): the run is aborted, like a remote hang-up. */
    const customerHungUp = async (): Promise<void> => {
      const { run, phase } = get();
      if (phase !== 'talking' || !run || ending) return;
      if (!run.isFinal) {
        try {
          await run.perform({ type: 'abort' }, persist);
          set({ runSnapshot: run.snapshot() });
        } catch (err) {
          set({ saveError: message(err) });
        }
      }
      await finish('customer_hung_up');
    };

    const finish = async (reason: EndReason): Promise<void> => {
      const { run, scenario, script, setup, startedAt, phase } = get();
      if (phase !== 'talking' || !run || !scenario || !script || !setup || !startedAt || ending) return;
      ending = true;
      stopTimer();
      if (reason === 'agent_hung_up') deps.speaker.cancel();
      const endedAt = deps.now().toISOString();
      let score: PracticeScore | null = null;
      try {
        score = scoreAttempt({ scenario, script, setup, events: run.events, startedAt, endedAt });
      } catch (err) {
        set({ submitError: message(err) });
      }
      set({ phase: 'scored', endReason: reason, score, runSnapshot: run.snapshot(), customerSpeaking: false });
      pendingSubmit = { endedAt };
      await get().submit();
    };

    /** The call was hung up: a run still open is aborted (recorded), then scored as `reason`, or completed if it had ended. */
    const endRun = async (run: ScriptRun, reason: EndReason): Promise<void> => {
      const wasFinal = run.isFinal;
      if (!wasFinal) {
        try {
          await run.perform({ type: 'abort' }, persist);
        } catch (err) {
          set({ saveError: message(err) });
        }
      }
      await finish(wasFinal ? 'completed' : reason);
    };

    const buildSetup = (scenario: Scenario, callId: string, startedAt: Date): PracticeSetup =>
      practiceSetup(scenario, { locale, callId, agentId: trainee?.id ?? '', agentName: trainee?.name ?? '', startedAt });

    const stopCall = (): void => {
      const { callMode, phoneCallId, phase } = get();
      if (callMode === 'voice' && phoneCallId && phase === 'talking') void deps.phone?.()?.hangUp(phoneCallId).catch(() => undefined);
      agentHangingUp = false;
      stopTimer();
      timing = null;
      deps.speaker.cancel();
    };

    const initial = {
      phase: 'choosing' as PracticePhase,
      scenarios: null,
      listError: null,
      record: null,
      scenario: null,
      script: null,
      loadError: null,
      setup: null,
      verdict: null,
      speakAloud: true,
      line: null,
      mode: 'text' as PracticeMode,
      ...CALL_IDLE,
    };

    const phoneReady = (): SipPort | null => {
      const phone = deps.phone?.() ?? null;
      return phone && phone.registration().state === 'registered' ? phone : null;
    };
    const voiceAvailable = (lang: Locale): boolean => {
      const line = get().line;
      return line?.voice === true && line.locales.includes(lang) && phoneReady() !== null;
    };

    /** Voice mode: the practice dial URI from the API, the run on its call id, the desk's phone dials it. */
    const startVoice = async (scenario: Scenario, script: ScriptDefinition, record: PracticeScenarioRecord): Promise<void> => {
      const gen = generation;
      const phone = phoneReady();
      if (!phone) return;
      set({ voiceError: null });
      try {
        const call = await unwrap(deps.bridge.practice.voiceCall({ scenarioId: record.id, scenarioRevision: record.revision, locale }));
        if (gen !== generation) return;
        attemptId = deps.newId();
        const setup = buildSetup(scenario, call.callId, new Date(call.setupAt));
        const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: deps.now, newId: deps.newId });
        set({ ...CALL_IDLE, callMode: 'voice', phase: 'talking', setup, verdict: evaluateGate(setup.gateInput), run, runSnapshot: run.snapshot(), startedAt: call.setupAt });
        say('agent', run.prompt, 'calm', 'agent');
        const id = await phone.call(call.dialUri);
        if (gen !== generation) {
          await phone.hangUp(id).catch(() => undefined);
          return;
        }
        set({ phoneCallId: id });
        const early = earlyEnded.get(id);
        earlyEnded.clear();
        if (early) get().onPhoneCall(early);
        else if (agentHangingUp) await phone.hangUp(id).catch(() => undefined);
      } catch (err) {
        if (gen === generation) set({ ...CALL_IDLE, phase: 'briefing', voiceError: message(err) });
      }
    };

    return {
      ...initial,

      async loadScenarios() {
        const gen = generation;
        try {
          const list = await unwrap(deps.bridge.practice.scenarios(undefined));
          if (gen === generation) set({ scenarios: list.items, listError: null });
        } catch (err) {
          if (gen === generation) set({ listError: message(err) });
        }
      },

      async choose(id, who, lang) {
        trainee = who;
        locale = lang;
        const gen = ++generation;
        set({ loadError: null });
        try {
          const record = await unwrap(deps.bridge.practice.scenario({ id }));
          if (gen !== generation) return;
          const lookup = (sid: string, v: number): ScriptDefinition | undefined => {
            try {
              return deps.scriptFor(sid, v);
            } catch {
              return undefined;
            }
          };
          const scenario = loadScenario(record.scenario, lookup);
          const script = deps.scriptFor(scenario.campaign.script.id, scenario.campaign.script.version);
          const setup = buildSetup(scenario, 'practice-preview', deps.now());
          set({ ...CALL_IDLE, phase: 'briefing', record, scenario, script, setup, verdict: evaluateGate(setup.gateInput) });
          // Whether voice practice works here: asked each time (the line may have come or gone).
          try {
            const line = await unwrap(deps.bridge.practice.line(undefined));
            if (gen === generation) set({ line, mode: get().mode === 'voice' && !voiceAvailable(lang) ? 'text' : get().mode });
          } catch {
            if (gen === generation) set({ line: null, mode: 'text' });
          }
        } catch (err) {
          if (gen === generation) set({ loadError: message(err) });
        }
      },

      start(who, lang) {
        const { scenario, script, verdict, record } = get();
        if (!scenario || !script || !record || verdict?.allowed !== true) return;
        trainee = who;
        locale = lang;
        stopCall();
        ending = false;
        if (get().mode === 'voice' && voiceAvailable(lang)) {
          void startVoice(scenario, script, record);
          return;
        }
        const started = deps.now();
        const callId = deps.newId();
        attemptId = deps.newId();
        const setup = buildSetup(scenario, callId, started);
        const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: deps.now, newId: deps.newId });
        customer = new SimulatedCustomer(scenario, script, locale);
        timing = new PersonaTiming({ mode: 'text', locale, waitMs: scenario.persona.waitMs ?? DEFAULT_WAIT_MS, durationOf: (l) => textLineMs(l, locale) });
        set({ ...CALL_IDLE, callMode: 'text', phase: 'talking', setup, verdict: evaluateGate(setup.gateInput), run, runSnapshot: run.snapshot(), startedAt: started.toISOString() });
        timing.answer(started.getTime(), customer.answer(run), readAloudMs(run.prompt, locale), run.snapshot().stepId);
        pump();
      },

      async act(action) {
        const { run, saving, phase, callMode } = get();
        if (callMode === 'voice') {
          // The customer is on the phone: the action is made durable and delivered (the line reacts to it).
          if (phase !== 'talking' || !run || saving || run.isFinal || ending || action.type === 'abort' || !get().voiceConnected) return;
          const gen = generation;
          set({ saving: true, saveError: null });
          try {
            await run.perform(action, persist);
          } catch (err) {
            if (gen === generation) set({ saving: false, saveError: message(err) });
            return;
          }
          if (gen !== generation) return;
          set({ saving: false, runSnapshot: run.snapshot() });
          const event = run.events.at(-1);
          if (run.isFinal) {
            if (event && (event.kind === 'opt_out' || event.kind === 'refusal')) say('agent', event.promptText, 'calm', 'agent');
          } else say('agent', run.prompt, 'calm', 'agent');
          return;
        }
        if (phase !== 'talking' || !run || saving || run.isFinal || !customer || !timing || ending) return;
        // The customer is hanging up: what the agent does now is not heard any more.
        if (timing.hangingUp || customer.hungUp) return;
        const before = run.snapshot();
        const gen = generation;
        // Nothing is said while the action is being made durable: the customer reacts to it at its time.
        stopTimer();
        set({ saving: true, saveError: null });
        try {
          await run.perform(action, persist);
        } catch (err) {
          if (gen === generation) {
            set({ saving: false, saveError: message(err) });
            pump();
          }
          return;
        }
        if (gen !== generation || !timing) return;
        set({ saving: false, runSnapshot: run.snapshot() });
        const event = run.events.at(-1);
        if (run.isFinal) {
          if (event && (event.kind === 'opt_out' || event.kind === 'refusal')) say('agent', event.promptText, 'calm', 'agent');
        } else say('agent', run.prompt, 'calm', 'agent');
        const at = event ? Date.parse(event.occurredAt) : nowMs();
        const reply = customer.react(before, action, run);
        apply(timing.act(at, reply, { readMs: run.isFinal ? 0 : readAloudMs(run.prompt, locale), runFinal: run.isFinal, stepId: run.snapshot().stepId }));
        pump();
      },

      async hangUp() {
        const { run, phase, callMode, phoneCallId } = get();
        if (phase !== 'talking' || !run || ending) return;
        if (callMode === 'voice') {
          // The phone's `ended` snapshot ends the practice call (onPhoneCall), as for a remote hang-up.
          agentHangingUp = true;
          if (phoneCallId) await deps.phone?.()?.hangUp(phoneCallId).catch(() => undefined);
          return;
        }
        stopCall();
        await endRun(run, 'agent_hung_up');
      },

      async submit() {
        const { run, scenario, record, startedAt, setup } = get();
        if (!run || !scenario || !record || !startedAt || !setup || !attemptId || !pendingSubmit) return;
        const gen = generation;
        set({ submitting: true, submitError: null });
        try {
          const attempt = await unwrap(
            deps.bridge.practice.submitAttempt({
              attemptId,
              scenarioId: record.id,
              scenarioRevision: record.revision,
              callId: setup.call.callId,
              locale,
              startedAt,
              endedAt: pendingSubmit.endedAt,
              events: [...run.events],
            }),
          );
          if (gen === generation) set({ attempt, score: attempt.result, submitting: false });
        } catch (err) {
          if (gen === generation) set({ submitting: false, submitError: message(err) });
        }
      },

      back() {
        generation += 1;
        stopCall();
        set({ ...CALL_IDLE, phase: 'choosing', record: null, scenario: null, script: null, setup: null, verdict: null });
        void get().loadScenarios();
      },

      setSpeakAloud(on) {
        if (!on) deps.speaker.cancel();
        set({ speakAloud: on });
      },

      hasVoice: (lang) => deps.speaker.hasVoice(lang),

      voiceAvailable,

      setMode(mode, lang) {
        set({ mode: mode === 'voice' && !voiceAvailable(lang) ? 'text' : mode });
      },

      onPhoneCall(snapshot) {
        const { phoneCallId, callMode, phase, run } = get();
        if (callMode === 'voice' && phase === 'talking' && phoneCallId === null && snapshot.state === 'ended') earlyEnded.set(snapshot.id, snapshot);
        if (callMode === 'voice' && phase === 'talking' && snapshot.id === phoneCallId && isConnected(snapshot.state) && !get().voiceConnected) set({ voiceConnected: true });
        if (callMode !== 'voice' || phase !== 'talking' || snapshot.id !== phoneCallId || snapshot.state !== 'ended' || !run || ending) return;
        const byAgent = agentHangingUp;
        agentHangingUp = false;
        void endRun(run, byAgent ? 'agent_hung_up' : 'customer_hung_up');
      },

      reset() {
        generation += 1;
        stopCall();
        ending = false;
        pendingSubmit = null;
        set(initial);
      },
    };
  };
}
