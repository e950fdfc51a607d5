import type { TFunction } from 'i18next';
import type { FieldProblem } from '../shared/ipc/define';
import { SCENARIO_CHECK_CODES } from '../shared/practice/load';

/**
 * The one place a field problem becomes text on screen (settings, scenario editor, any form): by its
 * code (a zod issue code, `required`, `unknown_field`, a scenario check's or the API's own code) and
 * its values, in the user's language. The problem's English `message` is for logs and never shown.
 */

/** Field problem codes the API's own checks send (besides zod's and the scenario checks'). */
export const SERVER_FIELD_CODES = ['id_taken', 'id_fixed', 'stale_revision'] as const;

/** What a field whose format is wrong expects, found by its path (zod's issue names only the pattern). */
const FORMAT_HINTS: readonly (readonly [RegExp, string])[] = [
  [/(^|\.)(expect\[\d+\]|after\.[^.]+)$/, 'actionKey'],
  [/(^|\.)lead\.localTime$/, 'time'],
  [/(^|\.)(id|campaign\.script\.id|steps\.[^.]+)$/, 'slug'],
];

/** The format hints, by name (for tests: each has a text in both languages). */
export const FORMAT_HINT_NAMES = [...new Set(FORMAT_HINTS.map(([, h]) => h)), 'url', 'other'];

/** `/scenario/steps/kr-id/expect/0` (an RFC 6901 pointer from the API) -> `scenario.steps.kr-id.expect[0]`; a JSON path is kept. */
export function jsonPathOf(path: string): string {
  if (!path.startsWith('/')) return path;
  const parts = path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(root)';
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown): string => (v === undefined ? '' : String(v));

function sizeText(p: FieldProblem, t: TFunction, small: boolean): string {
  const params = p.params ?? {};
  const origin = str(params['origin']);
  const bound = num(small ? params['minimum'] : params['maximum']);
  const inclusive = params['inclusive'] !== false;
  if (origin === 'string') return small && bound === 1 ? t('fieldError.empty') : t(small ? 'fieldError.tooShort' : 'fieldError.tooLong', { count: bound });
  if (origin === 'array' || origin === 'set' || origin === 'map') return t(small ? 'fieldError.tooFew' : 'fieldError.tooMany', { count: bound });
  if (small) return t(inclusive ? 'fieldError.atLeast' : 'fieldError.moreThan', { bound });
  return t(inclusive ? 'fieldError.atMost' : 'fieldError.lessThan', { bound });
}

function formatText(p: FieldProblem, t: TFunction): string {
  const path = jsonPathOf(p.path);
  const hint = FORMAT_HINTS.find(([re]) => re.test(path))?.[1] ?? (p.params?.['format'] === 'url' ? 'url' : 'other');
  return t(`fieldError.format.${hint}`);
}

/** Outcome codes in a problem's values as the screen names them ("Sale (sale)"): the editor's user types the code. */
function outcomeNames(list: string, t: TFunction): string {
  return list
    .split(', ')
    .filter(Boolean)
    .map((o) => `${t(`outcome.names.${o}`, { defaultValue: o })} (${o})`)
    .join(', ');
}

function scenarioText(code: string, p: FieldProblem, t: TFunction): string {
  const params = p.params ?? {};
  const values: Record<string, string | number> = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
  for (const k of ['kind', 'needs']) if (k in values) values[k] = t(`stepKind.${String(values[k])}`, { defaultValue: String(values[k]) });
  for (const k of ['outcome', 'offers', 'expected']) if (k in values) values[k] = outcomeNames(String(values[k]), t);
  return t(`fieldError.scenario.${code}`, values);
}

/** The text of one field problem in the user's language. */
export function fieldProblemText(p: FieldProblem, t: TFunction): string {
  const code = p.code ?? '';
  const params = p.params ?? {};
  if (params['inKey'] === true) {
    const { inKey: _inKey, ...inner } = params;
    return t('fieldError.badKey', { problem: fieldProblemText({ ...p, params: inner }, t) });
  }
  switch (code) {
    case 'required':
      return t('fieldError.required');
    case 'unknown_field':
      return t('fieldError.unknownField');
    case 'invalid_type': {
      const expected = str(params['expected']);
      return t('fieldError.invalidType', { expected: t(`fieldError.types.${expected}`, { defaultValue: t('fieldError.types.other') }) });
    }
    case 'too_small':
      return sizeText(p, t, true);
    case 'too_big':
      return sizeText(p, t, false);
    case 'invalid_format':
      return formatText(p, t);
    case 'invalid_value':
      return t('fieldError.oneOf', { values: str(params['values']) });
    case 'not_multiple_of':
      return t('fieldError.multipleOf', { divisor: num(params['divisor']) });
    case 'not_json':
      return params['line'] === undefined ? t('fieldError.notJson') : t('fieldError.notJsonAt', { line: num(params['line']), column: num(params['column']) });
    case 'custom': {
      const hint = str(params['hint']);
      return hint ? t(`fieldError.hint.${hint}`, { defaultValue: t('fieldError.invalid') }) : t('fieldError.invalid');
    }
  }
  if ((SCENARIO_CHECK_CODES as readonly string[]).includes(code)) return scenarioText(code, p, t);
  if ((SERVER_FIELD_CODES as readonly string[]).includes(code)) return t(`fieldError.server.${code}`, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])));
  return t('fieldError.invalid');
}

/**
 * A problem for text that is not JSON at all, at the line and column the parser names (V8 says the
 * character position; its English message is not kept).
 */
export function notJsonProblem(text: string, err: unknown): FieldProblem {
  const message = err instanceof Error ? err.message : String(err);
  const at = /position (\d+)/.exec(message);
  if (!at) return { path: '(root)', message, code: 'not_json' };
  const before = text.slice(0, Number(at[1]));
  const lines = before.split('\n');
  return { path: '(root)', message, code: 'not_json', params: { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 } };
}

/** Labels of the settings form's fields, by path prefix (a problem is shown beside the field's name, not its path). */
const SETTINGS_LABELS: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^sip\.iceGatheringTimeoutMs/, () => 'settings.iceTimeout'],
  [/^hotkeys\.(\w+)/, (m) => `settings.hotkey.${m[1]}`],
  [/^devices/, () => 'settings.devices'],
  [/^locale/, () => 'app.language'],
];

/** The settings field a problem is about, by its label; the path itself when no label is known. */
export function settingsFieldLabel(path: string, t: TFunction): string {
  const p = jsonPathOf(path);
  for (const [re, key] of SETTINGS_LABELS) {
    const m = re.exec(p);
    if (m) return t(key(m), { defaultValue: p });
  }
  return p;
}
