// Consent questions declare their kind and which answers grant them (consentKind + grantedBy); the
// loader refuses a declaration that would let a refusal count as consent, naming the step, rule and fix.
import { describe, expect, it } from 'vitest';
import { consentEffect, isConsentStep } from '../../../shared/script/consent-steps';
import { loadScript } from '../../../shared/script/load';
import { issuesOf, KR, rawScript, rawStep, US } from './fixtures';

describe('consent declaration: consentKind + grantedBy', () => {
  it('KR-MKT: the default scripts declare their consent questions', () => {
    const kr = KR.steps.find((s) => s.id === 'kr-mkt');
    const us = US.steps.find((s) => s.id === 'us-consent');
    expect(kr && isConsentStep(kr) && kr.grantedBy).toEqual(['yes']);
    expect(us && isConsentStep(us) && us.consentKind).toBe('marketing_call');
  });

  it('KR-MKT: consentEffect says which answers grant and which refuse', () => {
    const kr = KR.steps.find((s) => s.id === 'kr-mkt');
    const time = KR.steps.find((s) => s.id === 'cg-time');
    if (!kr || !time) throw new Error('default script changed');
    expect(consentEffect(kr, 'yes')).toBe('granted');
    expect(consentEffect(kr, 'no')).toBe('refused');
    expect(consentEffect(time, 'yes')).toBeUndefined();
  });

  it('KR-MKT: a consent question without its consentKind is refused, with the rule and the fix', () => {
    const json = rawScript('kr-default');
    delete rawStep(json, 'kr-mkt')['consentKind'];
    const issues = issuesOf(json);
    expect(issues[0]).toEqual({
      path: 'steps[3].consentKind',
      message: 'steps[3] "kr-mkt": sets the consent fact "marketing_consent" but does not declare itself a consent question',
      ruleId: 'KR-MKT',
      fix: 'declare "consentKind": "marketing_call" and "grantedBy": [the id of the answer that means yes].',
    });
    expect(() => loadScript(json)).toThrow(/\[KR-MKT\] Fix: declare "consentKind": "marketing_call"/);
  });

  it('KR-MKT: a consent question that does not say which answer grants it is refused', () => {
    const json = rawScript('kr-default');
    delete rawStep(json, 'kr-mkt')['grantedBy'];
    expect(issuesOf(json)).toMatchObject([{ path: 'steps[3].grantedBy', ruleId: 'KR-MKT' }]);
  });

  it('KR-MKT: the "no" answer giving the consent fact "yes" is refused', () => {
    const json = rawScript('kr-default');
    const no = rawStep(json, 'kr-mkt').answers[1] as Record<string, unknown>;
    no['value'] = 'yes';
    no['next'] = 'pitch';
    const issues = issuesOf(json);
    expect(issues.map((i) => i.path)).toContain('steps[3].answers[1].value');
    expect(issues.find((i) => i.path === 'steps[3].answers[1].value')?.ruleId).toBe('KR-MKT');
  });

  it('KR-MKT: a refusal listed as granting ("아니요" in grantedBy) is refused by its label', () => {
    const json = rawScript('kr-default');
    const s = rawStep(json, 'kr-mkt');
    s['grantedBy'] = ['yes', 'no'];
    (s.answers[1] as Record<string, unknown>)['value'] = 'yes';
    (s.answers[1] as Record<string, unknown>)['next'] = 'pitch';
    const issues = issuesOf(json);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['steps[3].grantedBy', 'steps[3].answers[1].label']));
  });

  it('CG-PITCH-LOCK: grantedBy must name answers of the question', () => {
    const json = rawScript('us-default');
    rawStep(json, 'us-consent')['grantedBy'] = ['sure'];
    const issues = issuesOf(json);
    expect(issues[0]).toMatchObject({ path: 'steps[3].grantedBy[0]', ruleId: 'CG-PITCH-LOCK', fix: 'use one of: yes, no.' });
    // ... and "yes", no longer granting, may not give the fact "yes" either.
    expect(issues.map((i) => i.path)).toContain('steps[3].answers[0].value');
  });

  it('KR-MKT: grantedBy without consentKind on a plain question is refused', () => {
    const json = rawScript('kr-default');
    rawStep(json, 'cg-time')['grantedBy'] = ['yes'];
    expect(issuesOf(json)).toMatchObject([{ path: 'steps[1].consentKind' }]);
  });
});
