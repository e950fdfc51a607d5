import type { ProfileId } from '../domain/campaign';
import type { ConsentKind } from '../domain/consent-grant';
import type { Locale, SpokenLocale } from '../domain/locale';
import type { Placeholder } from './render';

/**
 * What a text serving a rule must contain, per language it is read in: placeholders (in every text of
 * the step; `third_party`/`own_customer` ones in that bySource text) and sentences (each a pattern with
 * an example to quote in the fix), e.g. KR-MKT's "this consent is optional; saying no changes nothing".
 */
export interface TextRequirement {
  readonly placeholders?: readonly Placeholder[];
  readonly thirdPartyPlaceholders?: readonly Placeholder[];
  readonly ownCustomerPlaceholders?: readonly Placeholder[];
  /** The text must be `bySource` (say something different for own customers and provider leads). */
  readonly bySource?: boolean;
  readonly sentences?: readonly {
    readonly what: string;
    readonly pattern: Readonly<Partial<Record<SpokenLocale, RegExp>>>;
    readonly example: Readonly<Partial<Record<SpokenLocale, string>>>;
  }[];
}

/**
 * What a jurisdiction profile asks of every script's shape and meaning, checked at load time:
 * - `first`: the rule the start step must serve (KR-ID / US-DISC: identify before anything else);
 * - `beforePitch`: rules a step on every path from the start to a pitch must serve;
 * - `beforeSale`: rules a step on every path to a `sale` outcome must serve (KR-3P);
 * - `optOut`: the rule the opt-out text must serve (KR-OPTOUT, US-IDNC);
 * - `consentRules`: the rule id a consent question of each kind serves in this profile;
 * - `texts`: what the texts of the steps serving a rule (and the consent questions of its kind) say;
 * - `speaks`: the language the callee is spoken to in, whatever the agent's screen language (UK en,
 *   DE de); every text needs it;
 * - `recordingNotice`: the regions (ISO 3166-2) where the recording notice is read (US-RECNOTICE, states
 *   where every party must consent; *unverified*, keep it configurable).
 * The time and consent questions are checked separately, on the answers (graph.ts), not only on tags.
 */
export interface ProfileScriptRules {
  readonly first?: string;
  readonly beforePitch: readonly string[];
  readonly beforeSale: readonly string[];
  readonly optOut?: string;
  readonly consentRules: Readonly<Partial<Record<ConsentKind, string>>>;
  readonly texts: Readonly<Record<string, TextRequirement>>;
  readonly speaks?: SpokenLocale;
  readonly recordingNotice?: { readonly regions: readonly string[] };
}

const KO_OPTIONAL = { what: 'that the consent is optional', pattern: { ko: /선택\s*사항|선택적/, en: /optional/i }, example: { ko: '이 동의는 선택 사항입니다.', en: 'This consent is optional.' } };
const KO_NO_EFFECT = {
  what: 'that saying no changes nothing for the person',
  pattern: { ko: /동의하지\s*않으셔도|거부하셔도|불이익|영향이\s*없/, en: /not affect|no effect|saying no|if you say no/i },
  example: { ko: '동의하지 않으셔도 현재 이용 중인 서비스에는 아무런 불이익이 없습니다.', en: 'Saying no will not affect any service you already use.' },
};
const RIGHT_TO_REFUSE = {
  what: 'the right to refuse and what refusing means',
  pattern: { ko: /거부할\s*권리|거부하실\s*수/, en: /right to refuse/i, de: /recht.*(zu verweigern|abzulehnen)|ablehnen/i },
  example: {
    ko: '고객님께서는 제3자 제공 동의를 거부할 권리가 있으며, 거부하시면 가입은 진행되지 않습니다.',
    en: 'You have the right to refuse this provision; if you refuse, the application cannot go ahead.',
  },
};
/**
 * EU-ART7: words that tell the person the consent can be withdrawn, per language read. One definition:
 * the loader's "withdrawal explained" sentence (UK, DE) and the evidence bundle's consent proofs use it.
 */
export const WITHDRAWAL_WORDS: Readonly<Record<SpokenLocale, RegExp>> = { ko: /철회|수신\s*거부/, en: /withdraw/i, de: /widerruf/i };

/** Whether `text` (read in `locale`) explains that the consent can be withdrawn (EU-ART7). */
export function explainsWithdrawal(text: string, locale: SpokenLocale): boolean {
  return WITHDRAWAL_WORDS[locale].test(text);
}

const WITHDRAWAL_EXPLAINED = {
  what: 'that the consent can be withdrawn at any time (EU-ART7 proof: withdrawal was explained)',
  pattern: { en: WITHDRAWAL_WORDS.en, de: WITHDRAWAL_WORDS.de },
  example: { en: 'You can withdraw this consent at any time, free of charge.', de: 'Sie können diese Einwilligung jederzeit kostenlos widerrufen.' },
};

export const PROFILE_SCRIPT_RULES: Readonly<Record<ProfileId, ProfileScriptRules>> = {
  KR: {
    first: 'KR-ID',
    beforePitch: ['KR-ID', 'CG-TIME', 'KR-SOURCE', 'KR-MKT'],
    beforeSale: ['KR-3P'],
    optOut: 'KR-OPTOUT',
    consentRules: { marketing_call: 'KR-MKT', third_party_provision: 'KR-3P', recording: 'KR-REC', night_call: 'KR-NIGHT' },
    texts: {
      'KR-ID': { placeholders: ['companyName', 'agentName', 'product'] },
      'KR-SOURCE': { bySource: true, thirdPartyPlaceholders: ['providerName', 'consentDate', 'sourceDescription'], ownCustomerPlaceholders: ['sourceDescription'] },
      'KR-MKT': { placeholders: ['companyName', 'purpose', 'callbackNumber'], sentences: [KO_OPTIONAL, KO_NO_EFFECT] },
      'KR-3P': { placeholders: ['recipients'], sentences: [RIGHT_TO_REFUSE] },
      'KR-OPTOUT': { placeholders: ['callbackNumber'] },
    },
  },
  US: {
    first: 'US-DISC',
    beforePitch: ['US-DISC', 'CG-TIME'],
    beforeSale: [],
    optOut: 'US-IDNC',
    consentRules: { marketing_call: 'CG-PITCH-LOCK', recording: 'US-RECNOTICE', written_call: 'US-NDNC' },
    texts: { 'US-DISC': { placeholders: ['agentName', 'sellerName', 'product', 'callbackNumber'] } },
    recordingNotice: { regions: ['US-CA', 'US-CT', 'US-DE', 'US-FL', 'US-IL', 'US-MD', 'US-MA', 'US-MI', 'US-MT', 'US-NV', 'US-NH', 'US-OR', 'US-PA', 'US-WA'] },
  },
  UK: {
    beforePitch: ['CG-TIME'],
    beforeSale: [],
    consentRules: { marketing_call: 'EU-ART7', recording: 'EU-ART7' },
    texts: { 'EU-ART7': { placeholders: ['companyName', 'purpose'], sentences: [WITHDRAWAL_EXPLAINED] } },
    speaks: 'en',
  },
  DE: {
    beforePitch: ['CG-TIME'],
    beforeSale: [],
    consentRules: { marketing_call: 'DE-CONSENT', recording: 'EU-ART7' },
    texts: {
      'DE-CONSENT': { placeholders: ['companyName', 'purpose'], sentences: [WITHDRAWAL_EXPLAINED] },
    },
    speaks: 'de',
  },
};

/** The rule a consent question of `kind` serves under `profile` (CG-PITCH-LOCK when the profile names none). */
export function consentRuleId(profile: ProfileId, kind: ConsentKind): string {
  return PROFILE_SCRIPT_RULES[profile].consentRules[kind] ?? 'CG-PITCH-LOCK';
}

/**
 * US-RECNOTICE: whether the recording notice is read to a callee in `region` (ISO 3166-2, from the
 * number). Profiles without a region list read it wherever the script has it; an unknown region reads it.
 */
export function recordingNoticeRequired(profile: ProfileId, region: string | undefined): boolean {
  const regions = PROFILE_SCRIPT_RULES[profile].recordingNotice?.regions;
  if (regions === undefined || region === undefined) return true;
  return regions.includes(region);
}

/** The language a script is read in: the profile's own (UK en, DE de), else the agent's screen language. */
export function spokenLocaleFor(profile: ProfileId, screen: Locale): SpokenLocale {
  return PROFILE_SCRIPT_RULES[profile].speaks ?? screen;
}
