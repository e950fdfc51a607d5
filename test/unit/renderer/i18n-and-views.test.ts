import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS } from '../../../shared/api/problem';
import { ACCESS_ACTIONS } from '../../../shared/api/review-access-log';
import { WITHDRAWAL_NOTICE_STATES } from '../../../shared/api/review-compliance';
import { REVIEW_SORTS } from '../../../shared/api/review-filter';
import { GATE_RULE_IDS } from '../../../shared/compliance/rule-ids';
import { CALL_OUTCOMES, CONSENT_EVENT_KINDS } from '../../../shared/domain/consent-event';
import { CONSENT_KINDS } from '../../../shared/domain/consent-grant';
import { REGISTRATION_STATES } from '../../../shared/phone/registration-state';
import { FACTS } from '../../../shared/script/definition';
import type { CallProblemCode } from '../../../renderer/state/call-controller';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { parseHash, viewHash, viewsFor } from '../../../renderer/desk/views';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('desk texts', () => {
  it('Korean and English have exactly the same keys, none empty', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
    const empty = keys(ko).filter((k) => !k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], ko));
    expect(empty).toEqual([]);
  });

  it('placeholders match between the languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const k of keys(en)) {
      const get = (o: unknown) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o) as string;
      expect(holes(get(ko)), k).toEqual(holes(get(en)));
    }
  });
});

describe('views by role', () => {
  it('agents call and practise, leads review, trainers practise; admins see all, and only admins the KR-ACCESS access review', () => {
    expect(viewsFor('agent')).toEqual(['desk', 'scores', 'practice', 'settings']);
    expect(viewsFor('lead')).toEqual(['review', 'settings']);
    expect(viewsFor('trainer')).toEqual(['practice', 'settings']);
    expect(viewsFor('admin')).toEqual(['desk', 'review', 'access', 'practice', 'settings']);
  });

  it('a shared link keeps its filters; a view the role may not open falls back', () => {
    const link = viewHash('review', new URLSearchParams({ team: 'team-1', outcome: 'sale' }));
    expect(parseHash(link, 'lead')).toMatchObject({ view: 'review' });
    expect(parseHash(link, 'lead').params.get('outcome')).toBe('sale');
    expect(parseHash(link, 'agent').view).toBe('desk');
    expect(parseHash(link, 'agent').params.toString()).toBe('');
    expect(parseHash('#/nonsense', 'trainer').view).toBe('practice');
  });
});

// Every text key the renderer asks for exists in both languages: literal keys found in the source, and
// each family of keys built from a code (`outcome.names.${code}`...) for every value of that code.
// (A key that does not exist shows as the raw key, e.g. "call.noPhone" in the status bar.)
describe('no raw key or code on screen', () => {
  const get = (o: unknown, k: string): unknown => k.split('.').reduce<unknown>((x, p) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[p] : undefined), o);
  const has = (o: unknown, k: string): boolean => typeof get(o, k) === 'string' || typeof get(o, `${k}_one`) === 'string' || typeof get(o, `${k}_other`) === 'string';
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));

  /** Every rule id a bundled script's step serves (the step's title comes from it). */
  function scriptRuleIds(): string[] {
    const dir = join(process.cwd(), 'assets', 'scripts');
    const ids = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === 'ruleIds' && Array.isArray(x)) x.forEach((id) => ids.add(String(id)));
          else walk(x);
        }
    };
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    expect(ids.size).toBeGreaterThan(5);
    return [...ids];
  }

  it('every literal t() key of the renderer exists in Korean and English', () => {
    const used = new Set<string>();
    for (const file of sources(join(process.cwd(), 'renderer'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !has(en, k))).toEqual([]);
    expect([...used].filter((k) => !has(ko, k))).toEqual([]);
  });

  // An error's own message is English (zod's, the API's `detail`, Node's): screens say an error through
  // errorText (by code and problem type) or fieldProblemText (by field problem code), never its message.
  it("no screen shows an error's own message: only renderer/errors.ts and field-errors.ts read it", () => {
    const allowed = new Set(['errors.ts', 'field-errors.ts', 'bridge.ts'].map((f) => join(process.cwd(), 'renderer', f)));
    const raw = /\b(err|error|e|ex|cause|reason)\.message\b|String\((err|error|e)\)/;
    const offending = sources(join(process.cwd(), 'renderer'))
      .filter((f) => !allowed.has(f))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => [line, i] as const)
          .filter(([line]) => raw.test(line))
          .map(([line, i]) => `${f.slice(process.cwd().length + 1)}:${i + 1}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });

  // Every word on screen comes from the texts: no JSX text, and no label, title, placeholder or alt
  // written as a literal (a URL example as a placeholder is the same in both languages).
  it('no literal words in the JSX of the renderer', () => {
    const LABELS = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
    const words = /[A-Za-z\uac00-\ud7a3]/;
    const example = /^(wss?|https?|stun|turn|turns|sips?):|^[\w.+-]+@[\w.-]+$/;
    const offending: string[] = [];
    for (const file of sources(join(process.cwd(), 'renderer')).filter((f) => f.endsWith('.tsx'))) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const at = (n: ts.Node): string => `${file.slice(process.cwd().length + 1)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
      const visit = (n: ts.Node): void => {
        if (ts.isJsxText(n) && words.test(n.text)) offending.push(`${at(n)}: ${n.text.trim()}`);
        if (ts.isJsxAttribute(n) && LABELS.has(n.name.getText()) && n.initializer && ts.isStringLiteral(n.initializer)) {
          const v = n.initializer.text;
          if (words.test(v) && !example.test(v)) offending.push(`${at(n)}: ${n.name.getText()}="${v}"`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(offending).toEqual([]);
  });

  it.each([
    ['phoneState', [...REGISTRATION_STATES, 'none']],
    ['outcome.names', CALL_OUTCOMES],
    ['review.timeline.kinds', CONSENT_EVENT_KINDS],
    ['consentKind', CONSENT_KINDS],
    ['rules', [...GATE_RULE_IDS, ...scriptRuleIds()]],
    ['script.fact', FACTS],
    ['review.sort', REVIEW_SORTS],
    ['review.compliance.notice', WITHDRAWAL_NOTICE_STATES],
    ['accessReview.actions', ACCESS_ACTIONS],
    ['errors.problem', Object.keys(PROBLEM_KINDS)],
    ['call.problem', ['no-phone', 'phone-not-registered', 'authorize-failed', 'place-failed', 'record-failed', 'update-failed', 'run-failed'] satisfies CallProblemCode[]],
  ] as const)('%s: a text for every code, in both languages', (family, codes) => {
    const missing = (o: unknown) => codes.filter((c) => !has(o, `${family}.${c}`));
    expect(missing(en)).toEqual([]);
    expect(missing(ko)).toEqual([]);
  });
});
