import type { ConsentKind } from '../domain/consent-grant';
import type { LocalizedText } from '../domain/locale';
import { describeDuration, type Duration } from './duration';
import type { GateRuleId } from './rule-ids';
import type { VerdictReason } from './verdict';

/**
 * The ko/en text of every verdict reason, by rule id and detail. Agents and team leads read these on the
 * desk, so the Korean is the polite register (합니다) a call center uses. Texts never contain a phone
 * number or a name: only times, counts, periods and field paths.
 */

const CONSENT_LABEL: Record<ConsentKind, LocalizedText> = {
  marketing_call: { ko: '전화 광고 수신 동의', en: 'consent to advertising calls' },
  night_call: { ko: '야간 광고 수신 동의', en: 'night-call consent' },
  third_party_provision: { ko: '제3자 제공 동의', en: 'third-party provision consent' },
  recording: { ko: '통화 녹음 동의', en: 'recording consent' },
  written_call: { ko: '서면 전화 수신 동의', en: 'written consent to calls' },
};

interface Window {
  readonly from: string;
  readonly until: string;
  /** Set when the number may be in several zones: the zone this local time is in. */
  readonly candidateZone?: string | undefined;
}

/** ` (America/Los_Angeles, one of the zones the number may be in)` when the zone was a candidate. */
function zoneNote(p: Window): LocalizedText {
  return p.candidateZone === undefined
    ? { ko: '', en: '' }
    : { ko: ` (번호가 속할 수 있는 시간대 중 ${p.candidateZone} 기준)`, en: ` (in ${p.candidateZone}, one of the zones the number may be in)` };
}

const snapshotStale = (registry: LocalizedText) => (p: { ageDays: number; maxAge: Duration }): LocalizedText => {
  const max = describeDuration(p.maxAge);
  return {
    ko: `${registry.ko} 자료를 받은 지 ${p.ageDays}일째로, 허용 기간(${max.ko})을 넘었습니다. 최신 명단을 반영할 때까지 이 캠페인의 발신이 모두 중지됩니다.`,
    en: `The ${registry.en} snapshot is more than ${max.en} old (day ${p.ageDays} since it was taken); dialing is stopped for the whole campaign until a current snapshot is loaded.`,
  };
};
const snapshotMissing = (registry: LocalizedText) => (): LocalizedText => ({
  ko: `${registry.ko} 자료가 없어 이 캠페인의 발신이 모두 중지되었습니다. 최신 명단을 반영한 후 다시 시도해 주십시오.`,
  en: `There is no ${registry.en} snapshot; dialing is stopped for the whole campaign until a current snapshot is loaded.`,
});
const snapshotInFuture = (registry: LocalizedText) => (): LocalizedText => ({
  ko: `${registry.ko} 자료의 기준 시각이 현재보다 뒤로 기록되어 있어 신뢰할 수 없습니다. 이 캠페인의 발신이 모두 중지됩니다.`,
  en: `The ${registry.en} snapshot is dated in the future and cannot be trusted; dialing is stopped for the whole campaign.`,
});

const KR_REGISTRY: LocalizedText = { ko: '국가 수신거부 명단', en: 'national do-not-call registry' };
const US_REGISTRY: LocalizedText = { ko: '미국 국가 수신거부 명단(National DNC)', en: 'National Do Not Call Registry' };
const UK_REGISTRY: LocalizedText = { ko: '영국 전화 수신거부 명단(TPS/CTPS)', en: 'Telephone Preference Service (TPS/CTPS) list' };

/** Message factories, by rule id then detail. */
export const REASON_TEXTS = {
  'KR-CONSENT': {
    missing: (): LocalizedText => ({
      ko: '고객의 전화 광고 수신 동의 기록이 없습니다. 사전 동의 없이는 광고 전화를 걸 수 없습니다.',
      en: 'There is no record of the person consenting to advertising calls from the calling company; an advertising call needs prior consent.',
    }),
    'other-company': (): LocalizedText => ({
      ko: '고객의 전화 광고 수신 동의에 발신 회사가 포함되어 있지 않습니다. 다른 회사에 대한 동의로는 전화를 걸 수 없습니다.',
      en: "The person's consent to advertising calls names other companies, not the calling company.",
    }),
    withdrawn: (): LocalizedText => ({
      ko: '고객이 전화 광고 수신 동의를 철회하였습니다. 전화를 걸 수 없습니다.',
      en: 'The person withdrew their consent to advertising calls.',
    }),
    'not-reconfirmed': (p: { maxAge: Duration }): LocalizedText => {
      const d = describeDuration(p.maxAge);
      return {
        ko: `전화 광고 수신 동의가 ${d.ko}이 지나도록 재확인되지 않아 유효한 동의로 볼 수 없습니다.`,
        en: `The consent to advertising calls is more than ${d.en} old and was not re-confirmed, so it does not count.`,
      };
    },
    'exception-expired': (p: { within: Duration }): LocalizedText => {
      const d = describeDuration(p.within);
      return {
        ko: `기존 거래 고객에 대한 예외는 마지막 거래 후 ${d.ko} 이내에만 적용됩니다. 그 기간이 지났고 별도의 수신 동의도 없어 전화를 걸 수 없습니다.`,
        en: `The own-customer exception applies only within ${d.en} of the last transaction; that period has passed and there is no consent.`,
      };
    },
  },
  'KR-NIGHT': {
    'outside-window': (p: { localTime: string } & Window): LocalizedText => ({
      ko: `고객의 현지 시각(${p.localTime}${zoneNote(p).ko})이 야간 시간대(${p.until}~${p.from})에 해당합니다. 별도의 야간 광고 수신 동의가 없어 지금은 전화를 걸 수 없습니다.`,
      en: `It is ${p.localTime} at the person's location${zoneNote(p).en}, within the night hours (${p.until}-${p.from}), and there is no separate night-call consent.`,
    }),
  },
  'US-HOURS': {
    'outside-window': (p: { localTime: string } & Window): LocalizedText => ({
      ko: `고객의 현지 시각(${p.localTime}${zoneNote(p).ko})이 통화 가능 시간(${p.from}~${p.until})을 벗어났습니다. 현지 시각 기준으로 이 시간대에만 전화를 걸 수 있습니다.`,
      en: `It is ${p.localTime} at the person's location${zoneNote(p).en}; calls are allowed only from ${p.from} to ${p.until} local time.`,
    }),
  },
  'KR-RECONF': {
    overdue: (p: { kind: ConsentKind; maxAge: Duration }): LocalizedText => {
      const d = describeDuration(p.maxAge);
      const label = CONSENT_LABEL[p.kind];
      return {
        ko: `${label.ko}를 받거나 재확인한 지 ${d.ko}이 지났습니다. 동의 여부를 재확인한 후에 전화를 걸 수 있습니다.`,
        en: `The ${label.en} was given or last re-confirmed more than ${d.en} ago; re-confirm it before calling.`,
      };
    },
  },
  'KR-3P': {
    'consent-missing': (): LocalizedText => ({
      ko: '다른 회사에서 제공받은 고객 정보이지만 제3자 제공 동의 기록이 없습니다. 전화를 걸 수 없습니다.',
      en: 'The lead comes from another company and there is no third-party provision consent on record.',
    }),
    'recipient-missing': (): LocalizedText => ({
      ko: '제3자 제공 동의에 발신 회사가 제공받는 자로 명시되어 있지 않습니다. 전화를 걸 수 없습니다.',
      en: 'The third-party provision consent does not name the calling company as a recipient ("and partners" names no one).',
    }),
    withdrawn: (): LocalizedText => ({
      ko: '고객이 제3자 제공 동의를 철회하였습니다. 전화를 걸 수 없습니다.',
      en: 'The person withdrew their third-party provision consent.',
    }),
    'terms-changed': (p: { changed: readonly string[] }): LocalizedText => {
      const ko: Record<string, string> = { version: '약관 버전', purpose: '이용 목적', items: '제공 항목', retention: '보유 기간' };
      return {
        ko: `고객이 동의한 뒤 제3자 제공 조건이 변경되었습니다(${p.changed.map((c) => ko[c] ?? c).join(', ')}). 새로 동의를 받기 전에는 전화를 걸 수 없습니다.`,
        en: `The provision terms changed since the person consented (${p.changed.join(', ')}); new consent is needed before calling.`,
      };
    },
    'sale-recipients-missing': (): LocalizedText => ({
      ko: '발신 회사가 판매 회사와 다른데, 판매나 가입 시 고객 정보를 제공받는 자(판매 회사 포함)가 캠페인에 등록되어 있지 않습니다. 제3자 제공 동의를 받을 수 없으므로 전화를 걸 수 없습니다.',
      en: 'The calling company is not the seller, and the campaign names no recipients of the data a sale hands over (the seller among them); third-party provision consent could not be asked, so the call is refused.',
    }),
    'campaign-terms-missing': (): LocalizedText => ({
      ko: '이 캠페인에 제3자 제공 조건이 등록되어 있지 않아, 다른 회사에서 제공받은 고객에게는 전화를 걸 수 없습니다.',
      en: 'The campaign states no third-party provision terms, so leads from other companies cannot be called.',
    }),
  },
  'KR-DNC': {
    'snapshot-missing': snapshotMissing(KR_REGISTRY),
    'snapshot-stale': snapshotStale(KR_REGISTRY),
    'snapshot-in-future': snapshotInFuture(KR_REGISTRY),
    'national-listed': (): LocalizedText => ({
      ko: '이 번호는 국가 수신거부 명단에 등록되어 있어 전화를 걸 수 없습니다.',
      en: 'The number is on the national do-not-call registry.',
    }),
    'internal-listed': (): LocalizedText => ({
      ko: '고객이 당사에 수신거부를 요청한 번호입니다. 전화를 걸 수 없습니다.',
      en: "The number is on the company's own do-not-call list.",
    }),
    'request-recorded': (): LocalizedText => ({
      ko: '고객의 수신거부 요청이 기록되어 있습니다. 전화를 걸 수 없습니다.',
      en: 'A do-not-call request from this person is on record.',
    }),
  },
  'US-NDNC': {
    'snapshot-missing': snapshotMissing(US_REGISTRY),
    'snapshot-stale': snapshotStale(US_REGISTRY),
    'snapshot-in-future': snapshotInFuture(US_REGISTRY),
    listed: (): LocalizedText => ({
      ko: '이 번호는 미국 국가 수신거부 명단(National DNC)에 등록되어 있으며, 유효한 기존 거래 관계나 서면 동의가 없어 전화를 걸 수 없습니다.',
      en: 'The number is on the National Do Not Call Registry, and no established business relationship or written consent covers it.',
    }),
  },
  'US-IDNC': {
    'internal-listed': (): LocalizedText => ({
      ko: '고객이 당사에 수신거부를 요청한 번호입니다(자체 수신거부 명단). 기존 거래 관계가 있더라도 전화를 걸 수 없습니다.',
      en: "The number is on the company's do-not-call list; the request also ends any business relationship.",
    }),
    'request-recorded': (): LocalizedText => ({
      ko: '고객의 수신거부 요청이 기록되어 있습니다. 기존 거래 관계가 있더라도 전화를 걸 수 없습니다.',
      en: 'A do-not-call request from this person is on record; it ends any business relationship.',
    }),
  },
  'UK-TPS': {
    'snapshot-missing': snapshotMissing(UK_REGISTRY),
    'snapshot-stale': snapshotStale(UK_REGISTRY),
    'snapshot-in-future': snapshotInFuture(UK_REGISTRY),
    listed: (): LocalizedText => ({
      ko: '이 번호는 영국 전화 수신거부 명단(TPS/CTPS)에 등록되어 있으며, 고객이 당사의 전화를 거부하지 않는다고 알린 기록이 없어 전화를 걸 수 없습니다.',
      en: 'The number is registered with the TPS/CTPS, and the person has not told this caller that they do not object to its calls.',
    }),
    'internal-listed': (): LocalizedText => ({
      ko: '고객이 당사에 전화를 원하지 않는다고 알린 번호입니다. 전화를 걸 수 없습니다.',
      en: "The person told this caller they do not want its calls (the company's own list).",
    }),
    'request-recorded': (): LocalizedText => ({
      ko: '고객의 수신거부 요청이 기록되어 있습니다. 전화를 걸 수 없습니다.',
      en: 'A request from this person not to be called is on record.',
    }),
  },
  'DE-CONSENT': {
    missing: (): LocalizedText => ({
      ko: '독일 소비자에게 광고 전화를 하려면 사전의 명시적 동의가 필요하지만, 동의 기록이 없습니다.',
      en: 'An advertising call to a consumer in Germany needs prior express consent, and there is none on record (UWG 7(2)).',
    }),
    'other-company': (): LocalizedText => ({
      ko: '고객의 동의에 발신 회사가 포함되어 있지 않습니다. 다른 회사에 대한 동의로는 전화를 걸 수 없습니다.',
      en: "The person's consent names other companies, not the calling company.",
    }),
    withdrawn: (): LocalizedText => ({
      ko: '고객이 광고 전화 동의를 철회하였습니다. 전화를 걸 수 없습니다.',
      en: 'The person withdrew their consent to advertising calls.',
    }),
    'internal-listed': (): LocalizedText => ({
      ko: '고객이 당사에 전화를 원하지 않는다고 알린 번호입니다. 전화를 걸 수 없습니다.',
      en: "The number is on the company's own do-not-call list; any consent is withdrawn.",
    }),
    'request-recorded': (): LocalizedText => ({
      ko: '고객의 수신거부 요청이 기록되어 있습니다. 전화를 걸 수 없습니다.',
      en: 'A request from this person not to be called is on record.',
    }),
  },
  'CG-ATTEMPTS': {
    'daily-limit': (p: { count: number; limit: number }): LocalizedText => ({
      ko: `오늘 이 고객에게 이미 ${p.count}회 전화를 걸었습니다. 하루에 최대 ${p.limit}회까지만 걸 수 있습니다.`,
      en: `This person was already called ${p.count} times today (their local day); the limit is ${p.limit} a day.`,
    }),
    'campaign-limit': (p: { count: number; limit: number }): LocalizedText => ({
      ko: `이 캠페인에서 이 고객에게 이미 ${p.count}회 전화를 걸었습니다. 캠페인당 최대 ${p.limit}회까지만 걸 수 있습니다.`,
      en: `This person was already called ${p.count} times in this campaign; the limit is ${p.limit}.`,
    }),
  },
  'CG-INPUT': {
    'invalid-input': (p: { path: string; problem: string }): LocalizedText => ({
      ko: `입력 자료의 '${p.path}' 항목이 올바르지 않아 발신 가능 여부를 판단할 수 없습니다. 자료를 확인해 주십시오.`,
      en: `The call cannot be judged: the input at '${p.path}' is invalid (${p.problem}). Please correct the data.`,
    }),
    'invalid-number': (p: { path: string }): LocalizedText => ({
      ko: `전화번호('${p.path}')가 올바른 번호가 아니어서 발신 가능 여부를 판단할 수 없습니다. 자료를 확인해 주십시오.`,
      en: `The phone number at '${p.path}' is not a valid number; the call cannot be judged.`,
    }),
    'invalid-time-zone': (p: { path: string }): LocalizedText => ({
      ko: `고객의 시간대('${p.path}')를 알 수 없어 현지 시각을 판단할 수 없습니다. 자료를 확인해 주십시오.`,
      en: `The time zone at '${p.path}' is not a known IANA time zone; the callee's local time cannot be judged.`,
    }),
    'country-not-covered': (p: { path: string; country: string; profile: string; covered: readonly string[] }): LocalizedText => ({
      ko: `전화번호('${p.path}')가 ${p.country} 번호인데, 캠페인의 관할 규칙(${p.profile})은 ${p.covered.join(', ')} 번호만 다룹니다. 이 규칙으로는 발신 가능 여부를 판단할 수 없습니다.`,
      en: `The number at '${p.path}' is a ${p.country} number, and the campaign's profile ${p.profile} covers only ${p.covered.join(', ')} numbers; the call cannot be judged under it.`,
    }),
    'profile-mismatch': (p: { campaignProfile: string; profile: string }): LocalizedText => ({
      ko: `캠페인의 관할 규칙(${p.campaignProfile})과 적용하려는 규칙(${p.profile})이 서로 다릅니다. 설정을 확인해 주십시오.`,
      en: `The campaign's jurisdiction profile (${p.campaignProfile}) differs from the profile applied (${p.profile}).`,
    }),
    'lead-campaign-mismatch': (): LocalizedText => ({
      ko: '이 고객은 해당 캠페인에 속하지 않습니다. 자료를 확인해 주십시오.',
      en: "The lead does not belong to this campaign ('lead.campaignId' differs from 'campaign.id').",
    }),
    'grant-lead-mismatch': (p: { path: string }): LocalizedText => ({
      ko: `다른 고객의 동의 기록('${p.path}')이 섞여 있어 발신 가능 여부를 판단할 수 없습니다.`,
      en: `The consent grant at '${p.path}' belongs to another lead; the call cannot be judged.`,
    }),
    'refusal-lead-mismatch': (p: { path: string }): LocalizedText => ({
      ko: `다른 고객의 동의 거부 기록('${p.path}')이 섞여 있어 발신 가능 여부를 판단할 수 없습니다.`,
      en: `The consent refusal at '${p.path}' belongs to another lead; the call cannot be judged.`,
    }),
    'attempt-lead-mismatch': (p: { path: string }): LocalizedText => ({
      ko: `다른 고객의 발신 기록('${p.path}')이 섞여 있어 발신 가능 여부를 판단할 수 없습니다.`,
      en: `The attempt at '${p.path}' belongs to another lead; the call cannot be judged.`,
    }),
  },
} as const satisfies Record<GateRuleId, Record<string, (p: never) => LocalizedText>>;

type Texts = typeof REASON_TEXTS;
/** The details a rule id can report. */
export type ReasonDetail<C extends GateRuleId> = keyof Texts[C] & string;
type ParamsOf<F> = F extends (...args: infer A) => LocalizedText ? A : never;

/** Builds one verdict reason with its ko/en message. `path` is set for input problems. */
export function reason<C extends GateRuleId, D extends ReasonDetail<C>>(code: C, detail: D, ...params: ParamsOf<Texts[C][D]>): VerdictReason {
  const make = REASON_TEXTS[code][detail] as (...args: ParamsOf<Texts[C][D]>) => LocalizedText;
  const message = make(...params);
  const first = params[0] as { path?: unknown } | undefined;
  return typeof first?.path === 'string' ? { code, detail, message, path: first.path } : { code, detail, message };
}
