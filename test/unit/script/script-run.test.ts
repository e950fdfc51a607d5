// ScriptRun unit tests: the default KR and US scripts walked step by step (each rule id), the
// two-phase propose/commit protocol, refused actions, and the evidence each event carries.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConsentEventSchema, type ConsentEvent } from '../../../shared/domain/consent-event';
import { sha256Hex } from '../../../shared/domain/hash';
import type { ScriptDefinition } from '../../../shared/script/definition';
import { RenderError } from '../../../shared/script/render';
import {
  ActionNotAvailableError,
  EventPendingError,
  ForeignEventError,
  InvalidActionError,
  OutcomeNotAllowedError,
  PitchLockedError,
  RunFinishedError,
  ScriptRunError,
  UnknownAnswerError,
} from '../../../shared/script/run-errors';
import { ScriptRun, SCRIPT_RUN_TRANSITIONS, type ScriptAction } from '../../../shared/script/script-run';
import { call, clock, context, idFactory, KR, newRun, OWN_SOURCE, US } from './fixtures';

/** propose + commit, returning the event. */
function act(run: ScriptRun, action: ScriptAction): ConsentEvent {
  const { event } = run.propose(action);
  run.commit(event);
  return event;
}

const confirm: ScriptAction = { type: 'confirm' };
const yes: ScriptAction = { type: 'answer', answerId: 'yes' };
const no: ScriptAction = { type: 'answer', answerId: 'no' };

/** Walks the KR script to the given step with time and consent yes. */
function krAt(stepId: 'kr-id' | 'cg-time' | 'kr-source' | 'kr-mkt' | 'pitch' | 'close', source = undefined as Parameters<typeof newRun>[2]): ScriptRun {
  const run = newRun(KR, 'ko', source);
  const path: ScriptAction[] = [confirm, yes, confirm, yes, { type: 'deliver_pitch' }];
  const order = ['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'pitch', 'close'];
  for (const a of path.slice(0, order.indexOf(stepId))) act(run, a);
  expect(run.currentStep.id).toBe(stepId);
  return run;
}

describe('KR default script', () => {
  it('KR-ID: the call opens with the identification: sales call, company, agent, goods', () => {
    const run = newRun(KR, 'ko');
    expect(run.state).toBe('reading');
    expect(run.currentStep).toMatchObject({ id: 'kr-id', ruleIds: ['KR-ID'] });
    expect(run.prompt).toBe(
      '안녕하십니까, 고객님. 한국텔레서비스 상담원 김민지입니다. 이 전화는 새봄손해보험의 새봄 운전자보험 판매를 권유하기 위한 광고 전화임을 먼저 알려 드립니다.',
    );
    expect(() => run.propose(yes)).toThrow(ActionNotAvailableError);
    const event = act(run, confirm);
    expect(event).toMatchObject({ seq: 0, stepId: 'kr-id', kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-ID'] });
  });

  it('KR-ID: the English text names the same four things', () => {
    const run = newRun(KR, 'en');
    expect(run.prompt).toBe(
      'Hello, this is 김민지 from Korea Teleservice. Before anything else: this is a sales call about Saebom Driver Insurance, offered by Saebom Insurance.',
    );
  });

  it('CG-TIME: time is asked right after the identification, before the source or the offer', () => {
    const run = krAt('cg-time');
    expect(run.state).toBe('asking');
    expect(run.prompt).toBe('지금 잠시 통화 괜찮으십니까?');
    expect(run.availableActions).toEqual([yes, no, { type: 'opt_out' }, { type: 'refuse' }, { type: 'abort' }]);
  });

  it('CG-TIME: "no" ends politely and may record a callback at the time named; the pitch stays locked', () => {
    const run = krAt('cg-time');
    const answer = act(run, no);
    expect(answer).toMatchObject({ stepId: 'cg-time', kind: 'answer', answer: 'no', ruleIds: ['CG-TIME'] });
    expect(run.facts).toEqual({ time_permission: 'no' });
    expect(run.state).toBe('closing');
    expect(run.currentStep.id).toBe('end-no-time');
    expect(run.prompt).toContain('편하신 시간을 말씀해 주시면 그때 다시 연락드리겠습니다');
    expect(run.pitchLocked).toBe(true);
    expect(() => run.propose({ type: 'deliver_pitch' })).toThrow(ActionNotAvailableError);
    expect(() => run.propose({ type: 'record_outcome', outcome: 'sale' })).toThrow(OutcomeNotAllowedError);
    const end = act(run, { type: 'record_outcome', outcome: 'callback', callbackAt: '2025-06-02T09:00:00Z' });
    expect(end).toMatchObject({ kind: 'outcome', answer: 'callback', stepId: 'end-no-time' });
    expect(run.state).toBe('completed');
    expect(run.outcome).toEqual({ code: 'callback', stepId: 'end-no-time', partial: false, callbackAt: '2025-06-02T09:00:00Z' });
    expect(run.events.map((e) => e.stepId)).not.toContain('pitch');
  });

  it('KR-SOURCE: a provider lead is told the provider, the date and how the number was obtained', () => {
    const run = krAt('kr-source');
    expect(run.prompt).toBe(
      '안내에 앞서 당사가 고객님의 연락처를 어떤 경로로 알게 되었는지 말씀드리겠습니다. 고객님께서 2025년 3월 14일에 한빛리서치의 경품 이벤트 응모 과정에서 ' +
        '개인정보 제3자 제공에 동의해 주셨고, 그 동의에 따라 당사가 한빛리서치 측으로부터 연락처를 제공받았습니다.',
    );
    const event = act(run, confirm);
    expect(event).toMatchObject({ kind: 'disclosure', stepId: 'kr-source', ruleIds: ['KR-SOURCE'], promptSha256: sha256Hex(event.promptText) });
  });

  it('hashes prompts with the injected SHA-256 (the server passes Node\'s crypto), the pure one by default, same digests', () => {
    const seen: string[] = [];
    const nodeSha256 = (text: string): string => {
      seen.push(text);
      return createHash('sha256').update(text, 'utf8').digest('hex');
    };
    const injected = new ScriptRun({ script: KR, call: call('ko'), context: context(OWN_SOURCE), now: clock(), newId: idFactory(), sha256: nodeSha256 });
    const pure = new ScriptRun({ script: KR, call: call('ko'), context: context(OWN_SOURCE), now: clock(), newId: idFactory() });
    const a = act(injected, confirm);
    const b = act(pure, confirm);
    expect(seen).toEqual([a.promptText]);
    expect(a.promptSha256).toBe(b.promptSha256);
    expect(b.promptSha256).toBe(sha256Hex(b.promptText));
  });

  it('KR-SOURCE: an own customer is told where and when they gave the number', () => {
    const run = krAt('kr-source', OWN_SOURCE);
    expect(run.prompt).toContain('고객님의 연락처는 2025년 3월 당사 온라인몰 회원 가입 당시 고객님께서 당사에 직접 제공해 주신 정보입니다.');
  });

  it('KR-MKT: the consent content is read, the question is explicit, refusing costs nothing', () => {
    const run = krAt('kr-mkt');
    expect(run.prompt).toContain('한국텔레서비스에서 고객님의 성함과 연락처를 보험 상품 안내 목적으로 이용');
    expect(run.prompt).toContain('동의일로부터 2년간 또는 동의를 철회하실 때까지 보유');
    expect(run.prompt).toContain('이 동의는 선택 사항으로, 동의하지 않으셔도 현재 이용 중인 서비스에는 아무런 불이익이 없습니다.');
    expect(run.prompt.endsWith('전화를 통한 상품 안내에 동의하십니까?')).toBe(true);
    expect(run.pitchLocked).toBe(true);
    const event = act(run, yes);
    expect(event).toMatchObject({ kind: 'answer', answer: 'yes', consentKind: 'marketing_call', ruleIds: ['KR-MKT', 'KR-OPTOUT'] });
    expect(run.state).toBe('pitching');
    expect(run.pitchLocked).toBe(false);
  });

  it('KR-MKT: "no" ends the call, says existing service is unaffected, records refused_consent', () => {
    const run = krAt('kr-mkt');
    const event = act(run, no);
    expect(event).toMatchObject({ answer: 'no', consentKind: 'marketing_call' });
    expect(run.currentStep.id).toBe('end-no-consent');
    expect(run.prompt).toContain('동의하지 않으셔도 현재 이용 중인 서비스에는 아무런 영향이 없습니다');
    expect(run.availableActions.filter((a) => a.type === 'record_outcome')).toEqual([{ type: 'record_outcome', outcome: 'refused_consent' }]);
    act(run, { type: 'record_outcome', outcome: 'refused_consent' });
    expect(run.outcome?.code).toBe('refused_consent');
  });

  it('KR-OPTOUT: the consent question tells how to withdraw, free of charge', () => {
    const run = krAt('kr-mkt');
    expect(run.prompt).toContain('통화 중 말씀하시거나 080-123-4567번으로 연락 주시면 언제든지 무료로 철회하실 수 있습니다');
  });

  it.each(['kr-id', 'cg-time', 'kr-source', 'kr-mkt', 'pitch', 'close'] as const)(
    'KR-OPTOUT: opting out at %s ends the run at once, withdraws marketing consent and says it is free',
    (stepId) => {
      const run = krAt(stepId);
      expect(run.availableActions).toContainEqual({ type: 'opt_out' });
      const event = act(run, { type: 'opt_out' });
      expect(event).toMatchObject({ kind: 'opt_out', answer: 'opt_out', stepId, consentKind: 'marketing_call', ruleIds: ['KR-OPTOUT'] });
      expect(event.promptText).toContain('지금 바로 수신거부 처리해 드리겠습니다');
      expect(event.promptText).toContain('비용이 들지 않으며');
      expect(run.state).toBe('opted_out');
      expect(run.outcome).toEqual({ code: 'opt_out', stepId, partial: false });
      expect(run.availableActions).toEqual([]);
      expect(() => run.propose({ type: 'deliver_pitch' })).toThrow(RunFinishedError);
    },
  );

  it('KR-OPTOUT: refusing to go on ends the run and still tells how to refuse calls for free', () => {
    const run = krAt('kr-source');
    const event = act(run, { type: 'refuse' });
    expect(event).toMatchObject({ kind: 'refusal', answer: 'refused', stepId: 'kr-source' });
    expect(event.promptText).toContain('무료로 수신거부하실 수 있습니다');
    expect(run.state).toBe('refused');
    expect(run.outcome?.code).toBe('not_interested');
  });

  it('CG-PITCH-LOCK: the full path delivers the pitch only after time and consent are yes', () => {
    const run = krAt('pitch');
    expect(run.facts).toEqual({ time_permission: 'yes', marketing_consent: 'yes' });
    const pitch = act(run, { type: 'deliver_pitch' });
    expect(pitch).toMatchObject({ kind: 'pitch', answer: 'delivered', stepId: 'pitch', seq: 4 });
    act(run, { type: 'record_outcome', outcome: 'sale' });
    expect(run.events.map((e) => `${e.seq}:${e.stepId}:${e.answer}`)).toEqual([
      '0:kr-id:confirmed',
      '1:cg-time:yes',
      '2:kr-source:confirmed',
      '3:kr-mkt:yes',
      '4:pitch:delivered',
      '5:close:sale',
    ]);
  });
});

describe('US default script', () => {
  it('US-DISC: the first thing said: seller, that the purpose is to sell, the goods, the caller, a number', () => {
    const run = newRun(US, 'en');
    expect(run.currentStep).toMatchObject({ id: 'us-disc', ruleIds: ['US-DISC'] });
    expect(run.prompt).toBe(
      "Hello, my name is 김민지, and I'm calling from Korea Teleservice. This is a sales call: the purpose of this call is to sell you " +
        'Saebom Driver Insurance from Saebom Insurance. If you need to reach us, our number is 080-123-4567.',
    );
    expect(act(run, confirm)).toMatchObject({ seq: 0, stepId: 'us-disc', ruleIds: ['US-DISC'] });
  });

  it('US-RECNOTICE: the recording notice comes right after the disclosure, before time and pitch', () => {
    const run = newRun(US, 'en');
    act(run, confirm);
    expect(run.currentStep).toMatchObject({ id: 'us-recnotice', ruleIds: ['US-RECNOTICE'] });
    expect(run.prompt).toBe('Please note that this call is being recorded for quality and compliance purposes.');
    const notice = act(run, confirm);
    expect(notice).toMatchObject({ kind: 'disclosure', stepId: 'us-recnotice', ruleIds: ['US-RECNOTICE'] });
    expect(run.currentStep.id).toBe('cg-time');
  });

  it('CG-PITCH-LOCK: US pitch needs time and consent too; US opt-out puts the number on the company list', () => {
    const run = newRun(US, 'ko');
    act(run, confirm);
    act(run, confirm);
    act(run, yes);
    expect(run.currentStep.id).toBe('us-consent');
    expect(run.pitchLocked).toBe(true);
    const optOut = act(run, { type: 'opt_out' });
    expect(optOut.ruleIds).toEqual(['US-IDNC']);
    expect(optOut.promptText).toContain('통화 거부 목록에 등록하겠습니다');
  });
});

describe('two-phase protocol', () => {
  it('propose changes nothing visible; commit moves the run and records the event', () => {
    const run = newRun();
    const before = run.snapshot();
    const proposal = run.propose(confirm);
    expect(run.snapshot()).toBe(before);
    expect(run.events).toEqual([]);
    expect(run.pending).toBe(proposal.event);
    expect(run.availableActions).toEqual([]);
    expect(proposal.next).toMatchObject({ state: 'asking', stepId: 'cg-time', seq: 1 });
    expect(run.commit(proposal.event)).toBe(proposal.next);
    expect(run.snapshot()).toBe(proposal.next);
    expect(run.events).toEqual([proposal.event]);
    expect(run.pending).toBeUndefined();
  });

  it('only one proposal may be pending (no two events share a seq)', () => {
    const run = newRun();
    const { event } = run.propose(confirm);
    expect(() => run.propose({ type: 'opt_out' })).toThrow(EventPendingError);
    run.discard(event);
    expect(run.propose({ type: 'opt_out' }).event.seq).toBe(0);
  });

  it('the run never moves on an event it did not emit', () => {
    const run = newRun();
    const { event } = run.propose(confirm);
    const forged = { ...event, answer: 'yes' };
    expect(() => run.commit(forged)).toThrow(ForeignEventError);
    expect(() => run.commit({ ...event, eventId: '01890000-0000-7000-8000-0000000000ff' })).toThrow(ForeignEventError);
    expect(run.state).toBe('reading');
    expect(run.events).toEqual([]);
    // An identical copy (e.g. the event back from the outbox over IPC) is the same event.
    run.commit(JSON.parse(JSON.stringify(event)) as ConsentEvent);
    expect(run.state).toBe('asking');
    expect(() => run.commit(event)).toThrow(ForeignEventError);
    expect(run.events).toHaveLength(1);
  });

  it('an event from another run is foreign', () => {
    const a = newRun();
    const b = newRun();
    const { event } = a.propose(confirm);
    b.propose(confirm);
    expect(() => b.commit({ ...event, callId: 'call-2' })).toThrow(ForeignEventError);
  });

  it('perform makes the event durable first, then moves; a failed persist leaves the run where it was', async () => {
    const run = newRun();
    const stored: ConsentEvent[] = [];
    await run.perform(confirm, (e) => {
      expect(run.state).toBe('reading'); // not moved yet while storing
      stored.push(e);
    });
    expect(run.state).toBe('asking');
    expect(stored).toEqual(run.events);
    await expect(run.perform(yes, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(run.state).toBe('asking');
    expect(run.pending).toBeUndefined();
    expect(run.events).toHaveLength(1);
  });

  it('events are frozen: evidence cannot be edited after the proposal', () => {
    const run = newRun();
    const { event } = run.propose(confirm);
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.ruleIds)).toBe(true);
  });
});

describe('refused actions change nothing', () => {
  const cases: [string, (run: ScriptRun) => void, ScriptAction, new (...args: never[]) => ScriptRunError][] = [
    ['answer during a disclosure', () => undefined, yes, ActionNotAvailableError],
    ['confirm during a question', (r) => act(r, confirm), confirm, ActionNotAvailableError],
    ['unknown answer', (r) => act(r, confirm), { type: 'answer', answerId: 'maybe' }, UnknownAnswerError],
    ['pitch before the pitch step', (r) => act(r, confirm), { type: 'deliver_pitch' }, ActionNotAvailableError],
    ['outcome during a question', (r) => act(r, confirm), { type: 'record_outcome', outcome: 'sale' }, ActionNotAvailableError],
    ['malformed action', () => undefined, { type: 'jump' } as unknown as ScriptAction, InvalidActionError],
    ['callbackAt with a sale', (r) => [confirm, yes, confirm, yes, { type: 'deliver_pitch' } as const].forEach((a) => act(r, a)), { type: 'record_outcome', outcome: 'sale', callbackAt: '2025-06-02T09:00:00Z' }, InvalidActionError],
    ['anything after the end', (r) => act(r, { type: 'abort' }), { type: 'opt_out' }, RunFinishedError],
  ];
  it.each(cases)('%s', (_name, setup, action, errorClass) => {
    const run = newRun();
    setup(run);
    const snapshot = run.snapshot();
    const events = run.events;
    expect(() => run.propose(action)).toThrow(errorClass);
    expect(run.snapshot()).toBe(snapshot);
    expect(run.events).toEqual(events);
    expect(run.pending).toBeUndefined();
  });
});

describe('events', () => {
  it('carry the call binding, script id + version, seq, clock time and the exact text with its SHA-256', () => {
    const run = new ScriptRun({ script: KR, call: call('ko', { practice: true }), context: context(), now: clock(Date.UTC(2025, 0, 1)), newId: idFactory() });
    const first = act(run, confirm);
    const second = act(run, yes);
    expect(ConsentEventSchema.parse(first)).toEqual(first);
    expect(first).toEqual({
      eventId: '01890000-0000-7000-8000-000000000001',
      callId: 'call-1',
      sipCallId: 'abc123@127.0.0.1',
      leadId: 'lead-1',
      campaignId: 'camp-1',
      agentId: 'agent-7',
      scriptId: 'kr-default',
      scriptVersion: 1,
      stepId: 'kr-id',
      seq: 0,
      kind: 'disclosure',
      answer: 'confirmed',
      ruleIds: ['KR-ID'],
      promptText: first.promptText,
      promptSha256: sha256Hex(first.promptText),
      locale: 'ko',
      occurredAt: '2025-01-01T00:00:01.000Z',
      calleeTimeZone: 'Asia/Seoul',
      practice: true,
    });
    expect(second).toMatchObject({ seq: 1, eventId: '01890000-0000-7000-8000-000000000002', occurredAt: '2025-01-01T00:00:02.000Z' });
  });

  it('omit sipCallId for a practice call without SIP', () => {
    const { sipCallId: _omit, ...noSip } = call('en');
    const run = new ScriptRun({ script: US, call: noSip, context: context(), now: clock(), newId: idFactory() });
    const event = act(run, confirm);
    expect('sipCallId' in event).toBe(false);
    expect(ConsentEventSchema.safeParse(event).success).toBe(true);
  });

  it('abort records the dropped call with the text on screen and a partial outcome', () => {
    const run = krAt('kr-mkt');
    const event = act(run, { type: 'abort' });
    expect(event).toMatchObject({ kind: 'aborted', answer: 'dropped', stepId: 'kr-mkt', ruleIds: ['KR-MKT', 'KR-OPTOUT'] });
    expect(event.promptText).toBe(run.prompt);
    expect(run.state).toBe('aborted');
    expect(run.outcome).toEqual({ code: 'dropped', stepId: 'kr-mkt', partial: true });
    expect(run.facts).toEqual({ time_permission: 'yes' });
  });
});

describe('binding and rendering at start', () => {
  it('an unknown time zone or an empty id is refused when the run is created', () => {
    const make = (c: ReturnType<typeof call>) => new ScriptRun({ script: KR, call: c, context: context(), now: clock(), newId: idFactory() });
    expect(() => make(call('ko', { calleeTimeZone: 'Mars/Olympus' }))).toThrow(/calleeTimeZone: unknown IANA time zone/);
    expect(() => make(call('ko', { agentId: '' }))).toThrow(ScriptRunError);
  });

  it('a missing value fails at start, naming the text and placeholder, not in the middle of the call', () => {
    expect(() => new ScriptRun({ script: KR, call: call(), context: { ...context(), agentName: '' }, now: clock(), newId: idFactory() })).toThrow(
      new RenderError('no value for {{agentName}}', 'steps[0].text.ko', 'agentName'),
    );
  });

  it('an id factory that does not make UUIDv7 is refused before any event exists', () => {
    const run = new ScriptRun({ script: KR, call: call(), context: context(), now: clock(), newId: () => 'evt-1' });
    expect(() => run.propose(confirm)).toThrow(/not a UUIDv7/);
    expect(run.pending).toBeUndefined();
  });
});

describe('CG-PITCH-LOCK in the engine, for definitions that bypassed loadScript', () => {
  // The same KR script with consent "no" leading to the pitch: loadScript rejects it, the engine must
  // still refuse to pitch.
  const unchecked: ScriptDefinition = {
    ...KR,
    steps: KR.steps.map((s) =>
      s.id === 'kr-mkt' && s.kind === 'question' ? { ...s, answers: s.answers.map((a) => (a.id === 'no' ? { ...a, next: 'pitch' } : a)) } : s,
    ),
  };
  const uncheckedNoRequires: ScriptDefinition = {
    ...unchecked,
    steps: unchecked.steps.map((s) => (s.kind === 'pitch' ? { ...s, requires: [] } : s)),
  };

  it.each([
    ['its requires intact', unchecked],
    ['an empty requires list', uncheckedNoRequires],
  ])('CG-PITCH-LOCK: arriving at the pitch after consent "no" locks it (%s)', (_name, script) => {
    const run = new ScriptRun({ script, call: call(), context: context(), now: clock(), newId: idFactory() });
    for (const a of [confirm, yes, confirm, no]) act(run, a);
    expect(run.state).toBe('pitch_locked');
    expect(run.pitchLocked).toBe(true);
    expect(run.availableActions).toEqual([{ type: 'opt_out' }, { type: 'refuse' }, { type: 'abort' }]);
    const before = run.snapshot();
    expect(() => run.propose({ type: 'deliver_pitch' })).toThrow(PitchLockedError);
    try {
      run.propose({ type: 'deliver_pitch' });
    } catch (err) {
      expect(err).toMatchObject({ code: 'CG-PITCH-LOCK', missing: ['marketing_consent'] });
    }
    expect(run.snapshot()).toBe(before);
    expect(SCRIPT_RUN_TRANSITIONS.pitch_locked).toEqual({ opt_out: ['opted_out'], refuse: ['refused'], abort: ['aborted'] });
  });
});

describe('state is read-only', () => {
  it('facts, outcome and snapshots cannot be edited from outside (no change without an event)', () => {
    const run = krAt('kr-mkt');
    expect(Object.isFrozen(run.facts)).toBe(true);
    expect(() => {
      (run.facts as Record<string, string>)['marketing_consent'] = 'yes';
    }).toThrow(TypeError);
    expect(run.state).toBe('asking');
    act(run, { type: 'abort' });
    expect(Object.isFrozen(run.outcome)).toBe(true);
    expect(Object.isFrozen(run.snapshot())).toBe(true);
  });
});
