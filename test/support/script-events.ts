// Consent events made the way the desk makes them: a real ScriptRun over a shipped script, the demo
// companies and an own-customer lead, so the server sees exactly what a desk would send.
import { readFileSync } from 'node:fs';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { newId } from '../../shared/domain/ids';
import { loadScript } from '../../shared/script/load';
import { renderContextFor } from '../../shared/script/render';
import { ScriptRun, type ScriptAction } from '../../shared/script/script-run';
import type { ScriptDefinition } from '../../shared/script/definition';
import { DEMO_CAMPAIGNS, DEMO_COMPANIES, DEMO_IDS } from '../../server/seed';

/** A shipped script by file name (`assets/scripts/<name>.json`), checked by loadScript. */
export function shippedScript(name: string): ScriptDefinition {
  return loadScript(JSON.parse(readFileSync(`assets/scripts/${name}.json`, 'utf8')));
}

/** A company or campaign of the demo seed by id. */
function demo<T extends { id: string }>(items: readonly T[], id: string): T {
  const found = items.find((x) => x.id === id);
  if (!found) throw new Error(`no demo ${id} in server/seed.ts`);
  return found;
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
      // The demo KR campaign and its companies (server/seed.ts): a sale hands the data to the seller (KR-3P step asked).
      campaign: demo(DEMO_CAMPAIGNS, DEMO_IDS.krCampaign),
      callingCompany: demo(DEMO_COMPANIES, DEMO_IDS.agency),
      sellerCompany: demo(DEMO_COMPANIES, DEMO_IDS.seller),
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
