// Semantic checks of loadScript: references, reachability, placeholders, the profile's rules, and the
// static consent check (CG-PITCH-LOCK) over every path of the step graph.
import { describe, expect, it } from 'vitest';
import { loadScript } from '../../../shared/script/load';
import { issuesOf, rawAnswer, rawScript, rawStep } from './fixtures';

describe('CG-PITCH-LOCK: the static consent check', () => {
  it('CG-PITCH-LOCK: a KR script whose time "yes" jumps straight to the pitch is rejected, naming the path', () => {
    const json = rawScript('kr-default');
    rawAnswer(json, 'cg-time', 'yes')['next'] = 'pitch';
    const issues = issuesOf(json);
    const lock = issues.find((i) => i.message.includes('CG-PITCH-LOCK'));
    expect(lock).toMatchObject({ path: 'steps[4]', stepPath: ['kr-id', 'cg-time', 'pitch'] });
    expect(lock?.message).toBe(
      'pitch "pitch" is reachable without marketing_consent answered yes (CG-PITCH-LOCK), along kr-id -> cg-time(yes) -> pitch',
    );
  });

  it('CG-PITCH-LOCK: consent "no" leading to the pitch is rejected (the consent question is passed, but not with yes)', () => {
    const json = rawScript('kr-default');
    rawAnswer(json, 'kr-mkt', 'no')['next'] = 'pitch';
    json.steps = json.steps.filter((s) => s['id'] !== 'end-no-consent');
    const issues = issuesOf(json);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ path: 'steps[4]', stepPath: ['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'pitch'] });
    expect(issues[0]?.message).toContain('kr-mkt(no) -> pitch');
    // The consent declaration says the same from the answer's side: a refusal never leads to a pitch.
    expect(issues[1]).toMatchObject({ path: 'steps[3].answers[1].next', ruleId: 'KR-MKT' });
    expect(issues[1]?.message).toBe('steps[3] "kr-mkt": the refusal "no" can still lead to the pitch "pitch" (a refusal must never unlock the pitch, not even by asking again)');
  });

  it('CG-TIME: a time "no" that leads on to the consent question and the pitch is rejected', () => {
    const json = rawScript('kr-default');
    rawAnswer(json, 'cg-time', 'no')['next'] = 'kr-source';
    json.steps = json.steps.filter((s) => s['id'] !== 'end-no-time');
    const issues = issuesOf(json);
    expect(issues.map((i) => i.message)).toEqual([
      'pitch "pitch" is reachable without time_permission answered yes (CG-PITCH-LOCK), along kr-id -> cg-time(no) -> kr-source -> kr-mkt(yes) -> pitch',
      // CG-TIME: and the consent question speaks of the offer after a "no" to the time question.
      'steps[3] "kr-mkt" speaks of the offer before the time question was answered yes, along kr-id -> cg-time(no) -> kr-source -> kr-mkt',
    ]);
  });

  it('CG-PITCH-LOCK: a loop back that lets a later "no" overwrite the consent is caught', () => {
    // A "let me ask again" question after consent that sets marketing_consent = no but still goes on.
    const json = rawScript('kr-default');
    rawAnswer(json, 'kr-mkt', 'yes')['next'] = 'kr-mkt-again';
    json.steps.push({
      kind: 'question',
      id: 'kr-mkt-again',
      ruleIds: ['KR-MKT'],
      prompt: { ko: '다시 한번 확인드리겠습니다. 동의하십니까?', en: 'Just to confirm: do you agree?' },
      fact: 'marketing_consent',
      consentKind: 'marketing_call',
      grantedBy: ['yes'],
      answers: [
        { id: 'yes', label: { ko: '예', en: 'Yes' }, value: 'yes', next: 'pitch' },
        { id: 'no', label: { ko: '아니요', en: 'No' }, value: 'no', next: 'pitch' },
      ],
    });
    const issues = issuesOf(json);
    expect(issues[0]?.stepPath).toEqual(['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'kr-mkt-again', 'pitch']);
    expect(issues.find((i) => i.path === 'steps[10].answers[1].next')).toMatchObject({ ruleId: 'KR-MKT' });
  });

  it('CG-PITCH-LOCK: removing the consent requirement from a script pitch fails to load', () => {
    const json = rawScript('kr-default');
    rawStep(json, 'pitch')['requires'] = ['time_permission'];
    expect(issuesOf(json)).toEqual([
      {
        path: 'steps[4].requires',
        message: 'a pitch must require time_permission and marketing_consent (CG-PITCH-LOCK); missing marketing_consent',
      },
    ]);
  });

  it('CG-PITCH-LOCK: removing the time requirement from a US pitch fails to load', () => {
    const json = rawScript('us-default');
    rawStep(json, 'pitch')['requires'] = ['marketing_consent'];
    expect(issuesOf(json).map((i) => i.path)).toEqual(['steps[4].requires']);
  });

  it('CG-PITCH-LOCK: a pitch requiring recording consent needs a path that asks for it', () => {
    const json = rawScript('us-default');
    rawStep(json, 'pitch')['requires'] = ['time_permission', 'marketing_consent', 'recording_consent'];
    expect(issuesOf(json)[0]?.message).toMatch(/without recording_consent answered yes/);
  });

  it('KR-MKT: a question that records consent without a fact is rejected', () => {
    const json = rawScript('kr-default');
    delete rawStep(json, 'kr-mkt')['fact'];
    const issues = issuesOf(json);
    expect(issues.map((i) => i.path)).toEqual(['steps[3].answers[0].value', 'steps[3].answers[1].value', 'steps[3].fact']);
    expect(issues[2]).toMatchObject({ ruleId: 'KR-MKT', message: 'steps[3] "kr-mkt": a marketing_call consent question must set the fact "marketing_consent"' });
  });
});

describe('profile rules', () => {
  it('KR-SOURCE: a KR script that skips the source disclosure before the pitch is rejected', () => {
    const json = rawScript('kr-default');
    rawAnswer(json, 'cg-time', 'yes')['next'] = 'kr-mkt';
    json.steps = json.steps.filter((s) => s['id'] !== 'kr-source');
    const issues = issuesOf(json);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'steps[3]', stepPath: ['kr-id', 'cg-time', 'kr-mkt', 'pitch'] });
    expect(issues[0]?.message).toContain('without a KR-SOURCE step');
  });

  it('KR-ID: a KR script must start with the identification', () => {
    const json = rawScript('kr-default');
    rawStep(json, 'kr-id')['ruleIds'] = [];
    const messages = issuesOf(json).map((i) => i.message);
    expect(messages).toContain('profile KR: the first step must serve KR-ID (start "kr-id" does not)');
    expect(messages.some((m) => m.includes('without a KR-ID step'))).toBe(true);
  });

  it('US-DISC: a US script must start with the seller disclosure', () => {
    const json = rawScript('us-default');
    json['start'] = 'us-recnotice';
    const issues = issuesOf(json);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['start', 'steps[0]']));
    expect(issues.find((i) => i.path === 'start')?.message).toContain('US-DISC');
  });

  it('KR-OPTOUT: the opt-out text of a KR script must serve KR-OPTOUT', () => {
    const json = rawScript('kr-default');
    (json['optOut'] as { ruleIds: string[] }).ruleIds = [];
    expect(issuesOf(json)).toMatchObject([{ path: 'optOut.ruleIds', message: 'profile KR: the opt-out text must serve KR-OPTOUT', ruleId: 'KR-OPTOUT' }]);
  });
});

describe('graph and reference checks', () => {
  it('unknown step references name the field', () => {
    const json = rawScript('kr-default');
    rawAnswer(json, 'kr-mkt', 'no')['next'] = 'nowhere';
    rawStep(json, 'kr-id')['next'] = 'cg-tyme';
    json['start'] = 'begin';
    expect(issuesOf(json)).toEqual([
      { path: 'start', message: 'unknown step "begin"' },
      { path: 'steps[0].next', message: 'unknown step "cg-tyme"' },
      { path: 'steps[3].answers[1].next', message: 'unknown step "nowhere"' },
    ]);
  });

  it('duplicate step and answer ids are rejected', () => {
    const json = rawScript('kr-default');
    json.steps.push({ ...rawStep(json, 'close') });
    rawAnswer(json, 'cg-time', 'no')['id'] = 'yes';
    expect(issuesOf(json)).toEqual([
      { path: 'steps[10].id', message: 'duplicate step id "close" (first used at steps[5])' },
      { path: 'steps[1].answers[1].id', message: 'duplicate answer id "yes"' },
    ]);
  });

  it('unreachable steps are rejected', () => {
    const json = rawScript('kr-default');
    json.steps.push({ kind: 'outcome', id: 'orphan', text: { ko: '감사합니다.', en: 'Thank you.' }, outcomes: ['sale'] });
    expect(issuesOf(json)).toEqual([{ path: 'steps[10]', message: 'step "orphan" is unreachable from the start "kr-id"' }]);
  });

  it('a loop without an exit is rejected', () => {
    const json = rawScript('kr-default');
    rawStep(json, 'pitch')['next'] = 'pitch-2';
    json.steps.push({ kind: 'disclosure', id: 'pitch-2', text: { ko: '계속하겠습니다.', en: 'Going on.' }, next: 'pitch-3' });
    json.steps.push({ kind: 'disclosure', id: 'pitch-3', text: { ko: '이어서 말씀드리겠습니다.', en: 'And further.' }, next: 'pitch-2' });
    json.steps = json.steps.filter((s) => s['id'] !== 'close' && s['id'] !== 'kr-3p' && s['id'] !== 'end-no-provision');
    const messages = issuesOf(json).map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['step "pitch-2" never leads to an outcome', 'step "pitch-3" never leads to an outcome']));
  });

  it('an answer needs exactly one of next and outcome', () => {
    const json = rawScript('kr-default');
    rawAnswer(json, 'cg-time', 'no')['outcome'] = 'no_time';
    delete rawAnswer(json, 'kr-mkt', 'no')['next'];
    const issues = issuesOf(json);
    expect(issues.map((i) => i.path)).toEqual(['steps[1].answers[1]', 'steps[3].answers[1]']);
    expect(issues[0]?.message).toBe('an answer needs exactly one of "next" (a step) or "outcome"');
  });

  it('an answer may end the call with an outcome directly', () => {
    const json = rawScript('kr-default');
    delete rawAnswer(json, 'cg-time', 'no')['next'];
    rawAnswer(json, 'cg-time', 'no')['outcome'] = 'no_time';
    json.steps = json.steps.filter((s) => s['id'] !== 'end-no-time');
    expect(loadScript(json).steps).toHaveLength(9);
  });
});

describe('placeholders at load time', () => {
  it('an unknown placeholder is an error naming the text path', () => {
    const json = rawScript('kr-default');
    (rawStep(json, 'kr-id')['text'] as Record<string, string>)['en'] = 'Hello, this is {{agentNmae}}.';
    expect(issuesOf(json)).toEqual([{ path: 'steps[0].text.en', message: 'unknown placeholder {{agentNmae}}' }]);
  });

  it('a malformed placeholder is an error', () => {
    const json = rawScript('kr-default');
    (rawStep(json, 'kr-id')['text'] as Record<string, string>)['ko'] = '안녕하십니까, {{companyName} 상담원입니다.';
    expect(issuesOf(json)[0]).toMatchObject({ path: 'steps[0].text.ko', message: expect.stringMatching(/^malformed placeholder near/) });
  });

  it('KR-SOURCE: provider placeholders are allowed only in bySource.third_party texts', () => {
    const json = rawScript('kr-default');
    const source = rawStep(json, 'kr-source')['text'] as { bySource: { own_customer: Record<string, string> } };
    source.bySource.own_customer['ko'] = '고객님의 연락처는 {{providerName}}에서 받았습니다.';
    (json['refusal'] as { text: Record<string, string> }).text['en'] = 'Consent of {{consentDate}} noted.';
    expect(issuesOf(json)).toEqual([
      { path: 'refusal.text.en', message: '{{consentDate}} exists only for leads from a provider: use it in a bySource.third_party text' },
      { path: 'steps[2].text.bySource.own_customer.ko', message: '{{providerName}} exists only for leads from a provider: use it in a bySource.third_party text' },
    ]);
  });

  it('answer labels take no placeholders', () => {
    const json = rawScript('kr-default');
    (rawAnswer(json, 'cg-time', 'yes')['label'] as Record<string, string>)['ko'] = '{{agentName}}님 예';
    expect(issuesOf(json)).toEqual([{ path: 'steps[1].answers[0].label.ko', message: 'labels and titles are not rendered: no placeholders or braces' }]);
  });
});
