import type { SpokenLocale } from '../domain/locale';
import type { ScriptDefinition, ScriptStep, TemplateText } from './definition';
import { isConsentStep } from './consent-steps';
import { edgesOf, findPathAvoiding, formatPath, recordsSale, type PathStep } from './graph';
import { consentRuleId, PROFILE_SCRIPT_RULES, type ProfileScriptRules, type TextRequirement } from './profile-rules';
import { scanTemplate, type Placeholder } from './render';
import { stepRef, type ScriptDefinitionIssue } from './script-issues';

/**
 * What a script means, checked at load time for every script (ours and a customer's), per profile:
 * - conditional steps (`onlyIf` + `otherwise`) and the third-party-provision step (KR-3P) only when the
 *   campaign has recipients;
 * - CG-TIME: the time question is answered yes before any step but the opening says anything about the
 *   offer (names the product or purpose, asks a consent, pitches);
 * - the profile's `beforeSale` rules (KR-3P) on every path to a sale;
 * - what the texts of each rule must say (placeholders, sentences such as "this consent is optional")
 *   in every language they are read in, and the profile's spoken language (DE: German) everywhere.
 * Every issue names the step, the rule id and the fix.
 */
export function meaningIssues(def: ScriptDefinition): ScriptDefinitionIssue[] {
  const rules = PROFILE_SCRIPT_RULES[def.profile];
  return [...conditionIssues(def), ...timeOrderIssues(def), ...saleIssues(def, rules), ...textIssues(def, rules)];
}

/** True when `step` serves `ruleId`: tagged with it, or the consent question the profile maps to it. */
export function servesRule(def: ScriptDefinition, step: ScriptStep, ruleId: string): boolean {
  return step.ruleIds.includes(ruleId) || (isConsentStep(step) && consentRuleId(def.profile, step.consentKind) === ruleId);
}

function textOf(step: ScriptStep): { text: TemplateText; field: string } {
  return step.kind === 'question' ? { text: step.prompt, field: 'prompt' } : { text: step.text, field: 'text' };
}

/** Every template of a text with its path, and which lead source it is for (both when plain). */
function variants(text: TemplateText, path: string, locales: readonly SpokenLocale[]): { template: string | undefined; path: string; locale: SpokenLocale; source: 'own_customer' | 'third_party' | 'both' }[] {
  if ('bySource' in text) {
    return (['own_customer', 'third_party'] as const).flatMap((source) =>
      locales.map((locale) => ({ template: text.bySource[source][locale], path: `${path}.bySource.${source}.${locale}`, locale, source })),
    );
  }
  return locales.map((locale) => ({ template: text[locale], path: `${path}.${locale}`, locale, source: 'both' as const }));
}

function uses(template: string | undefined, names: readonly Placeholder[]): boolean {
  if (template === undefined) return false;
  return scanTemplate(template).some((t) => t.kind === 'placeholder' && (names as readonly string[]).includes(t.name));
}

function conditionIssues(def: ScriptDefinition): ScriptDefinitionIssue[] {
  const issues: ScriptDefinitionIssue[] = [];
  def.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    const ref = stepRef(i, step.id);
    const onlyIf = step.kind === 'disclosure' || step.kind === 'question' ? step.onlyIf : undefined;
    const otherwise = step.kind === 'disclosure' || step.kind === 'question' ? step.otherwise : undefined;
    if ((onlyIf === undefined) !== (otherwise === undefined)) {
      issues.push({
        path: `${at}.${onlyIf === undefined ? 'onlyIf' : 'otherwise'}`,
        message: `${ref}: "onlyIf" and "otherwise" go together`,
        ruleId: 'KR-3P',
        fix: 'give both: the condition, and the step the call goes to when it does not hold.',
      });
    }
    const recipientsUsed = variants(textOf(step).text, '', ['ko', 'en', 'de']).some((v) => uses(v.template, ['recipients']));
    const provision = isConsentStep(step) && step.consentKind === 'third_party_provision';
    if ((recipientsUsed || provision) && onlyIf !== 'recipients') {
      issues.push({
        path: `${at}.onlyIf`,
        message: `${ref}: a third-party-provision step is read only when the campaign hands the data to recipients`,
        ruleId: 'KR-3P',
        fix: 'add "onlyIf": "recipients" and "otherwise": the step to go to when the seller itself calls.',
      });
    }
  });
  return issues;
}

const OFFER: readonly Placeholder[] = ['product', 'purpose', 'recipients'];

/** True when the step says something about the offer: a pitch, a consent question, or a text naming the product or purpose. */
function mentionsOffer(step: ScriptStep): boolean {
  if (step.kind === 'pitch' || isConsentStep(step)) return true;
  if (step.kind === 'question' && step.fact === 'time_permission') return false;
  return variants(textOf(step).text, '', ['ko', 'en', 'de']).some((v) => uses(v.template, OFFER));
}

/**
 * CG-TIME: on every path, a step that speaks of the offer (other than the opening, which KR-ID / US-DISC
 * require to name the goods) is reached only after the time question was answered yes.
 */
function timeOrderIssues(def: ScriptDefinition): ScriptDefinitionIssue[] {
  const steps = new Map(def.steps.map((s, i) => [s.id, { s, i }] as const));
  const reported = new Set<string>();
  const issues: ScriptDefinitionIssue[] = [];
  const parent = new Map<string, { from: string; answerId: string | undefined } | null>();
  const key = (id: string, yes: boolean) => `${yes ? 1 : 0}:${id}`;
  const pathTo = (k: string): PathStep[] => {
    const path: PathStep[] = [{ stepId: k.slice(2) }];
    for (let p = parent.get(k); p; p = parent.get(p.from)) path.unshift(p.answerId === undefined ? { stepId: p.from.slice(2) } : { stepId: p.from.slice(2), answerId: p.answerId });
    return path;
  };
  const start = key(def.start, false);
  parent.set(start, null);
  const queue = [start];
  for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
    const yes = k.startsWith('1');
    const found = steps.get(k.slice(2));
    if (!found) continue;
    const { s: step, i } = found;
    if (!yes && step.id !== def.start && mentionsOffer(step) && !reported.has(step.id)) {
      reported.add(step.id);
      const path = pathTo(k);
      issues.push({
        path: `steps[${i}]`,
        message: `${stepRef(i, step.id)} speaks of the offer before the time question was answered yes, along ${formatPath(path)}`,
        stepPath: path.map((p) => p.stepId),
        ruleId: 'CG-TIME',
        fix: 'ask whether the person has time (a question with "fact": "time_permission") right after the opening, and go on only on "yes".',
      });
      continue;
    }
    for (const e of edgesOf(step)) {
      if (e.to === undefined) continue;
      const nextYes = e.sets?.[0] === 'time_permission' ? e.sets[1] === 'yes' : yes;
      const nk = key(e.to, nextYes);
      if (parent.has(nk)) continue;
      parent.set(nk, { from: k, answerId: e.answerId });
      queue.push(nk);
    }
  }
  return issues;
}

/** The profile's beforeSale rules (KR-3P): every path to a sale passes a step serving them. */
function saleIssues(def: ScriptDefinition, rules: ProfileScriptRules): ScriptDefinitionIssue[] {
  const index = new Map(def.steps.map((s, i) => [s.id, i]));
  return rules.beforeSale.flatMap((ruleId) => {
    const path = findPathAvoiding(def, (s) => servesRule(def, s, ruleId), recordsSale);
    const last = path?.at(-1)?.stepId;
    if (!path || last === undefined) return [];
    const i = index.get(last) ?? -1;
    return [
      {
        path: `steps[${i}]`,
        message: `${stepRef(i, last)} records a sale that is reachable without a ${ruleId} step, along ${formatPath(path)}`,
        stepPath: path.map((p) => p.stepId),
        ruleId,
        fix: 'before the sale, ask the third-party-provision consent: a question with "consentKind": "third_party_provision", "onlyIf": "recipients" and {{recipients}} in its text.',
      },
    ];
  });
}

/** The texts each rule requires, in every language the script is read in. */
function textIssues(def: ScriptDefinition, rules: ProfileScriptRules): ScriptDefinitionIssue[] {
  const issues: ScriptDefinitionIssue[] = [];
  const locales: SpokenLocale[] = rules.speaks === 'de' ? ['ko', 'en', 'de'] : ['ko', 'en'];
  const targets: { text: TemplateText; path: string; ref: string }[] = [];
  const check = (ruleId: string, req: TextRequirement, text: TemplateText, path: string, ref: string) => {
    if (req.bySource === true && !('bySource' in text)) {
      issues.push({ path, message: `${ref}: must say how the number was obtained, differently for own customers and provider leads`, ruleId, fix: 'write the text as "bySource": { "own_customer": {...}, "third_party": {...} }.' });
    }
    for (const v of variants(text, path, locales)) {
      if (v.template === undefined) continue; // a missing language is reported below, once per text
      const need = [
        ...(req.placeholders ?? []),
        ...(v.source === 'third_party' ? (req.thirdPartyPlaceholders ?? []) : []),
        ...(v.source === 'own_customer' ? (req.ownCustomerPlaceholders ?? []) : []),
      ];
      for (const name of need) {
        if (!uses(v.template, [name])) issues.push({ path: v.path, message: `${ref}: the ${v.locale} text lacks {{${name}}}`, ruleId, fix: `add {{${name}}} to ${v.path}.` });
      }
      for (const sentence of req.sentences ?? []) {
        const pattern = sentence.pattern[v.locale];
        if (pattern === undefined || pattern.test(v.template)) continue;
        const example = sentence.example[v.locale];
        issues.push({
          path: v.path,
          message: `${ref}: the ${v.locale} text does not say ${sentence.what}`,
          ruleId,
          fix: example !== undefined ? `add a sentence like "${example}"` : `add a sentence saying ${sentence.what}.`,
        });
      }
    }
  };
  // A consent rule's text is its consent question's (not every step tagged with it, like the goodbye
  // after a "no"); any other rule's text is that of every step tagged with it.
  const consentRuleIds = new Set(Object.values(rules.consentRules));
  const applies = (step: ScriptStep, ruleId: string) =>
    consentRuleIds.has(ruleId) ? isConsentStep(step) && consentRuleId(def.profile, step.consentKind) === ruleId : step.ruleIds.includes(ruleId);
  def.steps.forEach((step, i) => {
    const { text, field } = textOf(step);
    const path = `steps[${i}].${field}`;
    targets.push({ text, path, ref: stepRef(i, step.id) });
    for (const [ruleId, req] of Object.entries(rules.texts)) if (applies(step, ruleId)) check(ruleId, req, text, path, stepRef(i, step.id));
  });
  for (const h of ['optOut', 'refusal'] as const) {
    targets.push({ text: def[h].text, path: `${h}.text`, ref: `the ${h === 'optOut' ? 'opt-out' : 'refusal'} text` });
    for (const [ruleId, req] of Object.entries(rules.texts)) {
      if (def[h].ruleIds.includes(ruleId) && !consentRuleIds.has(ruleId)) check(ruleId, req, def[h].text, `${h}.text`, `the ${h} text`);
    }
  }
  if (rules.speaks !== undefined) {
    const spoken = rules.speaks;
    for (const t of targets) {
      const missing = variants(t.text, t.path, [spoken]).filter((v) => v.template === undefined);
      for (const v of missing) {
        issues.push({
          path: v.path,
          message: `${t.ref}: profile ${def.profile} callees are spoken to in "${spoken}", and this text has no "${spoken}" version`,
          ruleId: rules.consentRules.marketing_call ?? 'CG-PITCH-LOCK',
          fix: `add "${spoken}": the text as read to the callee.`,
        });
      }
    }
  }
  return issues;
}
