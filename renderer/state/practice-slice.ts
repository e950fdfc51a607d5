import type { PracticeAttempt, PracticeScenarioRecord, PracticeScenarioSummary } from '../../shared/api/practice';
import { evaluateGate, type Verdict } from '../../shared/compliance';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { Locale } from '../../shared/domain/locale';
import type { CallgateBridge } from '../../shared/ipc/channels';
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
 */
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

    const buildSetup = (scenario: Scenario, callId: string, startedAt: Date): PracticeSetup =>
      practiceSetup(scenario, { locale, callId, agentId: trainee?.id ?? '', agentName: trainee?.name ?? '', startedAt });

    const stopCall = (): void => {
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
      ...CALL_IDLE,
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
        const started = deps.now();
        const callId = deps.newId();
        attemptId = deps.newId();
        const setup = buildSetup(scenario, callId, started);
        const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: deps.now, newId: deps.newId });
        customer = new SimulatedCustomer(scenario, script, locale);
        timing = new PersonaTiming({ mode: 'text', locale, waitMs: scenario.persona.waitMs ?? DEFAULT_WAIT_MS, durationOf: (l) => textLineMs(l, locale) });
        set({ ...CALL_IDLE, phase: 'talking', setup, verdict: evaluateGate(setup.gateInput), run, runSnapshot: run.snapshot(), startedAt: started.toISOString() });
        timing.answer(started.getTime(), customer.answer(run), readAloudMs(run.prompt, locale), run.snapshot().stepId);
        pump();
      },

      async act(action) {
        const { run, saving, phase } = get();
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
        const { run, phase } = get();
        if (phase !== 'talking' || !run || ending) return;
        stopCall();
        const wasFinal = run.isFinal;
        if (!wasFinal) {
          try {
            await run.perform({ type: 'abort' }, persist);
          } catch (err) {
            set({ saveError: message(err) });
          }
        }
        await finish(wasFinal ? 'completed' : 'agent_hung_up');
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
