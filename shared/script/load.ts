import { formatJsonPath, jsonPathIssues } from '../util/zod-issues';
import { PITCH_CORE_FACTS, ScriptDefinitionSchema, type ScriptDefinition, type TemplateText } from './definition';
import { findPathAvoiding, findUnlockedPitchPaths, formatPath, reachableStepIds, stepIdsThatCanEnd } from './graph';
import { meaningIssues, servesRule } from './check-meaning';
import { PROFILE_SCRIPT_RULES } from './profile-rules';
import { isPlaceholder, scanTemplate, THIRD_PARTY_PLACEHOLDERS } from './render';
import { consentIssues } from './check-consent';
import { formatIssue, type ScriptDefinitionIssue } from './script-issues';
import { deepFreeze } from '../util/deep-freeze';

export type { ScriptDefinitionIssue };

/** A script definition that is malformed or unsafe; `issues` lists every problem found. */
export class ScriptDefinitionError extends Error {
  override readonly name = 'ScriptDefinitionError';
  constructor(readonly issues: readonly ScriptDefinitionIssue[]) {
    super(`invalid script definition:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
}

/**
 * Validates a script definition (parsed JSON) and returns it deeply frozen. Throws ScriptDefinitionError
 * naming the JSON path of every problem: schema errors first; if the shape is right, the semantic checks
 * of `checkScript` (references, reachability, placeholders, the pitch lock, the profile's rules).
 */
export function loadScript(json: unknown): ScriptDefinition {
  const parsed = ScriptDefinitionSchema.safeParse(json);
  if (!parsed.success) throw new ScriptDefinitionError(jsonPathIssues(parsed.error.issues));
  const issues = checkScript(parsed.data);
  if (issues.length > 0) throw new ScriptDefinitionError(issues);
  return deepFreeze(parsed.data);
}

export { formatJsonPath };

interface TemplateAt {
  readonly template: string;
  readonly path: string;
  readonly thirdParty: boolean;
}

function templatesOf(text: TemplateText, path: string): TemplateAt[] {
  if ('bySource' in text) {
    const { own_customer, third_party } = text.bySource;
    return [
      { template: own_customer.ko, path: `${path}.bySource.own_customer.ko`, thirdParty: false },
      { template: own_customer.en, path: `${path}.bySource.own_customer.en`, thirdParty: false },
      { template: third_party.ko, path: `${path}.bySource.third_party.ko`, thirdParty: true },
      { template: third_party.en, path: `${path}.bySource.third_party.en`, thirdParty: true },
    ];
  }
  return [
    { template: text.ko, path: `${path}.ko`, thirdParty: false },
    { template: text.en, path: `${path}.en`, thirdParty: false },
  ];
}

function placeholderIssues(def: ScriptDefinition): ScriptDefinitionIssue[] {
  const issues: ScriptDefinitionIssue[] = [];
  const rendered: TemplateAt[] = [...templatesOf(def.optOut.text, 'optOut.text'), ...templatesOf(def.refusal.text, 'refusal.text')];
  const plain: TemplateAt[] = [...templatesOf(def.title, 'title')];
  def.steps.forEach((step, i) => {
    rendered.push(...templatesOf(step.kind === 'question' ? step.prompt : step.text, `steps[${i}].${step.kind === 'question' ? 'prompt' : 'text'}`));
    if (step.kind === 'question') step.answers.forEach((a, j) => plain.push(...templatesOf(a.label, `steps[${i}].answers[${j}].label`)));
  });
  for (const t of rendered) {
    for (const token of scanTemplate(t.template)) {
      if (token.kind === 'malformed') issues.push({ path: t.path, message: `malformed placeholder near "${token.near}"` });
      else if (!isPlaceholder(token.name)) issues.push({ path: t.path, message: `unknown placeholder {{${token.name}}}` });
      else if (!t.thirdParty && THIRD_PARTY_PLACEHOLDERS.includes(token.name)) {
        issues.push({
          path: t.path,
          message: `{{${token.name}}} exists only for leads from a provider: use it in a bySource.third_party text`,
        });
      }
    }
  }
  for (const t of plain) {
    if (scanTemplate(t.template).length > 0) issues.push({ path: t.path, message: 'labels and titles are not rendered: no placeholders or braces' });
  }
  return issues;
}

/**
 * The semantic checks of a schema-valid definition; returns the problems (empty when it is sound):
 * - step ids unique, every `next`/`start` names a step, answer ids unique per question;
 * - each answer has exactly one of `next` / `outcome`; a question with a `fact` gives every answer a
 *   yes/no `value` (and only such a question does);
 * - consent questions declare `consentKind` and `grantedBy`, and a refusal never unlocks the pitch
 *   (check-consent.ts);
 * - every pitch `requires` time_permission and marketing_consent (CG-PITCH-LOCK);
 * - placeholders are known, and provider-only ones appear only in `bySource.third_party` texts;
 * - every step is reachable from the start and can lead to an outcome;
 * - the static consent check: no path from the start reaches a pitch unless the time and consent
 *   questions (and the pitch's other `requires`) were answered yes on that path;
 * - the profile's rules: the start step serves its first rule (KR-ID / US-DISC), every path to a pitch
 *   passes its mandatory steps, the opt-out text serves its opt-out rule;
 * - what the script means (check-meaning.ts): the time question before anything about the offer, the
 *   third-party-provision consent before a sale, the placeholders and sentences each rule's text needs.
 */
export function checkScript(def: ScriptDefinition): ScriptDefinitionIssue[] {
  const issues: ScriptDefinitionIssue[] = [];
  const index = new Map<string, number>();
  def.steps.forEach((step, i) => {
    const first = index.get(step.id);
    if (first === undefined) index.set(step.id, i);
    else issues.push({ path: `steps[${i}].id`, message: `duplicate step id "${step.id}" (first used at steps[${first}])` });
  });
  const ref = (id: string, path: string) => {
    if (!index.has(id)) issues.push({ path, message: `unknown step "${id}"` });
  };
  ref(def.start, 'start');

  def.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    switch (step.kind) {
      case 'disclosure':
        ref(step.next, `${at}.next`);
        if (step.otherwise !== undefined) ref(step.otherwise, `${at}.otherwise`);
        break;
      case 'pitch': {
        ref(step.next, `${at}.next`);
        const missing = PITCH_CORE_FACTS.filter((f) => !step.requires.includes(f));
        if (missing.length > 0) {
          issues.push({
            path: `${at}.requires`,
            message: `a pitch must require time_permission and marketing_consent (CG-PITCH-LOCK); missing ${missing.join(', ')}`,
          });
        }
        break;
      }
      case 'question': {
        if (step.otherwise !== undefined) ref(step.otherwise, `${at}.otherwise`);
        const seen = new Set<string>();
        step.answers.forEach((a, j) => {
          const aAt = `${at}.answers[${j}]`;
          if (seen.has(a.id)) issues.push({ path: `${aAt}.id`, message: `duplicate answer id "${a.id}"` });
          seen.add(a.id);
          if ((a.next === undefined) === (a.outcome === undefined)) {
            issues.push({ path: aAt, message: 'an answer needs exactly one of "next" (a step) or "outcome"' });
          }
          if (a.next !== undefined) ref(a.next, `${aAt}.next`);
          if (step.fact !== undefined && a.value === undefined) {
            issues.push({ path: `${aAt}.value`, message: `required: the question sets fact "${step.fact}", so each answer says yes or no` });
          }
          if (step.fact === undefined && a.value !== undefined) {
            issues.push({ path: `${aAt}.value`, message: 'a value needs the question to name the fact it sets' });
          }
        });
        break;
      }
      case 'outcome':
        break;
    }
  });
  issues.push(...placeholderIssues(def));
  // The consent declarations need no sound graph (check-consent.ts walks only known steps).
  const consent = consentIssues(def);
  // The graph checks below assume sound references; report those first.
  if (issues.length > 0) return [...issues, ...consent];

  const reachable = reachableStepIds(def);
  const canEnd = stepIdsThatCanEnd(def);
  def.steps.forEach((step, i) => {
    if (!reachable.has(step.id)) issues.push({ path: `steps[${i}]`, message: `step "${step.id}" is unreachable from the start "${def.start}"` });
    else if (!canEnd.has(step.id)) issues.push({ path: `steps[${i}]`, message: `step "${step.id}" never leads to an outcome` });
  });

  for (const v of findUnlockedPitchPaths(def)) {
    issues.push({
      path: `steps[${index.get(v.pitchId) ?? -1}]`,
      message: `pitch "${v.pitchId}" is reachable without ${v.missing.join(' and ')} answered yes (CG-PITCH-LOCK), along ${formatPath(v.path)}`,
      stepPath: v.path.map((p) => p.stepId),
    });
  }

  const rules = PROFILE_SCRIPT_RULES[def.profile];
  const startStep = def.steps[index.get(def.start) ?? -1];
  if (rules.first !== undefined && startStep && !startStep.ruleIds.includes(rules.first)) {
    issues.push({
      path: 'start',
      message: `profile ${def.profile}: the first step must serve ${rules.first} (start "${def.start}" does not)`,
      ruleId: rules.first,
      fix: `start with the identification disclosure, tagged "ruleIds": ["${rules.first}"].`,
    });
  }
  for (const ruleId of rules.beforePitch) {
    const path = findPathAvoiding(def, (s) => servesRule(def, s, ruleId), (s) => s.kind === 'pitch');
    const pitchId = path?.at(-1)?.stepId;
    if (path && pitchId !== undefined) {
      issues.push({
        path: `steps[${index.get(pitchId) ?? -1}]`,
        message: `profile ${def.profile}: pitch "${pitchId}" is reachable without a ${ruleId} step, along ${formatPath(path)}`,
        stepPath: path.map((p) => p.stepId),
        ruleId,
        fix: `put a step serving ${ruleId} on every path before the pitch.`,
      });
    }
  }
  if (rules.optOut !== undefined && !def.optOut.ruleIds.includes(rules.optOut)) {
    issues.push({
      path: 'optOut.ruleIds',
      message: `profile ${def.profile}: the opt-out text must serve ${rules.optOut}`,
      ruleId: rules.optOut,
      fix: `tag the opt-out text "ruleIds": ["${rules.optOut}"] and say how to refuse free of charge.`,
    });
  }
  issues.push(...meaningIssues(def));
  issues.push(...consent);
  return issues;
}
