// Field problems of the settings form and the scenario editor are said in the user's language by their
// code (renderer/field-errors.ts): never zod's or the API's English message, never a raw text key.
import { describe, expect, it } from 'vitest';
import { invalidPayload, type FieldProblem } from '../../../shared/ipc/define';
import { SettingsPatchSchema } from '../../../shared/ipc/settings';
import { SCENARIO_CHECK_CODES } from '../../../shared/practice/load';
import { createI18n } from '../../../renderer/i18n';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { fieldProblemText, FORMAT_HINT_NAMES, jsonPathOf, notJsonProblem, SERVER_FIELD_CODES, settingsFieldLabel } from '../../../renderer/field-errors';
import { rawScenario, scenarioIssues, scenarioWithSchemaProblems, scenarioWithScriptProblems } from '../practice/fixtures';

const tKo = createI18n('ko').t;
const tEn = createI18n('en').t;

const get = (o: unknown, k: string): unknown => k.split('.').reduce<unknown>((x, p) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[p] : undefined), o);

/** English words of zod's and the checks' messages that must never show in the Korean UI. */
const ENGLISH = /\b(expected|must|invalid|required|unknown|received|string|number|the|is|not|at least|at most|too|has no|offers?|ends with)\b/i;
const HANGUL = /[\uac00-\ud7a3]/;

function settingsProblems(patch: unknown): FieldProblem[] {
  const parsed = SettingsPatchSchema.safeParse(patch);
  expect(parsed.success).toBe(false);
  return parsed.success ? [] : (invalidPayload('settings:update', parsed.error).fields ?? []);
}

function expectKorean(problems: readonly FieldProblem[]): string[] {
  expect(problems.length).toBeGreaterThan(0);
  const texts = problems.map((p) => fieldProblemText(p, tKo));
  for (const [i, text] of texts.entries()) {
    expect(text, problems[i]!.message).toMatch(HANGUL);
    // Ids and codes the trainer typed may appear in quotes; no English sentence may.
    expect(text.replace(/"[^"]*"|\([a-z_]+\)|[a-z]+:[a-z_]+/g, ''), problems[i]!.message).not.toMatch(ENGLISH);
    expect(text).not.toContain('fieldError.');
    expect(text).not.toBe(tKo('fieldError.invalid'));
  }
  return texts;
}

describe('every field problem code has a text in both languages', () => {
  it.each([
    ['fieldError.scenario', SCENARIO_CHECK_CODES],
    ['fieldError.server', SERVER_FIELD_CODES],
    ['fieldError.format', FORMAT_HINT_NAMES],
    ['fieldError.hint', ['time_zone']],
  ] as const)('%s', (family, codes) => {
    for (const lang of [ko, en]) expect(codes.filter((c) => typeof get(lang, `${family}.${c}`) !== 'string')).toEqual([]);
  });
});

describe('settings form problems', () => {
  it('a bad ICE limit and an empty hotkey: each named by its label, said in Korean with what the field expects', () => {
    const problems = settingsProblems({
      sip: { iceGatheringTimeoutMs: 20_000 },
      hotkeys: { confirm: '', yes: 'y', no: 'n', later: 'l', optOut: 'o', refuse: 'r', hangUp: 'Escape', dial: 'd', nextLead: 'j', mute: 'm', hold: 'h' },
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['hotkeys.confirm', 'sip.iceGatheringTimeoutMs']);
    expectKorean(problems);
    expect(fieldProblemText(byPath['sip.iceGatheringTimeoutMs']!, tKo)).toBe('10000 이하여야 합니다.');
    expect(fieldProblemText(byPath['hotkeys.confirm']!, tKo)).toBe('비워 둘 수 없습니다.');
    expect(fieldProblemText(byPath['sip.iceGatheringTimeoutMs']!, tEn)).toBe('At most 10000.');
    expect(settingsFieldLabel('hotkeys.confirm', tKo)).toBe(ko.settings.hotkey.confirm);
    expect(settingsFieldLabel('sip.iceGatheringTimeoutMs', tEn)).toBe(en.settings.iceTimeout);
  });

  it('a field the desk does not know (an API URL) is an unknown field, at its own path', () => {
    const [p] = settingsProblems({ apiUrl: 'https://evil.example' });
    expect(p).toMatchObject({ path: 'apiUrl', code: 'unknown_field' });
    expect(fieldProblemText(p!, tKo)).toBe(ko.fieldError.unknownField);
  });
});

describe('scenario editor problems', () => {
  it('schema problems: missing, unknown, empty, malformed action, time zone and record key', () => {
    const json = scenarioWithSchemaProblems();
    json['lead']['localTime'] = '25:00';
    json['patience'] = 99;
    const problems = scenarioIssues(json);
    const texts = Object.fromEntries(problems.map((p) => [p.path, fieldProblemText(p, tKo)]));
    expectKorean(problems);
    expect(texts).toMatchObject({
      opening: ko.fieldError.required,
      colour: ko.fieldError.unknownField,
      'steps.cg-time.says.text.ko': ko.fieldError.empty,
      'steps.kr-mkt.expect[0]': ko.fieldError.format.actionKey,
      'lead.timeZone': ko.fieldError.hint.time_zone,
      'lead.localTime': ko.fieldError.format.time,
      patience: '10 이하여야 합니다.',
      'steps.kr-mkt.after.shout!': `이름이 잘못되었습니다: ${ko.fieldError.format.actionKey}`,
    });
  });

  it('script checks: each has its own Korean text with the ids it names', () => {
    const problems = scenarioIssues(scenarioWithScriptProblems());
    const texts = Object.fromEntries(problems.map((p) => [p.path, fieldProblemText(p, tKo)]));
    expectKorean(problems);
    expect(texts['steps.kr-nothing']).toMatch(/^스크립트 kr-default에 "kr-nothing" 단계가 없습니다/);
    expect(texts['steps.kr-id.expect[0]']).toBe(`"answer:yes"은(는) ${ko.stepKind.question} 단계에만 쓸 수 있습니다. "kr-id" 단계는 ${ko.stepKind.disclosure} 단계입니다.`);
    expect(texts['steps.cg-time.after.answer:maybe']).toMatch(/^"cg-time" 단계에 "maybe" 답이 없습니다/);
    expect(texts['steps.close.expect[0]']).toContain(`${ko.outcome.names.no_time} (no_time)`);

    const us = rawScenario('kr-willing');
    us['campaign']['profile'] = 'US';
    expectKorean(scenarioIssues(us));
    const missing = rawScenario('kr-willing');
    missing['campaign']['script'] = { id: 'kr-default', version: 9 };
    expect(expectKorean(scenarioIssues(missing))).toEqual(['스크립트 kr-default 버전 9이(가) 설치되어 있지 않습니다.']);
    const noAnswer = rawScenario('kr-willing');
    delete noAnswer['steps']['kr-mkt']['says'];
    expectKorean(scenarioIssues(noAnswer));
    const gap = rawScenario('kr-willing');
    delete gap['steps']['kr-source'];
    expectKorean(scenarioIssues(gap));
    const outcome = rawScenario('kr-no-time');
    outcome['expectOutcome'] = ['no_time'];
    expect(expectKorean(scenarioIssues(outcome))[0]).toContain(`${ko.outcome.names.callback} (callback)`);
  });

  it("the API's own codes and pointers: a taken id, a changed id, a stale revision", () => {
    const server: FieldProblem[] = [
      { path: '/scenario/id', message: 'taken', code: 'id_taken', params: { id: 'my-scenario' } },
      { path: '/scenario/id', message: 'must be "a"', code: 'id_fixed', params: { id: 'a' } },
      { path: '/revision', message: 'expected 3', code: 'stale_revision', params: { revision: 3 } },
    ];
    expect(expectKorean(server)[2]).toContain('3판');
    expect(jsonPathOf('/scenario/steps/kr-id/expect/0')).toBe('scenario.steps.kr-id.expect[0]');
    expect(jsonPathOf('/scenario/steps/a~1b/after/answer:x')).toBe('scenario.steps.a/b.after.answer:x');
    // A server format problem at a pointer still gets its field's hint.
    expect(fieldProblemText({ path: '/scenario/steps/kr-id/expect/0', message: 'Invalid string', code: 'invalid_format', params: { format: 'regex' } }, tKo)).toBe(ko.fieldError.format.actionKey);
  });

  it('an unknown code or none: a generic text of the language, never the English message', () => {
    expect(fieldProblemText({ path: 'x', message: 'Something English' }, tKo)).toBe(ko.fieldError.invalid);
    expect(fieldProblemText({ path: 'x', message: 'Something English', code: 'brand_new' }, tEn)).toBe(en.fieldError.invalid);
  });

  it('text that is not JSON: the line and column, not the parser message', () => {
    const text = '{\n  "id": "a",\n  oops\n}';
    let err: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      err = e;
    }
    const p = notJsonProblem(text, err);
    expect(fieldProblemText(p, tKo)).toBe('JSON 형식이 올바르지 않습니다: 3번째 줄 3번째 글자 부근.');
    expect(fieldProblemText(notJsonProblem('', new Error('no position here')), tEn)).toBe(en.fieldError.notJson);
  });
});
