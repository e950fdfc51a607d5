// The walk of a full KR call with a sale through the shipped kr-default v1 script, as step ids, kinds
// and answers: what the server's replay (issue 11) accepts in this order. No server imports, so a
// bundled desk stand-in (test/integration/desk/outbox-writer.ts) can use it too.
import type { ConsentEvent } from '../../shared/domain/consent-event';

/**
 * The steps of the shipped KR default script (kr-default v1) in the order a full call with a sale walks
 * them: event `seq` n of makeEvent is, by default, step n of this path, so a call's events replay on the
 * server (issue 11). A seq past the path is past the end of the run (refused).
 */
export const KR_SALE_PATH: readonly Pick<ConsentEvent, 'stepId' | 'kind' | 'answer' | 'ruleIds' | 'consentKind'>[] = [
  { stepId: 'kr-id', kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-ID'] },
  { stepId: 'cg-time', kind: 'answer', answer: 'yes', ruleIds: ['CG-TIME'] },
  { stepId: 'kr-source', kind: 'disclosure', answer: 'confirmed', ruleIds: ['KR-SOURCE'] },
  { stepId: 'kr-mkt', kind: 'answer', answer: 'yes', ruleIds: ['KR-MKT', 'KR-OPTOUT'], consentKind: 'marketing_call' },
  { stepId: 'pitch', kind: 'pitch', answer: 'delivered', ruleIds: ['CG-PITCH-LOCK'] },
  { stepId: 'kr-3p', kind: 'answer', answer: 'yes', ruleIds: ['KR-3P'], consentKind: 'third_party_provision' },
  { stepId: 'close', kind: 'outcome', answer: 'sale', ruleIds: [] },
];
