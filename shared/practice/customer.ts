import type { Locale } from '../domain/locale';
import type { ScriptDefinition } from '../script/definition';
import { isFinalState, type ScriptAction, type ScriptRunSnapshot, type ScriptRunState } from '../script/script-run';
import { actionKey } from './action-key';
import { ENDING_LINES, HANG_UP_LINE, NUDGE_LINE, OFF_PATH_ANSWER, OFF_SCRIPT_LINES, SILENCE_HANG_UP_LINE } from './default-lines';
import { DEFAULT_PAUSE_MS, minReadMs } from './pace';
import type { CustomerLineSpec, HardMoment, Mood, Scenario } from './scenario';

/** Why the customer says a line. */
export type CustomerLineKind = 'opening' | 'answer' | 'branch' | 'off_script' | 'ending' | 'hang_up' | 'nudge';

/** One line of the simulated customer, ready to show (and speak). */
export interface CustomerLine {
  readonly text: string;
  /** When it is said: ms after the agent's action (or after the call was answered). */
  readonly atMs: number;
  readonly mood: Mood;
  readonly kind: CustomerLineKind;
  /** The step the run was on when the customer said it. */
  readonly stepId: string;
  /** The customer hangs up after this line. */
  readonly hangUp: boolean;
  readonly moment?: HardMoment;
}

/** The customer's reply to one agent action: lines in the order said, and whether they hang up. */
export interface CustomerReply {
  readonly lines: readonly CustomerLine[];
  readonly hangUp: boolean;
}

/** What the customer sees of the run: its state and the rendered text of its current step. */
export interface RunView {
  snapshot(): ScriptRunSnapshot;
  readonly prompt: string;
}

/**
 * The customer's answer to the text of step `stepId` (rendered as `prompt`), and when it comes after the
 * agent arrived at the step: once the agent has read at least half of the text, plus the line's pause.
 * Undefined when the customer says nothing there (a disclosure without a reaction, a final state).
 * Scoring uses the same function to know when the agent could have heard the answer.
 */
export function stepLine(
  scenario: Scenario,
  script: ScriptDefinition,
  stepId: string,
  state: ScriptRunState,
  prompt: string,
  locale: Locale,
): { spec: CustomerLineSpec; atMs: number; offPath: boolean } | undefined {
  if (isFinalState(state)) return undefined;
  const entry = scenario.steps[stepId];
  const step = script.steps.find((s) => s.id === stepId);
  const spec = entry?.says ?? (step?.kind === 'question' ? OFF_PATH_ANSWER : undefined);
  if (!spec) return undefined;
  return { spec, atMs: minReadMs(prompt, locale) + (spec.pauseMs ?? DEFAULT_PAUSE_MS), offPath: entry === undefined };
}

/** Whether `action` at `stepId` is one the scenario expects (steps it says nothing about expect anything). */
export function isExpected(scenario: Scenario, stepId: string, action: ScriptAction): boolean {
  const entry = scenario.steps[stepId];
  return entry === undefined || entry.expect.includes(actionKey(action));
}

/**
 * The simulated customer of one practice call: given the ScriptRun's state and the agent's last action,
 * what the customer says next and after which pause. Deterministic (no randomness, no clock): the UI
 * schedules the lines at `atMs`, and the same scenario always plays the same way.
 *
 * States: talking, hung_up, done.
 * ```
 *  (answered) --answer()--> talking: "hello?", then the answer to the first step
 *  talking --expected action--> talking: branch line (if any), then the answer to the next step
 *  talking --unexpected action--> talking: branch line or off-script reaction; strikes + 1
 *  talking --strikes reach patience, or a line marked hangUp--> hung_up: "I'm hanging up"
 *                                                      (the desk then aborts the run, like a remote hang-up)
 *  talking --action that ends the run--> done: the branch line, else the last words by ending
 *  hung_up | done --any action--> (silence)
 * ```
 */
export class SimulatedCustomer {
  #strikes = 0;
  #hungUp = false;

  constructor(
    readonly scenario: Scenario,
    readonly script: ScriptDefinition,
    readonly locale: Locale,
  ) {}

  /** Wrong actions so far. */
  get strikes(): number {
    return this.#strikes;
  }

  /** True once the customer hung up. */
  get hungUp(): boolean {
    return this.#hungUp;
  }

  /** The call is answered: the customer picks up, then answers the first step once the agent read it. */
  answer(run: RunView): CustomerReply {
    const opening = this.#line(this.scenario.opening, 'opening', run.snapshot().stepId, this.scenario.opening.pauseMs ?? 400);
    return this.#finish([opening, ...this.#stepLines(run)]);
  }

  /**
   * The agent performed `action` on step `before.stepId`; `run` is the run after it. Returns what the
   * customer says: the scenario's branch for this action (or an off-script reaction when the action was
   * not the expected one), then the answer to the new step, or the last words when the run ended.
   */
  react(before: Pick<ScriptRunSnapshot, 'stepId'>, action: ScriptAction, run: RunView): CustomerReply {
    if (this.#hungUp || action.type === 'abort') return { lines: [], hangUp: this.#hungUp };
    const key = actionKey(action);
    const entry = this.scenario.steps[before.stepId];
    const expected = isExpected(this.scenario, before.stepId, action);
    if (!expected) this.#strikes += 1;
    const branch = entry?.after[key];
    const snapshot = run.snapshot();
    const lines: CustomerLine[] = [];
    if (branch) lines.push(this.#line(branch, 'branch', before.stepId, branch.pauseMs ?? DEFAULT_PAUSE_MS, entry?.moment));
    if (isFinalState(snapshot.state)) {
      // The call is over: the customer's last words (a branch line already is).
      const spec = branch ? undefined : this.#endingSpec(snapshot.state);
      if (spec) lines.push(this.#line(spec, 'ending', snapshot.stepId, spec.pauseMs ?? DEFAULT_PAUSE_MS));
      return this.#finish(lines);
    }
    if (!branch && !expected) {
      const spec = this.scenario.offScript ?? OFF_SCRIPT_LINES[entry?.moment ?? 'default'];
      lines.push(this.#line(spec, 'off_script', before.stepId, spec.pauseMs ?? DEFAULT_PAUSE_MS, entry?.moment));
    }
    if (this.#strikes >= this.scenario.patience) {
      const after = lines.at(-1)?.atMs ?? 0;
      lines.push(this.#line(HANG_UP_LINE, 'hang_up', before.stepId, after + (HANG_UP_LINE.pauseMs ?? DEFAULT_PAUSE_MS)));
      return this.#finish(lines);
    }
    if (lines.some((l) => l.hangUp)) return this.#finish(lines);
    return this.#finish([...lines, ...this.#stepLines(run, lines.at(-1)?.atMs ?? 0)]);
  }

  #endingSpec(state: ScriptRunState): CustomerLineSpec | undefined {
    const e = this.scenario.endings;
    if (state === 'opted_out') return e.optedOut ?? ENDING_LINES.optedOut;
    if (state === 'refused') return e.refused ?? ENDING_LINES.refused;
    if (state === 'completed') return e.completed ?? ENDING_LINES.completed;
    return undefined;
  }

  /** The answer to the run's current step; never before the line said just before it (`notBefore`). */
  #stepLines(run: RunView, notBefore = 0): CustomerLine[] {
    const snapshot = run.snapshot();
    const found = stepLine(this.scenario, this.script, snapshot.stepId, snapshot.state, run.prompt, this.locale);
    if (!found) return [];
    const atMs = Math.max(found.atMs, notBefore + 600);
    return [this.#line(found.spec, 'answer', snapshot.stepId, atMs, this.scenario.steps[snapshot.stepId]?.moment)];
  }

  #line(spec: CustomerLineSpec, kind: CustomerLineKind, stepId: string, atMs: number, moment?: HardMoment): CustomerLine {
    return {
      text: spec.text[this.locale],
      atMs,
      mood: spec.mood ?? (kind === 'hang_up' ? 'angry' : 'calm'),
      kind,
      stepId,
      hangUp: spec.hangUp === true || kind === 'hang_up',
      ...(moment !== undefined ? { moment } : {}),
    };
  }

  #finish(lines: CustomerLine[]): CustomerReply {
    const sorted = [...lines].sort((a, b) => a.atMs - b.atMs);
    const hangUp = lines.some((l) => l.hangUp);
    if (hangUp) this.#hungUp = true;
    return { lines: sorted, hangUp };
  }
}

/**
 * Every line the customer of `scenario` could say, with the mood it is said in (the voice practice line
 * synthesizes them all before the call is answered, so no line waits for speech synthesis).
 */
export function everyLine(scenario: Scenario, locale: Locale): { text: string; mood: Mood }[] {
  const specs: { spec: CustomerLineSpec; fallback: Mood }[] = [];
  const add = (spec: CustomerLineSpec | undefined, fallback: Mood = 'calm'): void => {
    if (spec) specs.push({ spec, fallback });
  };
  add(scenario.opening);
  for (const step of Object.values(scenario.steps)) {
    add(step.says);
    for (const branch of Object.values(step.after)) add(branch);
  }
  add(scenario.endings.optedOut);
  add(scenario.endings.refused);
  add(scenario.endings.completed);
  add(scenario.offScript);
  for (const spec of Object.values(OFF_SCRIPT_LINES)) add(spec);
  add(OFF_PATH_ANSWER);
  add(HANG_UP_LINE, 'angry');
  for (const spec of Object.values(ENDING_LINES)) add(spec);
  add(NUDGE_LINE, 'hesitant');
  add(SILENCE_HANG_UP_LINE, 'hesitant');
  const seen = new Set<string>();
  const out: { text: string; mood: Mood }[] = [];
  for (const { spec, fallback } of specs) {
    const line = { text: spec.text[locale], mood: spec.mood ?? fallback };
    const key = `${line.mood}\u0000${line.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}
