// Consent events made the way the desk makes them: a real ScriptRun over a shipped script, the demo
// companies and an own-customer lead, so the server sees exactly what a desk would send.
import { readFileSync } from 'node:fs';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { newId } from '../../shared/domain/ids';
import { loadScript } from '../../shared/script/load';
import { renderContextFor } from '../../shared/script/render';
import { ScriptRun, type ScriptAction } from '../../shared/script/script-run';
import type { ScriptDefinition } from '../../shared/script/definition';

/** A shipped script by file name (`assets/scripts/<name>.json`), checked by loadScript. */
export function shippedScript(name: string): ScriptDefinition {
  return loadScript(JSON.parse(readFileSync(`assets/scripts/${name}.json`, 'utf8')));
}

export interface RunCall {
  readonly id: string;
  readonly leadId: string;
  readonly campaignId: string;
  readonly agentId: string;
  readonly sipCallId?: string;
}

/** A ScriptRun for one call of the demo KR campaign (own-customer lead in Seoul), in Korean. */
export function demoRun(script: ScriptDefinition, call: RunCall, now: () => Date = () => new Date()): ScriptRun {
  return new ScriptRun({
    script,
    call: {
      callId: call.id,
      ...(call.sipCallId ? { sipCallId: call.sipCallId } : {}),
      leadId: call.leadId,
      campaignId: call.campaignId,
      agentId: call.agentId,
      locale: 'ko',
      practice: false,
      calleeTimeZone: 'Asia/Seoul',
    },
    context: renderContextFor({
      campaign: {
        purpose: { ko: '건강보험 상품 안내', en: 'introducing a health insurance plan' },
        product: { ko: '건강보험', en: 'health insurance' },
        // As the demo campaign (server/seed.ts): a sale hands the data to the seller (KR-3P step asked).
        saleProvision: {
          version: 'sale-2025-1',
          recipients: [
            {
              companyId: 'co-hanbit-life',
              name: { ko: '한빛생명', en: 'Hanbit Life' },
              purpose: { ko: '보험 계약의 체결 및 이행', en: 'concluding and performing the insurance contract' },
              items: [
                { ko: '이름', en: 'name' },
                { ko: '휴대전화번호', en: 'mobile number' },
                { ko: '생년월일', en: 'date of birth' },
              ],
              retention: { ko: '계약 종료 후 5년', en: 'five years after the contract ends' },
            },
          ],
        },
      },
      callingCompany: { name: { ko: '누리콜센터', en: 'Nuri Call Center' }, contactNumber: '080-000-0200' },
      sellerCompany: { name: { ko: '한빛생명', en: 'Hanbit Life' } },
      lead: { source: { kind: 'own_customer', description: '2026년 1월 한빛생명 온라인 가입', sameKindOfGoods: false }, timeZone: 'Asia/Seoul' },
      agentName: '김하준',
    }),
    now,
    newId,
  });
}

/** Performs `action` and returns the event it made (the run moves on). */
export async function step(run: ScriptRun, action: ScriptAction): Promise<ConsentEvent> {
  let made: ConsentEvent | undefined;
  await run.perform(action, (e) => {
    made = e;
  });
  if (!made) throw new Error('the run made no event');
  return made;
}
