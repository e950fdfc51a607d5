// Shared test data for practice mode: the default scripts and the shipped scenarios from assets/, and a
// player that makes a practice call on the real ScriptRun against the simulated customer, the way the
// desk does, on a clock the test controls.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import type { Locale } from '../../../shared/domain/locale';
import { actionOfKey, type ActionKey } from '../../../shared/practice/action-key';
import { SimulatedCustomer, type CustomerLine } from '../../../shared/practice/customer';
import { textLineMs } from '../../../shared/practice/customer-clock';
import { PersonaTiming, type PersonaEffect } from '../../../shared/practice/persona-timing';
import { loadScenario, ScenarioDefinitionError, type ScenarioIssue } from '../../../shared/practice/load';
import { DEFAULT_WAIT_MS, minReadMs, readAloudMs } from '../../../shared/practice/pace';
import { practiceSetup, type PracticeSetup } from '../../../shared/practice/practice-call';
import type { Scenario } from '../../../shared/practice/scenario';
import { loadScript } from '../../../shared/script/load';
import type { ScriptDefinition } from '../../../shared/script/definition';
import { ScriptRun, type ScriptAction } from '../../../shared/script/script-run';

export const PRACTICE_DIR = fileURLToPath(new URL('../../../assets/practice/', import.meta.url));
const SCRIPTS_DIR = fileURLToPath(new URL('../../../assets/scripts/', import.meta.url));

export const SCRIPTS: readonly ScriptDefinition[] = ['kr-default', 'us-default'].map((n) => loadScript(JSON.parse(readFileSync(`${SCRIPTS_DIR}${n}.json`, 'utf8'))));

export function scriptLookup(id: string, version: number): ScriptDefinition | undefined {
  return SCRIPTS.find((s) => s.id === id && s.version === version);
}

/** The script a scenario names, as the desk's `scriptFor` gives it (a missing one is a broken test). */
export function requireScript(id: string, version: number): ScriptDefinition {
  const script = scriptLookup(id, version);
  if (!script) throw new Error(`no script ${id} v${version}`);
  return script;
}

/** The scenario files shipped in assets/practice (not the JSON Schema). */
export function scenarioFiles(): string[] {
  return readdirSync(PRACTICE_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
    .sort();
}

/** The raw JSON of a shipped scenario (a fresh copy each time, safe to mutate). */
export function rawScenario(id: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests mutate any field
  return JSON.parse(readFileSync(`${PRACTICE_DIR}${id}.json`, 'utf8')) as Record<string, unknown>;
}

/** The issues loadScenario refuses `json` with (none when it loads). */
export function scenarioIssues(json: unknown): ScenarioIssue[] {
  try {
    loadScenario(json, scriptLookup);
  } catch (err) {
    if (err instanceof ScenarioDefinitionError) return [...err.issues];
    throw err;
  }
  return [];
}

/**
 * kr-willing with one of each schema problem: no opening, an unknown field, an empty text, a malformed
 * action, an unknown time zone, a malformed key of an `after` record.
 */
export function scenarioWithSchemaProblems(): ReturnType<typeof rawScenario> {
  const json = rawScenario('kr-willing');
  delete json['opening'];
  json['colour'] = 'blue';
  json['steps']['cg-time']['says']['text']['ko'] = '';
  json['steps']['kr-mkt']['expect'] = ['say_yes'];
  json['lead']['timeZone'] = 'Mars/Olympus';
  json['steps']['kr-mkt']['after'] = { 'shout!': { text: { ko: '아', en: 'ah' } } };
  return json;
}

/**
 * kr-willing with one of each problem against its script: an unknown step, an action its step cannot
 * take, an answer the question does not have, an outcome the script does not offer there.
 */
export function scenarioWithScriptProblems(): ReturnType<typeof rawScenario> {
  const json = rawScenario('kr-willing');
  json['steps']['kr-nothing'] = { expect: ['confirm'] };
  json['steps']['kr-id']['expect'] = ['answer:yes'];
  json['steps']['cg-time']['after'] = { 'answer:maybe': { text: { ko: '글쎄요', en: 'maybe' } } };
  json['steps']['close']['expect'] = ['outcome:no_time'];
  return json;
}

export function scenario(id: string): Scenario {
  return loadScenario(rawScenario(id), scriptLookup);
}

export function scriptOf(s: Scenario): ScriptDefinition {
  const script = scriptLookup(s.campaign.script.id, s.campaign.script.version);
  if (!script) throw new Error(`no script for ${s.id}`);
  return script;
}

/** UUIDv7-shaped ids from a counter. */
export function idFactory(prefix = '0189'): () => string {
  let n = 0;
  return () => `${prefix}0000-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

export const T0 = Date.parse('2026-03-10T01:30:00.000Z');

export interface PlayOptions {
  readonly locale?: Locale;
  /** The agent's action per step id (default: the scenario's first expected action). */
  readonly actions?: Readonly<Record<string, ActionKey>>;
  /**
   * When the agent acts, in ms after arriving at the step, given when the customer answered (relative
   * to arriving) and the least reading time of the step's text. Default: 1 s after both.
   */
  readonly timing?: (stepId: string, customerAtMs: number | undefined, minRead: number) => number;
  /** The trainee and the practice call (defaults: agent1 of the demo seed, a fixed call id, T0). */
  readonly agentId?: string;
  readonly agentName?: string;
  readonly callId?: string;
  readonly startedAt?: number;
  readonly newId?: () => string;
}

export interface Played {
  readonly scenario: Scenario;
  readonly script: ScriptDefinition;
  readonly setup: PracticeSetup;
  readonly run: ScriptRun;
  readonly customer: SimulatedCustomer;
  readonly events: ConsentEvent[];
  /** Every customer line with its absolute time (ms since T0). */
  readonly lines: (CustomerLine & { at: number })[];
  readonly startedAt: string;
  readonly endedAt: string;
}

/**
 * Plays a text practice call like the desk: the customer answers on the persona's timing (the same
 * PersonaTiming the desk runs), the agent acts at each step, and when the customer hangs up the run is
 * aborted once the last words are said. Throws when a step has no action to take.
 */
export function play(s: Scenario, o: PlayOptions = {}): Played {
  const locale = o.locale ?? 'ko';
  const script = scriptOf(s);
  const t0 = o.startedAt ?? T0;
  let now = t0;
  const setup = practiceSetup(s, {
    locale,
    callId: o.callId ?? '01890000-0000-7000-8000-00000000c411',
    agentId: o.agentId ?? 'user-agent1',
    agentName: o.agentName ?? '김하준',
    startedAt: new Date(t0),
  });
  const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: () => new Date(now), newId: o.newId ?? idFactory() });
  const customer = new SimulatedCustomer(s, script, locale);
  const timing = new PersonaTiming({ mode: 'text', locale, waitMs: s.persona.waitMs ?? DEFAULT_WAIT_MS, durationOf: (l) => textLineMs(l, locale) });
  const lines: (CustomerLine & { at: number })[] = [];
  const hear = (effects: readonly PersonaEffect[]): void => {
    for (const e of effects) if (e.type === 'say') lines.push({ ...e.line, at: e.at });
  };
  timing.answer(now, customer.answer(run), readAloudMs(run.prompt, locale), run.snapshot().stepId);
  let guard = 0;
  while (!run.isFinal) {
    if (guard++ > 50) throw new Error('the call never ends');
    const stepId = run.snapshot().stepId;
    const arrived = now;
    if (timing.hangingUp || customer.hungUp) {
      // The customer's last words, then the hang-up: the desk aborts the run.
      for (let i = 0; i < 200 && timing.phase === 'talking'; i++) {
        now = timing.nextAt() ?? now + 1000;
        hear(timing.advance(now));
      }
      now += 10;
      run.propose({ type: 'abort' });
      run.commit(run.pending as ConsentEvent);
      break;
    }
    const key = o.actions?.[stepId] ?? s.steps[stepId]?.expect[0];
    if (!key) throw new Error(`no action for step ${stepId} in ${s.id}`);
    // When the customer answers this step: let the timing run until the answer has been said.
    let answer: number | undefined;
    for (let i = 0; i < 50 && timing.busy; i++) {
      const next = timing.nextAt();
      if (next === undefined) break;
      const effects = timing.advance(next);
      hear(effects);
      const said = effects.find((e) => e.type === 'say' && e.line.kind === 'answer' && e.line.stepId === stepId);
      if (said?.type === 'say') {
        answer = said.at - arrived;
        break;
      }
    }
    const minRead = minReadMs(run.prompt, locale);
    const wait = o.timing ? o.timing(stepId, answer, minRead) : Math.max(answer ?? 0, minRead) + 1000;
    now = arrived + wait;
    hear(timing.advance(now));
    const before = run.snapshot();
    const action: ScriptAction = actionOfKey(key);
    const { event } = run.propose(action);
    run.commit(event);
    const reply = customer.react(before, action, run);
    hear(timing.act(now, reply, { readMs: run.isFinal ? 0 : readAloudMs(run.prompt, locale), runFinal: run.isFinal, stepId: run.snapshot().stepId }));
  }
  // The customer's last words (a finished run), then the call ends.
  for (let i = 0; i < 50 && timing.phase === 'talking' && timing.busy; i++) {
    const next = timing.nextAt();
    if (next === undefined) break;
    hear(timing.advance(next));
  }
  const endedAt = new Date(Math.max(now, lines.at(-1)?.at ?? now) + 2000).toISOString();
  return { scenario: s, script, setup, run, customer, events: [...run.events], lines, startedAt: new Date(t0).toISOString(), endedAt };
}
