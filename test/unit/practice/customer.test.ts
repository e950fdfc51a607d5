import { describe, expect, it } from 'vitest';
import { SimulatedCustomer, type CustomerReply } from '../../../shared/practice/customer';
import { DEFAULT_PAUSE_MS, minReadMs, readAloudMs } from '../../../shared/practice/pace';
import { practiceSetup } from '../../../shared/practice/practice-call';
import { ScriptRun, type ScriptAction } from '../../../shared/script/script-run';
import { idFactory, play, scenario, scriptOf, T0 } from './fixtures';

function start(id: string, locale: 'ko' | 'en' = 'ko') {
  const s = scenario(id);
  const script = scriptOf(s);
  const setup = practiceSetup(s, { locale, callId: 'call-1', agentId: 'user-agent1', agentName: '김하준', startedAt: new Date(T0) });
  const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: () => new Date(T0), newId: idFactory() });
  const customer = new SimulatedCustomer(s, script, locale);
  /** The agent takes `action` on the run; the customer reacts to the change. */
  const act = (action: ScriptAction): CustomerReply => {
    const before = run.snapshot();
    run.commit(run.propose(action).event);
    return customer.react(before, action, run);
  };
  return { s, script, run, customer, act };
}

describe('simulated customer', () => {
  it('picks up, then answers the first step once the agent could have read half of it', () => {
    const { run, customer } = start('kr-willing');
    const reply = customer.answer(run);
    expect(reply.hangUp).toBe(false);
    expect(reply.lines.map((l) => [l.kind, l.text])).toEqual([
      ['opening', '여보세요?'],
      ['answer', '네, 말씀하세요.'],
    ]);
    expect(reply.lines[0]?.atMs).toBe(500);
    expect(reply.lines[1]?.atMs).toBe(minReadMs(run.prompt, 'ko') + DEFAULT_PAUSE_MS);
  });

  it('reading pace: Korean 8 and English 16 characters per second', () => {
    expect(readAloudMs('가'.repeat(80), 'ko')).toBe(10_000);
    expect(readAloudMs('a'.repeat(80), 'en')).toBe(5_000);
    expect(minReadMs('a'.repeat(80), 'en')).toBe(2_500);
  });

  it('CG-TIME: the no-time customer says so at the time question; after "no" the next line comes in English too', () => {
    const { run, customer, act } = start('kr-no-time', 'en');
    customer.answer(run);
    let reply = act({ type: 'confirm' });
    expect(reply.lines).toEqual([expect.objectContaining({ kind: 'answer', stepId: 'cg-time', moment: 'no_time', text: expect.stringMatching(/I'm driving/) })]);
    reply = act({ type: 'answer', answerId: 'no' });
    expect(reply.lines.map((l) => l.text)).toEqual(['Yes, call me tomorrow at about three.']);
    expect(customer.strikes).toBe(0);
  });

  it('branches: an unexpected action gets the scenario branch line, counts a strike, and the call goes on', () => {
    const { run, customer, act } = start('kr-no-time');
    customer.answer(run);
    act({ type: 'confirm' });
    const reply = act({ type: 'answer', answerId: 'yes' });
    expect(customer.strikes).toBe(1);
    expect(reply.hangUp).toBe(false);
    expect(reply.lines[0]).toMatchObject({ kind: 'branch', text: expect.stringMatching(/운전 중입니다/), mood: 'annoyed', atMs: 600 });
    // kr-source is a disclosure the scenario says nothing about: the customer stays silent there.
    expect(reply.lines).toHaveLength(1);
  });

  it('KR-OPTOUT: continuing after "remove me" gets an off-script complaint; a second wrong action and the customer hangs up', () => {
    const { run, customer, act } = start('kr-remove-me');
    customer.answer(run);
    act({ type: 'confirm' });
    let reply = act({ type: 'answer', answerId: 'yes' });
    expect(reply.lines[0]).toMatchObject({ kind: 'off_script', moment: 'remove_me', text: expect.stringMatching(/모든 명단에서 지워/) });
    expect(reply.hangUp).toBe(false);
    // Still pushing on: the source notice is confirmed (no entry: expected), then the consent is asked.
    reply = act({ type: 'confirm' });
    expect(reply.lines.map((l) => l.kind)).toEqual(['answer']);
    reply = act({ type: 'answer', answerId: 'yes' });
    // kr-mkt has no entry in this scenario: any action is acceptable there, no strike.
    expect(customer.strikes).toBe(1);
  });

  it('the angry customer has patience 1: a refusal instead of the opt-out gets the branch line, then the hang-up', () => {
    const played = play(scenario('kr-angry'), { actions: { 'cg-time': 'answer:no' } });
    const kinds = played.lines.map((l) => l.kind);
    expect(kinds).toEqual(['opening', 'answer', 'answer', 'branch', 'hang_up']);
    expect(played.customer.hungUp).toBe(true);
    expect(played.events.at(-1)).toMatchObject({ kind: 'aborted', practice: true });
  });

  it('KR-OPTOUT: the expected opt-out ends the call with the customer\'s last words and no strike', () => {
    const played = play(scenario('kr-remove-me'));
    expect(played.customer.strikes).toBe(0);
    expect(played.lines.at(-1)).toMatchObject({ kind: 'ending', text: '네, 꼭 그렇게 처리해 주십시오. 수고하세요.' });
    expect(played.run.state).toBe('opted_out');
  });

  it('is deterministic: the same actions give the same lines at the same times', () => {
    const a = play(scenario('kr-asks-source'));
    const b = play(scenario('kr-asks-source'));
    expect(a.lines).toEqual(b.lines);
    expect(a.lines.every((l, i) => i === 0 || l.at >= (a.lines[i - 1]?.at ?? 0))).toBe(true);
  });

  it('after the customer hung up or the agent aborted, nothing more is said', () => {
    const { run, customer, act } = start('kr-willing');
    customer.answer(run);
    expect(act({ type: 'abort' })).toEqual({ lines: [], hangUp: false });
  });
});
