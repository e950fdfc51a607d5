/**
 * The script engine (DESIGN.md "Script", "ScriptRun"): the schema of script definitions and its JSON
 * Schema, `loadScript` with the static consent check, template rendering over lead data, and the
 * ScriptRun state machine that turns every step of a call into exactly one ConsentEvent.
 *
 * Typical use on the desktop:
 * ```ts
 * const script = loadScript(json);                      // throws ScriptDefinitionError with JSON paths
 * const run = new ScriptRun({ script, call, context: renderContextFor(...), now: () => new Date(), newId });
 * await run.perform({ type: 'confirm' }, (event) => outbox.append(event)); // durable first, then the run moves
 * ```
 */
export * from './definition';
export { checkScript, formatJsonPath, loadScript, ScriptDefinitionError, type ScriptDefinitionIssue } from './load';
export { formatIssue } from './script-issues';
export { CONSENT_FACTS, consentEffect, consentKindOfFact, isConsentStep, type ConsentEffect, type ConsentStep } from './consent-steps';
export { readsAsRefusal } from './refusal-words';
export { edgesOf, findPitchPathAvoiding, findUnlockedPitchPaths, formatPath, type PathStep, type UnlockedPitchPath } from './graph';
export { consentRuleId, PROFILE_SCRIPT_RULES, recordingNoticeRequired, spokenLocaleFor, type ProfileScriptRules, type TextRequirement } from './profile-rules';
export { meaningIssues, servesRule } from './check-meaning';
export {
  formatConsentDate,
  isPlaceholder,
  MAX_RENDERED_LENGTH,
  PLACEHOLDERS,
  placeholderValues,
  RenderError,
  conditionHolds,
  renderContextFor,
  renderRecipients,
  renderTemplate,
  renderText,
  scanTemplate,
  selectTemplate,
  THIRD_PARTY_PLACEHOLDERS,
  type Placeholder,
  type RenderContext,
  type TemplateToken,
} from './render';
export * from './run-errors';
export * from './script-run';
export { actionOfEvent, judgeEvent, judgeOutcome, type ReplayRefusal } from './replay-judge';
