import type { z } from 'zod';

/** A value a field problem's text is filled with (a bound, a type name, an id). */
export type FieldParam = string | number | boolean;

/**
 * One problem of a JSON document or a form, at a path like `steps[3].answers[1].next`. `message` is
 * English for logs and command-line tools; a screen shows the text of `code` with `params` in the
 * user's language (renderer/field-errors.ts), never `message`.
 */
export interface JsonPathIssue {
  readonly path: string;
  readonly message: string;
  /** A zod issue code (`too_small`, `invalid_format`...), `required`, `unknown_field`, or a checker's own code. */
  readonly code?: string;
  readonly params?: Readonly<Record<string, FieldParam>>;
}

/** `steps[3].answers[1].next`; the root is `(root)`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? '(root)' : out;
}

const isParam = (v: unknown): v is FieldParam => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** What a screen needs to say a zod issue in its own words: the bounds, the expected type or format, the allowed values. */
function paramsOf(issue: z.core.$ZodIssue): Record<string, FieldParam> {
  switch (issue.code) {
    case 'invalid_type':
      return { expected: issue.expected };
    case 'too_small':
      return { origin: issue.origin, minimum: Number(issue.minimum), inclusive: issue.inclusive !== false };
    case 'too_big':
      return { origin: issue.origin, maximum: Number(issue.maximum), inclusive: issue.inclusive !== false };
    case 'invalid_format':
      return { format: issue.format };
    case 'invalid_value':
      return { values: issue.values.map(String).join(', ') };
    case 'not_multiple_of':
      return { divisor: Number(issue.divisor) };
    case 'custom':
      return Object.fromEntries(Object.entries(issue.params ?? {}).filter(([, v]) => isParam(v))) as Record<string, FieldParam>;
    default:
      return {};
  }
}

/**
 * zod issues as a reader wants them for a hand-written JSON file or a form (scripts, practice scenarios,
 * settings): one problem per field at its JSON path, with the issue's code and bounds; for a union that
 * failed every branch, the branch that came closest; unknown fields and missing ones said plainly; a
 * malformed record key named as the key (`params.inKey`).
 */
export function jsonPathIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): JsonPathIssue[] {
  const out: JsonPathIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      out.push(...jsonPathIssues(best, path));
    } else if (issue.code === 'unrecognized_keys') {
      // A schema may say why a field is not accepted (e.g. provisioned, not a setting); keep that reason.
      const message = /^Unrecognized key/.test(issue.message) ? 'unknown field' : issue.message;
      for (const key of issue.keys) out.push({ path: formatJsonPath([...path, key]), message, code: 'unknown_field', params: {} });
    } else if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      out.push({ path: formatJsonPath(path), message: `required (expected ${issue.expected})`, code: 'required', params: { expected: issue.expected } });
    } else if (issue.code === 'invalid_key') {
      out.push(...jsonPathIssues(issue.issues, path).map((i) => ({ ...i, message: `bad key: ${i.message}`, params: { ...i.params, inKey: true } })));
    } else {
      out.push({ path: formatJsonPath(path), message: issue.message, code: issue.code, params: paramsOf(issue) });
    }
  }
  return out;
}
