// Valid ConsentEvents for tests (ids and texts only: no phone numbers, no names).
import { sha256Hex } from '../../shared/domain/hash';
import { newId } from '../../shared/domain/ids';
import type { ConsentEvent } from '../../shared/domain/consent-event';

export function makeEvent(overrides: Partial<ConsentEvent> = {}): ConsentEvent {
  const promptText = overrides.promptText ?? '지금 잠시 통화 가능하십니까?';
  return {
    eventId: newId(),
    callId: 'call-1',
    leadId: 'lead-1',
    campaignId: 'camp-1',
    agentId: 'agent-1',
    scriptId: 'kr-default',
    scriptVersion: 1,
    stepId: 'time',
    seq: 0,
    kind: 'answer',
    answer: 'yes',
    ruleIds: ['CG-TIME'],
    promptText,
    promptSha256: sha256Hex(promptText),
    locale: 'ko',
    occurredAt: new Date('2026-11-28T01:00:00Z').toISOString(),
    calleeTimeZone: 'Asia/Seoul',
    practice: false,
    ...overrides,
  };
}

/** `n` events of one call, seq 0..n-1. */
export function makeCallEvents(n: number, callId = newId()): ConsentEvent[] {
  return Array.from({ length: n }, (_, seq) => makeEvent({ callId, seq, stepId: `s${seq}` }));
}
