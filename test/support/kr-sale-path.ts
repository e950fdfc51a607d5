// The walk of a full KR call with a sale through the shipped kr-default v1 script, as step ids, kinds
// and answers: what the server's replay (issue 11) accepts in this order. No server imports, so a
// bundled desk stand-in (test/integration/desk/outbox-writer.ts) can use it too.
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { sha256Hex } from '../../shared/domain/hash';
import { newId } from '../../shared/domain/ids';

/** A step of a walk through the KR default script: what an event at it says. */
export type KrScriptStep = Pick<ConsentEvent, 'stepId' | 'kind' | 'answer' | 'ruleIds' | 'consentKind'>;

/**
 * The steps of the shipped KR default script (kr-default v1) in the order a full call with a sale walks
 * them: event `seq` n of makeEvent is, by default, step n of this path, so a call's events replay on the
 * server (issue 11). A seq past the path is past the end of the run (refused).
 */
export const KR_SALE_PATH: readonly KrScriptStep[] = [
  { stepId: 'kr-id', kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-ID'] },
  { stepId: 'cg-time', kind: 'answer', answer: 'yes', ruleIds: ['CG-TIME'] },
  { stepId: 'kr-source', kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-SOURCE'] },
  { stepId: 'kr-mkt', kind: 'answer', answer: 'yes', ruleIds: ['KR-MKT', 'KR-OPTOUT'], consentKind: 'marketing_call' },
  { stepId: 'pitch', kind: 'pitch', answer: 'delivered', ruleIds: ['CG-PITCH-LOCK'] },
  { stepId: 'kr-3p', kind: 'answer', answer: 'yes', ruleIds: ['KR-3P'], consentKind: 'third_party_provision' },
  { stepId: 'close', kind: 'outcome', answer: 'sale', ruleIds: [] },
];

/**
 * Event `seq` of `call` under the KR default script (v1), as the desk records it in Korean for a callee
 * in Seoul: a fresh event id, the prompt text with its hash, at `step` (by default step `seq` of
 * KR_SALE_PATH), now unless `occurredAt` says otherwise. `promptSha256` is the prompt's hash where the
 * caller has it already (the ingest bench hashes its few prompts once, out of the measured loop).
 */
export function krScriptEvent(
  call: Pick<ConsentEvent, 'callId' | 'sipCallId' | 'leadId' | 'campaignId' | 'agentId'>,
  seq: number,
  promptText: string,
  o: { step?: KrScriptStep; occurredAt?: string; promptSha256?: string } = {},
): ConsentEvent {
  const step = o.step ?? KR_SALE_PATH[seq];
  if (!step) throw new Error(`the KR sale path has no step ${seq}`);
  return {
    eventId: newId(),
    ...call,
    scriptId: 'kr-default',
    scriptVersion: 1,
    stepId: step.stepId,
    seq,
    kind: step.kind,
    answer: step.answer,
    ...(step.consentKind ? { consentKind: step.consentKind } : {}),
    ruleIds: [...step.ruleIds],
    promptText,
    promptSha256: o.promptSha256 ?? sha256Hex(promptText),
    locale: 'ko',
    occurredAt: o.occurredAt ?? new Date().toISOString(),
    calleeTimeZone: 'Asia/Seoul',
    practice: false,
  };
}
