// Steps read only when their condition holds (KR-3P with recipients; US-RECNOTICE where the state
// requires it) and the sale lock of a campaign that hands data to recipients.
import { describe, expect, it } from 'vitest';
import { recordingNoticeRequired, spokenLocaleFor } from '../../../shared/script/profile-rules';
import { renderContextFor } from '../../../shared/script/render';
import { SaleLockedError } from '../../../shared/script/run-errors';
import { ScriptRun, type ScriptAction } from '../../../shared/script/script-run';
import { call, clock, context, DE, idFactory, KR, OWN_SOURCE, RECIPIENTS, US } from './fixtures';

const walk = (run: ScriptRun, actions: ScriptAction[]) => {
  for (const a of actions) run.commit(run.propose(a).event);
};
const toPitch: ScriptAction[] = [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'deliver_pitch' }];

describe('KR-3P: the provision consent in the call', () => {
  it('KR-3P: with recipients, the pitch leads to the provision consent, which reads every recipient with purpose, items and retention', () => {
    const run = new ScriptRun({ script: KR, call: call('en'), context: context(OWN_SOURCE, RECIPIENTS), now: clock(), newId: idFactory() });
    walk(run, toPitch);
    expect(run.currentStep.id).toBe('kr-3p');
    expect(run.prompt).toContain(
      '(1) recipient: Saebom Insurance; purpose: concluding and performing the insurance contract; items: name, mobile number, date of birth; kept: five years after the contract ends (2) recipient: Korea Credit Info; purpose: underwriting; items: name; kept: one year after underwriting',
    );
    expect(run.prompt).toContain('You have the right to refuse');
  });

  it('KR-3P: a sale is locked until the provision consent is yes; a "no" ends without a sale', () => {
    const run = new ScriptRun({ script: KR, call: call('ko'), context: context(OWN_SOURCE, RECIPIENTS), now: clock(), newId: idFactory() });
    walk(run, toPitch);
    expect(run.saleLocked).toBe(true);
    const refused = new ScriptRun({ script: KR, call: call('ko'), context: context(OWN_SOURCE, RECIPIENTS), now: clock(), newId: idFactory() });
    walk(refused, [...toPitch, { type: 'answer', answerId: 'no' }]);
    expect(refused.currentStep.id).toBe('end-no-provision');
    expect(refused.availableActions.some((a) => a.type === 'record_outcome' && a.outcome === 'sale')).toBe(false);
    walk(run, [{ type: 'answer', answerId: 'yes' }]);
    expect(run.events.at(-1)).toMatchObject({ stepId: 'kr-3p', answer: 'yes', consentKind: 'third_party_provision', ruleIds: ['KR-3P'] });
    expect(run.saleLocked).toBe(false);
    walk(run, [{ type: 'record_outcome', outcome: 'sale' }]);
    expect(run.outcome?.code).toBe('sale');
  });

  it('KR-3P: the engine alone refuses a sale without the provision consent (a script wired around the step)', () => {
    const unsafe = { ...KR, steps: KR.steps.map((s) => (s.id === 'pitch' ? { ...s, next: 'close' } : s)) };
    const run = new ScriptRun({ script: unsafe, call: call('ko'), context: context(OWN_SOURCE, RECIPIENTS), now: clock(), newId: idFactory() });
    walk(run, toPitch);
    expect(run.currentStep.id).toBe('close');
    expect(() => run.propose({ type: 'record_outcome', outcome: 'sale' })).toThrow(SaleLockedError);
    expect(run.availableActions.map((a) => (a.type === 'record_outcome' ? a.outcome : a.type))).not.toContain('sale');
  });

  it('KR-3P: when the seller calls itself (no recipients) the step is not read and a sale needs nothing more', () => {
    const run = new ScriptRun({ script: KR, call: call('ko'), context: context(OWN_SOURCE), now: clock(), newId: idFactory() });
    walk(run, toPitch);
    expect(run.currentStep.id).toBe('close');
    walk(run, [{ type: 'record_outcome', outcome: 'sale' }]);
    expect(run.events.map((e) => e.stepId)).toEqual(['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'pitch', 'close']);
  });
});

describe('US-RECNOTICE: announced where the callee\'s state requires it (state list as profile data)', () => {
  const usContext = (region: string | undefined) =>
    renderContextFor({
      campaign: { purpose: { ko: '안내', en: 'offer' }, product: { ko: '태양광', en: 'solar panels' }, profile: 'US' },
      callingCompany: { name: { ko: '시더', en: 'Cedar' }, contactNumber: '(800) 555-0199' },
      sellerCompany: { name: { ko: '시더', en: 'Cedar' } },
      lead: { source: OWN_SOURCE, timeZone: 'America/Los_Angeles', ...(region !== undefined ? { region } : {}) },
      agentName: 'Sam',
    });
  const steps = (region: string | undefined) => {
    const { calleeTimeZone: _tz, ...ctx } = usContext(region);
    const run = new ScriptRun({ script: US, call: call('en', { calleeTimeZone: 'America/Los_Angeles' }), context: ctx, now: clock(), newId: idFactory() });
    walk(run, [{ type: 'confirm' }]);
    return run.currentStep.id;
  };

  it('US-RECNOTICE: California (all-party consent) hears the notice; Texas does not; an unknown state hears it', () => {
    expect(recordingNoticeRequired('US', 'US-CA')).toBe(true);
    expect(recordingNoticeRequired('US', 'US-TX')).toBe(false);
    expect(steps('US-CA')).toBe('us-recnotice');
    expect(steps('US-TX')).toBe('cg-time');
    expect(steps(undefined)).toBe('us-recnotice');
  });
});

describe('DE: German callees are spoken to in German', () => {
  it('DE-CONSENT: the DE script renders its German text and records locale "de"', () => {
    expect(spokenLocaleFor('DE', 'ko')).toBe('de');
    expect(spokenLocaleFor('KR', 'en')).toBe('en');
    const run = new ScriptRun({ script: DE, call: call('de', { calleeTimeZone: 'Europe/Berlin' }), context: context(OWN_SOURCE), now: clock(), newId: idFactory() });
    walk(run, [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }]);
    expect(run.prompt).toContain('jederzeit kostenlos widerrufen');
    expect(run.events[0]?.locale).toBe('de');
  });
});

describe('EU-ART7: each consent can be proven (who, what text, when, how, withdrawal explained)', () => {
  it('EU-ART7: a DE consent event holds who, the exact text and its hash, when, how, and the text explains the withdrawal', () => {
    const run = new ScriptRun({ script: DE, call: call('de', { calleeTimeZone: 'Europe/Berlin' }), context: context(OWN_SOURCE), now: clock(), newId: idFactory() });
    walk(run, [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'answer', answerId: 'yes' }]);
    const consent = run.events.find((e) => e.consentKind === 'marketing_call');
    expect(consent).toMatchObject({ leadId: 'lead-1', agentId: 'agent-7', callId: 'call-1', sipCallId: 'abc123@127.0.0.1', kind: 'answer', answer: 'yes', locale: 'de' });
    expect(consent?.occurredAt).toMatch(/Z$/);
    expect(consent?.promptSha256).toHaveLength(64);
    // The loader refuses a UK/DE consent text that does not explain the withdrawal (script-mutations.test.ts).
    expect(consent?.promptText).toMatch(/widerrufen/);
  });
});
