import { conditionHolds } from '../script/render';
import { practiceConditions } from './practice-call';
import type { CallOutcome } from '../domain/consent-event';
import type { ScriptDefinition, ScriptStep } from '../script/definition';
import { jsonPathIssues, type JsonPathIssue } from '../util/zod-issues';
import { actionOfKey, type ActionKey } from './action-key';
import { ScenarioSchema, type Scenario } from './scenario';
import { deepFreeze } from '../util/deep-freeze';

/**
 * One problem of a scenario, at a JSON path like `steps.cg-time.expect[0]`: a zod issue, or one of the
 * script checks below with its own code (`no_such_step`, `action_wrong_step`...) and the ids it names.
 */
export type ScenarioIssue = JsonPathIssue;

/** The codes of the script checks (a screen has a text for each, renderer/field-errors.ts). */
export const SCENARIO_CHECK_CODES = [
  'script_not_installed',
  'profile_mismatch',
  'no_such_step',
  'action_wrong_step',
  'no_such_answer',
  'outcome_not_offered',
  'path_loops',
  'step_not_covered',
  'says_required',
  'outcome_not_expected',
] as const;
export type ScenarioCheckCode = (typeof SCENARIO_CHECK_CODES)[number];

/** A problem of an action at a step, before it has a path. */
export type ActionProblem = Omit<ScenarioIssue, 'path'> & { readonly code: ScenarioCheckCode };

const issue = (path: string, code: ScenarioCheckCode, params: Record<string, string | number>, message: string): ScenarioIssue => ({ path, message, code, params });

/** A scenario that is malformed or does not fit its script; `issues` lists every problem found. */
export class ScenarioDefinitionError extends Error {
  override readonly name = 'ScenarioDefinitionError';
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(`invalid practice scenario:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
}

/** Finds the script a scenario names (by id and version); undefined when it is not installed. */
export type ScriptLookup = (id: string, version: number) => ScriptDefinition | undefined;

/**
 * Validates a scenario (parsed JSON) against the schema and against its script, and returns it deeply
 * frozen. Throws ScenarioDefinitionError naming the JSON path of every problem: schema errors first; if
 * the shape is right, the checks of `checkScenario`.
 */
export function loadScenario(json: unknown, scripts: ScriptLookup): Scenario {
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) throw new ScenarioDefinitionError(jsonPathIssues(parsed.error.issues));
  const issues = checkScenario(parsed.data, scripts);
  if (issues.length > 0) throw new ScenarioDefinitionError(issues);
  return deepFreeze(parsed.data);
}

/** Whether `key` is an action the script could take at `step` (the endings are always possible); the problem if not. */
export function actionFitsStep(key: ActionKey, step: ScriptStep): ActionProblem | undefined {
  const action = actionOfKey(key);
  const wrongKind = (needs: ScriptStep['kind'], message: string): ActionProblem | undefined =>
    step.kind === needs ? undefined : { code: 'action_wrong_step', params: { action: key, needs, step: step.id, kind: step.kind }, message };
  switch (action.type) {
    case 'opt_out':
    case 'refuse':
    case 'abort':
      return undefined;
    case 'confirm':
      return wrongKind('disclosure', `"confirm" is only for a disclosure; step "${step.id}" is a ${step.kind}`);
    case 'deliver_pitch':
      return wrongKind('pitch', `"deliver_pitch" is only for a pitch; step "${step.id}" is a ${step.kind}`);
    case 'answer': {
      if (step.kind !== 'question') return wrongKind('question', `answers are only for a question; step "${step.id}" is a ${step.kind}`);
      const answers = step.answers.map((a) => a.id).join(', ');
      return step.answers.some((a) => a.id === action.answerId)
        ? undefined
        : { code: 'no_such_answer', params: { step: step.id, answer: action.answerId, answers }, message: `step "${step.id}" has no answer "${action.answerId}" (answers: ${answers})` };
    }
    case 'record_outcome': {
      if (step.kind !== 'outcome') return wrongKind('outcome', `outcomes are only recorded on an outcome step; step "${step.id}" is a ${step.kind}`);
      const offers = step.outcomes.join(', ');
      return (step.outcomes as readonly string[]).includes(action.outcome)
        ? undefined
        : { code: 'outcome_not_offered', params: { step: step.id, outcome: action.outcome, offers }, message: `step "${step.id}" does not offer the outcome "${action.outcome}" (offers: ${offers})` };
    }
  }
}

/**
 * The checks of a schema-valid scenario against its script; returns the problems (empty when sound):
 * - the script exists and has the campaign's profile;
 * - every step entry names a step of the script, and every expected / branch action fits that step;
 * - the expected path (the first expected action at each step, from the script's start) is covered:
 *   every step on it has an entry, every question on it an answer line (`says`), and the path ends
 *   with one of `expectOutcome`.
 */
export function checkScenario(s: Scenario, scripts: ScriptLookup): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const script = scripts(s.campaign.script.id, s.campaign.script.version);
  const { id: scriptId, version } = s.campaign.script;
  if (!script) return [issue('campaign.script', 'script_not_installed', { script: scriptId, version }, `script ${scriptId}@${version} is not installed`)];
  if (script.profile !== s.campaign.profile) {
    issues.push(
      issue('campaign.profile', 'profile_mismatch', { script: script.id, scriptProfile: script.profile, profile: s.campaign.profile }, `the script ${script.id} is for profile ${script.profile}, not ${s.campaign.profile}`),
    );
  }
  const steps = new Map(script.steps.map((st) => [st.id, st]));
  for (const [stepId, entry] of Object.entries(s.steps)) {
    const step = steps.get(stepId);
    if (!step) {
      const ids = [...steps.keys()].join(', ');
      issues.push(issue(`steps.${stepId}`, 'no_such_step', { script: script.id, step: stepId, steps: ids }, `the script ${script.id} has no step "${stepId}" (steps: ${ids})`));
      continue;
    }
    entry.expect.forEach((key, i) => {
      const problem = actionFitsStep(key, step);
      if (problem) issues.push({ path: `steps.${stepId}.expect[${i}]`, ...problem });
    });
    for (const key of Object.keys(entry.after)) {
      const problem = actionFitsStep(key, step);
      if (problem) issues.push({ path: `steps.${stepId}.after.${key}`, ...problem });
    }
  }
  if (issues.length > 0) return issues;

  // Walk the expected path.
  const seen = new Set<string>();
  let stepId: string | undefined = script.start;
  let ended: CallOutcome | undefined;
  while (stepId !== undefined && ended === undefined) {
    if (seen.has(stepId)) {
      issues.push(issue(`steps.${stepId}`, 'path_loops', { step: stepId }, 'the expected actions loop back to this step: the call never ends'));
      break;
    }
    seen.add(stepId);
    const step = steps.get(stepId);
    const entry = s.steps[stepId];
    if (!step) break;
    // A step whose condition does not hold in this practice call is passed over, as ScriptRun does.
    if ((step.kind === 'disclosure' || step.kind === 'question') && step.onlyIf !== undefined && step.otherwise !== undefined && !conditionHolds(step.onlyIf, practiceConditions(s))) {
      stepId = step.otherwise;
      continue;
    }
    if (!entry) {
      issues.push(issue(`steps.${stepId}`, 'step_not_covered', { step: stepId }, `the expected path reaches step "${stepId}", but the scenario says nothing about it`));
      break;
    }
    if (step.kind === 'question' && !entry.says) {
      issues.push(issue(`steps.${stepId}.says`, 'says_required', { step: stepId }, `required: the customer must answer the question "${stepId}" on the expected path`));
    }
    const action = actionOfKey(entry.expect[0] ?? 'abort');
    switch (action.type) {
      case 'opt_out':
        ended = 'opt_out';
        break;
      case 'refuse':
        ended = 'not_interested';
        break;
      case 'abort':
        ended = 'dropped';
        break;
      case 'record_outcome':
        ended = action.outcome;
        break;
      case 'answer': {
        const answer = step.kind === 'question' ? step.answers.find((a) => a.id === action.answerId) : undefined;
        if (answer?.outcome !== undefined) ended = answer.outcome;
        else stepId = answer?.next;
        break;
      }
      case 'confirm':
      case 'deliver_pitch':
        stepId = step.kind === 'disclosure' || step.kind === 'pitch' ? step.next : undefined;
        break;
    }
  }
  if (ended !== undefined && !s.expectOutcome.includes(ended)) {
    const expected = s.expectOutcome.join(', ');
    issues.push(issue('expectOutcome', 'outcome_not_expected', { outcome: ended, expected }, `the expected path ends with "${ended}", which expectOutcome (${expected}) does not list`));
  }
  return issues;
}
