/**
 * One problem of a script definition, at a JSON path like `steps[3].answers[1].next`. Semantic problems
 * also name the COMPLIANCE.md rule they protect (`ruleId`) and how to fix them (`fix`), so a customer
 * writing their own script learns what the law asks, not only that something is wrong.
 */
export interface ScriptDefinitionIssue {
  readonly path: string;
  readonly message: string;
  /** For graph problems: the step ids of the offending path, from the start. */
  readonly stepPath?: readonly string[];
  /** The rule id of ../shared/COMPLIANCE.md the problem breaks (e.g. `KR-MKT`, `CG-TIME`). */
  readonly ruleId?: string;
  /** What to change so the script loads. */
  readonly fix?: string;
}

/** `steps[3] "kr-mkt"`: how an error names a step. */
export function stepRef(index: number, id: string): string {
  return `steps[${index}] "${id}"`;
}

/** One issue as a line of the loader's error message: path, message, rule id and fix. */
export function formatIssue(i: ScriptDefinitionIssue): string {
  const rule = i.ruleId !== undefined ? ` [${i.ruleId}]` : '';
  const fix = i.fix !== undefined ? ` Fix: ${i.fix}` : '';
  return `${i.path}: ${i.message}${rule}${fix}`;
}
