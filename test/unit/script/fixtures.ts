// Shared test data for the script engine: the default scripts, a call binding, render contexts for
// both kinds of lead source, and a deterministic clock and id factory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ProvisionRecipient } from '../../../shared/domain/campaign';
import type { LeadSource } from '../../../shared/domain/lead';
import type { Locale, SpokenLocale } from '../../../shared/domain/locale';
import { loadScript, ScriptDefinitionError, type ScriptDefinitionIssue } from '../../../shared/script/load';
import type { ScriptDefinition } from '../../../shared/script/definition';
import type { RenderContext } from '../../../shared/script/render';
import { ScriptRun, type ScriptRunCall } from '../../../shared/script/script-run';

export const SCRIPTS_DIR = fileURLToPath(new URL('../../../assets/scripts/', import.meta.url));

/** The raw JSON of a default script (a fresh copy each time, safe to mutate). */
export function rawScript(name: 'kr-default' | 'us-default' | 'uk-default' | 'de-default'): Record<string, unknown> & { steps: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(`${SCRIPTS_DIR}${name}.json`, 'utf8')) as Record<string, unknown> & { steps: Record<string, unknown>[] };
}

type Obj = Record<string, unknown>;
/** A step of a raw script, for editing in place (fields a step kind lacks are simply absent). */
export type RawStep = Obj & { answers: Obj[]; prompt: Obj; text: Obj };

/** The step `id` of a raw script (the object itself: edits change the script); a missing one is a broken test. */
export function rawStep(json: ReturnType<typeof rawScript>, id: string): RawStep {
  const found = json.steps.find((s) => s['id'] === id);
  if (!found) throw new Error(`no step ${id}`);
  return found as RawStep;
}

/** The answer `answerId` of the step `stepId` of a raw script (the object itself). */
export function rawAnswer(json: ReturnType<typeof rawScript>, stepId: string, answerId: string): Obj {
  const found = rawStep(json, stepId).answers.find((a) => a['id'] === answerId);
  if (!found) throw new Error(`no answer ${stepId}/${answerId}`);
  return found;
}

/** The issues loadScript refuses `json` with; a definition it accepts fails the test. */
export function issuesOf(json: unknown): ScriptDefinitionIssue[] {
  try {
    loadScript(json);
  } catch (err) {
    expect(err).toBeInstanceOf(ScriptDefinitionError);
    return [...(err as ScriptDefinitionError).issues];
  }
  throw new Error('expected the definition to be rejected');
}

export const KR = loadScript(rawScript('kr-default'));
export const US = loadScript(rawScript('us-default'));
export const UK = loadScript(rawScript('uk-default'));
export const DE = loadScript(rawScript('de-default'));

export const OWN_SOURCE: LeadSource = {
  kind: 'own_customer',
  description: '2025년 3월 당사 온라인몰 회원 가입',
  sameKindOfGoods: false,
};

export const THIRD_PARTY_SOURCE: LeadSource = {
  kind: 'third_party',
  providerCompanyId: 'co-provider',
  providerName: '한빛리서치',
  // 15:30 UTC on 13 March is already 14 March in Seoul: the date is said on the callee's calendar.
  consentDate: '2025-03-13T15:30:00Z',
  reference: 'HB-2025-0042',
  description: '경품 이벤트 응모',
};

/** KR-3P: an agency campaign hands the data to the seller (and a credit checker) on a sale. */
export const RECIPIENTS: readonly ProvisionRecipient[] = [
  {
    companyId: 'co-saebom',
    name: { ko: '새봄손해보험', en: 'Saebom Insurance' },
    purpose: { ko: '보험 계약의 체결 및 이행', en: 'concluding and performing the insurance contract' },
    items: [
      { ko: '이름', en: 'name' },
      { ko: '휴대전화번호', en: 'mobile number' },
      { ko: '생년월일', en: 'date of birth' },
    ],
    retention: { ko: '계약 종료 후 5년', en: 'five years after the contract ends' },
  },
  {
    companyId: 'co-credit',
    name: { ko: '한국신용정보', en: 'Korea Credit Info' },
    purpose: { ko: '가입 심사', en: 'underwriting' },
    items: [{ ko: '이름', en: 'name' }],
    retention: { ko: '심사 후 1년', en: 'one year after underwriting' },
  },
];

export function context(source: LeadSource = THIRD_PARTY_SOURCE, recipients: readonly ProvisionRecipient[] = []): Omit<RenderContext, 'calleeTimeZone'> {
  return {
    recipients,
    companyName: { ko: '한국텔레서비스', en: 'Korea Teleservice' },
    sellerName: { ko: '새봄손해보험', en: 'Saebom Insurance' },
    agentName: '김민지',
    purpose: { ko: '보험 상품 안내', en: 'insurance offers' },
    product: { ko: '새봄 운전자보험', en: 'Saebom Driver Insurance' },
    callbackNumber: '080-123-4567',
    source,
  };
}

export function call(locale: SpokenLocale = 'ko', overrides: Partial<ScriptRunCall> = {}): ScriptRunCall {
  return {
    callId: 'call-1',
    sipCallId: 'abc123@127.0.0.1',
    leadId: 'lead-1',
    campaignId: 'camp-1',
    agentId: 'agent-7',
    locale,
    calleeTimeZone: 'Asia/Seoul',
    practice: false,
    ...overrides,
  };
}

/** UUIDv7-shaped ids from a counter: deterministic, and the regex of ConsentEventSchema accepts them. */
export function idFactory(): () => string {
  let n = 0;
  return () => `01890000-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

/** A clock that starts at `start` and moves one second per reading. */
export function clock(start = Date.UTC(2025, 5, 2, 1, 0, 0)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

export function newRun(script: ScriptDefinition = KR, locale: Locale = 'ko', source: LeadSource = THIRD_PARTY_SOURCE): ScriptRun {
  return new ScriptRun({ script, call: call(locale), context: context(source), now: clock(), newId: idFactory() });
}
