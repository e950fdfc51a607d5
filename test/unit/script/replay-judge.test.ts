import { describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { judgeEvent, judgeOutcome } from '../../../shared/script/replay-judge';
import { ScriptRun, type ScriptAction } from '../../../shared/script/script-run';
import { call, clock, context, idFactory, KR, RECIPIENTS } from './fixtures';

// The server's judge (issue 11): the desk's run makes the events; a second run on the server, fed only
// the events, must accept exactly those and refuse what the script could not have produced.
function pair(recipients = RECIPIENTS) {
  const make = () => new ScriptRun({ script: KR, call: call('ko'), context: context(undefined, recipients), now: clock(), newId: idFactory() });
  return { desk: make(), server: make() };
}

async function act(run: ScriptRun, action: ScriptAction): Promise<ConsentEvent> {
  let made: ConsentEvent | undefined;
  await run.perform(action, (e) => {
    made = e;
  });
  return made!;
}

const pitchEvent = (like: ConsentEvent, seq: number): ConsentEvent => ({ ...like, seq, stepId: 'pitch', kind: 'pitch', answer: 'delivered', ruleIds: ['CG-PITCH-LOCK'] });

describe('judgeEvent', () => {
  it('accepts every event of a full sale in order, and the run ends where the desk did', async () => {
    const { desk, server } = pair();
    const actions: ScriptAction[] = [
      { type: 'confirm' },
      { type: 'answer', answerId: 'yes' },
      { type: 'confirm' },
      { type: 'answer', answerId: 'yes' },
      { type: 'deliver_pitch' },
      { type: 'answer', answerId: 'yes' },
      { type: 'record_outcome', outcome: 'sale' },
    ];
    for (const a of actions) expect(judgeEvent(server, await act(desk, a), 'KR')).toBeNull();
    expect(server.snapshot()).toEqual(desk.snapshot());
    expect(judgeOutcome(server, 'sale')).toBeNull();
  });

  it('refuses a pitch before time and consent (CG-PITCH-LOCK), after "no time" (CG-TIME), after consent "no" (KR-MKT); the run does not move', async () => {
    const a = pair();
    const first = await act(a.desk, { type: 'confirm' });
    expect(judgeEvent(a.server, first, 'KR')).toBeNull();
    const before = a.server.snapshot();
    expect(judgeEvent(a.server, pitchEvent(first, 1), 'KR')?.ruleId).toBe('CG-PITCH-LOCK');
    expect(a.server.snapshot()).toBe(before);
    expect(a.server.pending).toBeUndefined();

    const b = pair();
    expect(judgeEvent(b.server, await act(b.desk, { type: 'confirm' }), 'KR')).toBeNull();
    const noTime = await act(b.desk, { type: 'answer', answerId: 'no' });
    expect(judgeEvent(b.server, noTime, 'KR')).toBeNull();
    expect(judgeEvent(b.server, pitchEvent(noTime, 2), 'KR')?.ruleId).toBe('CG-TIME');

    const c = pair();
    for (const x of [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'confirm' }] as ScriptAction[]) judgeEvent(c.server, await act(c.desk, x), 'KR');
    const noConsent = await act(c.desk, { type: 'answer', answerId: 'no' });
    expect(judgeEvent(c.server, noConsent, 'KR')).toBeNull();
    expect(judgeEvent(c.server, pitchEvent(noConsent, 4), 'KR')?.ruleId).toBe('KR-MKT');
  });

  it('refuses another script version, a step the run is not on, a consent kind the step does not record, and anything after an opt-out', async () => {
    const { desk, server } = pair();
    const e = await act(desk, { type: 'confirm' });
    expect(judgeEvent(server, { ...e, scriptVersion: 2 }, 'KR')?.ruleId).toBe('CG-SCRIPT');
    expect(judgeEvent(server, { ...e, stepId: 'kr-source' }, 'KR')?.ruleId).toBe('CG-SCRIPT');
    expect(judgeEvent(server, { ...e, consentKind: 'marketing_call' }, 'KR')?.ruleId).toBe('CG-SCRIPT');
    expect(judgeEvent(server, e, 'KR')).toBeNull();
    const out = await act(desk, { type: 'opt_out' });
    expect(judgeEvent(server, out, 'KR')).toBeNull();
    expect(judgeEvent(server, { ...out, seq: 2, kind: 'answer', answer: 'yes', stepId: 'cg-time' }, 'KR')?.ruleId).toBe('KR-OPTOUT');
  });
});

describe('judgeOutcome', () => {
  it('no sale without a pitch, without the provision consent (KR-3P), after a refusal; after an opt-out only opt_out', async () => {
    const { desk, server } = pair();
    for (const x of [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'confirm' }, { type: 'answer', answerId: 'yes' }] as ScriptAction[]) {
      judgeEvent(server, await act(desk, x), 'KR');
    }
    expect(judgeOutcome(server, 'sale')?.ruleId).toBe('CG-PITCH-LOCK');
    expect(judgeOutcome(server, 'callback')).toBeNull();
    judgeEvent(server, await act(desk, { type: 'deliver_pitch' }), 'KR');
    expect(judgeOutcome(server, 'sale')?.ruleId).toBe('KR-3P');
    judgeEvent(server, await act(desk, { type: 'refuse' }), 'KR');
    expect(judgeOutcome(server, 'sale')?.ruleId).toBe('CG-SCRIPT');
    expect(judgeOutcome(server, 'not_interested')).toBeNull();

    const o = pair();
    judgeEvent(o.server, await act(o.desk, { type: 'confirm' }), 'KR');
    judgeEvent(o.server, await act(o.desk, { type: 'opt_out' }), 'KR');
    expect(judgeOutcome(o.server, 'not_interested')?.ruleId).toBe('KR-OPTOUT');
    expect(judgeOutcome(o.server, 'opt_out')).toBeNull();
  });
});
