/**
 * Practice mode (DESIGN.md "Practice", issue 7): scenarios of simulated customers, the customer engine
 * that answers the agent on the very same ScriptRun as a real call, and the scoring of an attempt.
 *
 * ```ts
 * const scenario = loadScenario(json, scriptLookup);          // throws ScenarioDefinitionError with JSON paths
 * const setup = practiceSetup(scenario, { locale, callId, agentId, agentName, startedAt });
 * const run = new ScriptRun({ script, call: setup.call, context: setup.context, now, newId }); // practice: true
 * const customer = new SimulatedCustomer(scenario, script, locale);
 * show(customer.answer(run));                                  // "여보세요?" ... then the answer to step 1
 * await run.perform(action, persist); show(customer.react(before, action, run));
 * const score = scoreAttempt({ scenario, script, setup, events: run.events, startedAt, endedAt });
 * ```
 */
export * from './action-key';
export * from './customer';
export * from './customer-clock';
export { ENDING_LINES, HANG_UP_LINE, NUDGE_LINE, OFF_PATH_ANSWER, OFF_SCRIPT_LINES, SILENCE_HANG_UP_LINE } from './default-lines';
export { feedbackText, wrongOutcomeText } from './feedback';
export * from './load';
export * from './pace';
export * from './persona-timing';
export * from './practice-call';
export * from './replay';
export * from './scenario';
export * from './score';
export * from './scoring';
