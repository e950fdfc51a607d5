import type { z } from 'zod';

/** One problem of a JSON document, at a path like `steps[3].answers[1].next`. */
export interface JsonPathIssue {
  readonly path: string;
  readonly message: string;
}

/** `steps[3].answers[1].next`; the root is `(root)`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? '(root)' : out;
}

/**
 * zod issues as a reader wants them for a hand-written JSON file (scripts, practice scenarios): one
 * line per problem at its JSON path; for a union that failed every branch, the branch that came
 * closest; unknown fields and missing ones said plainly; a malformed record key named as the key.
 */
export function jsonPathIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): JsonPathIssue[] {
  const out: JsonPathIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      out.push(...jsonPathIssues(best, path));
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatJsonPath([...path, key]), message: 'unknown field' });
    } else if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      out.push({ path: formatJsonPath(path), message: `required (expected ${issue.expected})` });
    } else if (issue.code === 'invalid_key') {
      out.push(...jsonPathIssues(issue.issues, path).map((i) => ({ path: i.path, message: `bad key: ${i.message}` })));
    } else {
      out.push({ path: formatJsonPath(path), message: issue.message });
    }
  }
  return out;
}
