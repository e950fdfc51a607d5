import type { TFunction } from 'i18next';

/**
 * What a script step is about, in the agent's language, from the rule it serves ("Identification",
 * "Time to talk", "Marketing consent"...) or else its kind: shown instead of step ids like `kr-id`.
 */
export function stepTitle(step: { readonly kind: string; readonly ruleIds: readonly string[] }, t: TFunction): string {
  for (const rule of step.ruleIds) {
    const name = t(`rules.${rule}`, { defaultValue: '' });
    if (name) return name.charAt(0).toUpperCase() + name.slice(1);
  }
  return t(`stepKind.${step.kind}`, { defaultValue: t('stepKind.question') });
}
