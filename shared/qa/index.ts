/**
 * QA scorecards (issue 15): the definition a team lead writes (sections, weighted questions, auto-fail
 * items, auto-fill sources), the answers the call's evidence proposes, and the pure scoring.
 *
 * ```ts
 * const def = ScorecardDefinitionSchema.parse(json);
 * const proposals = autoFill(def, { profile: 'KR', answeredAt, events, optOutListed, recordingStartedAt });
 * const issues = checkAnswers(def, answers);          // [] when every question is answered properly
 * const result = scoreEvaluation(def, answers);      // { scoreBp, percent, passed, autoFailed, ... }
 * ```
 */
export * from './scorecard';
export * from './score';
export * from './evidence-facts';
export * from './autofill';
