import type { ScriptDefinition } from './definition';
import { CONSENT_FACTS, consentKindOfFact } from './consent-steps';
import { reachableFrom, recordsSale } from './graph';
import { consentRuleId } from './profile-rules';
import { readsAsRefusal } from './refusal-words';
import { stepRef, type ScriptDefinitionIssue } from './script-issues';

/**
 * The consent declarations of a schema-valid script (references already checked):
 * - a consent question declares its `consentKind` and `grantedBy` (both or neither), and a question that
 *   sets a consent fact (`marketing_consent`, `recording_consent`, `provision_consent`) is the consent
 *   question of the matching kind;
 * - `grantedBy` names answers of the question, not all of them (the person can always say no);
 * - granting answers give the fact `yes`, every other answer gives `no`;
 * - no granting answer reads as a refusal ("아니요", "No", "Nein");
 * - a refusal of a consent the pitch needs leads to no pitch at all (not even after asking again), and
 *   a refused third-party provision never ends in a sale.
 */
export function consentIssues(def: ScriptDefinition): ScriptDefinitionIssue[] {
  const issues: ScriptDefinitionIssue[] = [];
  const pitchFacts = new Set(def.steps.flatMap((s) => (s.kind === 'pitch' ? ['marketing_consent', 'time_permission', ...s.requires] : [])));
  const pitchIds = new Set(def.steps.filter((s) => s.kind === 'pitch').map((s) => s.id));
  const saleIds = new Set(def.steps.filter(recordsSale).map((s) => s.id));
  def.steps.forEach((step, i) => {
    if (step.kind !== 'question') return;
    const at = `steps[${i}]`;
    const ref = stepRef(i, step.id);
    const factKind = step.fact !== undefined ? consentKindOfFact(step.fact) : undefined;
    const kind = step.consentKind ?? factKind;
    const rule = kind !== undefined ? consentRuleId(def.profile, kind) : 'CG-PITCH-LOCK';
    const add = (path: string, message: string, fix: string) => issues.push({ path, message: `${ref}: ${message}`, ruleId: rule, fix });

    if (factKind !== undefined && step.consentKind !== factKind) {
      add(
        `${at}.consentKind`,
        step.consentKind === undefined
          ? `sets the consent fact "${step.fact}" but does not declare itself a consent question`
          : `sets the consent fact "${step.fact}" but declares consentKind "${step.consentKind}"`,
        `declare "consentKind": "${factKind}" and "grantedBy": [the id of the answer that means yes].`,
      );
    }
    if (step.consentKind !== undefined) {
      const wantFact = CONSENT_FACTS[step.consentKind];
      if (wantFact !== undefined && step.fact !== wantFact) {
        add(`${at}.fact`, `a ${step.consentKind} consent question must set the fact "${wantFact}"`, `add "fact": "${wantFact}" and give each answer a "value".`);
      }
      if (step.grantedBy === undefined) {
        add(`${at}.grantedBy`, `declares consentKind "${step.consentKind}" but not which answers grant it`, 'add "grantedBy": [the id of the answer that means yes]; every other answer then refuses.');
      }
    } else if (step.grantedBy !== undefined) {
      add(`${at}.consentKind`, 'lists grantedBy answers but declares no consentKind', 'add "consentKind" (marketing_call, third_party_provision, recording...) or remove "grantedBy".');
    }
    if (step.consentKind === undefined || step.grantedBy === undefined) return;

    const answerIds = new Set(step.answers.map((a) => a.id));
    step.grantedBy.forEach((id, k) => {
      if (!answerIds.has(id)) add(`${at}.grantedBy[${k}]`, `grantedBy names "${id}", which is not an answer of this question`, `use one of: ${[...answerIds].join(', ')}.`);
    });
    if (step.answers.every((a) => step.grantedBy?.includes(a.id))) {
      add(`${at}.grantedBy`, 'every answer grants the consent: the person cannot say no', 'add an answer for "no" that is not in grantedBy.');
    }
    const granting = new Set(step.grantedBy);
    step.answers.forEach((a, j) => {
      const aAt = `${at}.answers[${j}]`;
      const grants = granting.has(a.id);
      if (step.fact !== undefined && a.value !== undefined && a.value !== (grants ? 'yes' : 'no')) {
        add(
          `${aAt}.value`,
          grants ? `answer "${a.id}" grants the consent but gives ${step.fact} "no"` : `answer "${a.id}" does not grant the consent (not in grantedBy) but gives ${step.fact} "yes"`,
          grants ? 'set "value": "yes".' : 'set "value": "no": only a granting answer may give the consent fact "yes".',
        );
      }
      if (grants && readsAsRefusal([a.id, a.label.ko, a.label.en])) {
        add(`${aAt}.label`, `answer "${a.id}" ("${a.label.en}") reads as a refusal but is listed in grantedBy`, `remove "${a.id}" from grantedBy; a refusal never grants consent.`);
      }
    });
    // What a refusal must never lead to: the pitch (for a consent the pitch needs), a sale (for the
    // third-party provision a sale makes).
    const guardsPitch = step.fact !== undefined && pitchFacts.has(step.fact);
    const guardsSale = step.consentKind === 'third_party_provision';
    if (!guardsPitch && !guardsSale) return;
    const forbidden = (id: string) => pitchIds.has(id) || (guardsSale && saleIds.has(id));
    step.answers.forEach((a, j) => {
      if (granting.has(a.id)) return;
      if (a.outcome === 'sale' && guardsSale) {
        add(`${at}.answers[${j}].outcome`, `the refusal "${a.id}" records a sale`, 'end the call with another outcome (e.g. refused_consent): the data may not be handed over.');
        return;
      }
      if (a.next === undefined) return;
      const target = [...reachableFrom(def, [a.next])].find(forbidden);
      if (target !== undefined) {
        add(
          `${at}.answers[${j}].next`,
          pitchIds.has(target)
            ? `the refusal "${a.id}" can still lead to the pitch "${target}" (a refusal must never unlock the pitch, not even by asking again)`
            : `the refusal "${a.id}" can still lead to "${target}", which records a sale (a refused provision must never end in a sale)`,
          'let the refusal end the call: point it to an outcome step (e.g. refused_consent) or give it "outcome".',
        );
      }
    });
  });
  return issues;
}
