// The meaning of a script is checked by loadScript itself, so a customer's own script is protected as
// much as ours: each edit below (the five of issue 14 first) makes a shipped script unsafe, and each is
// refused by the loader with an issue naming the rule it breaks. Tests tied to our texts are not needed.
import { describe, expect, it } from 'vitest';
import { loadScript } from '../../../shared/script/load';
import { issuesOf, rawAnswer, rawScript, rawStep } from './fixtures';

type Raw = ReturnType<typeof rawScript>;
type Obj = Record<string, unknown>;
type Name = Parameters<typeof rawScript>[0];

const thirdPartyText = (json: Raw): Obj => ((rawStep(json, 'kr-source').text['bySource'] as Obj)['third_party'] as Obj);

interface Mutation {
  readonly name: string;
  readonly script: Name;
  readonly rule: string;
  readonly edit: (json: Raw) => void;
}

const MUTATIONS: readonly Mutation[] = [
  // The five edits of issue 14, all of which loaded before.
  {
    name: 'the consent "no" answer gives a yes-fact and leads to the pitch',
    script: 'kr-default',
    rule: 'KR-MKT',
    edit: (j) => Object.assign(rawAnswer(j, 'kr-mkt', 'no'), { value: 'yes', next: 'pitch' }),
  },
  { name: 'the consentKind is removed from the consent step', script: 'kr-default', rule: 'KR-MKT', edit: (j) => delete rawStep(j, 'kr-mkt')['consentKind'] },
  {
    name: 'the consent question is replaced by "그럼 바로 상품을 안내해 드려도 될까요?"',
    script: 'kr-default',
    rule: 'KR-MKT',
    edit: (j) => (rawStep(j, 'kr-mkt').prompt['ko'] = '그럼 바로 상품을 안내해 드려도 될까요?'),
  },
  {
    name: 'the time question is moved after the source and the consent',
    script: 'kr-default',
    rule: 'CG-TIME',
    edit: (j) => {
      rawStep(j, 'kr-id')['next'] = 'kr-source';
      rawAnswer(j, 'kr-mkt', 'yes')['next'] = 'cg-time';
      rawAnswer(j, 'cg-time', 'yes')['next'] = 'pitch';
    },
  },
  {
    name: "the provider's name is removed from the third-party source text",
    script: 'kr-default',
    rule: 'KR-SOURCE',
    edit: (j) => (thirdPartyText(j)['ko'] = String(thirdPartyText(j)['ko']).replaceAll('{{providerName}}', '제휴사')),
  },
  // More of the same kind.
  {
    name: 'the "no" answer is also listed as granting the consent',
    script: 'kr-default',
    rule: 'KR-MKT',
    edit: (j) => {
      rawStep(j, 'kr-mkt')['grantedBy'] = ['yes', 'no'];
      Object.assign(rawAnswer(j, 'kr-mkt', 'no'), { value: 'yes', next: 'pitch' });
    },
  },
  {
    name: 'the "optional" sentence is cut from the English consent text',
    script: 'kr-default',
    rule: 'KR-MKT',
    edit: (j) => (rawStep(j, 'kr-mkt').prompt['en'] = String(rawStep(j, 'kr-mkt').prompt['en']).replace('This consent is optional: ', '')),
  },
  { name: 'the third-party-provision step is dropped before the sale', script: 'kr-default', rule: 'KR-3P', edit: (j) => (rawStep(j, 'pitch')['next'] = 'close') },
  {
    name: 'the recipients are no longer read in the provision consent',
    script: 'kr-default',
    rule: 'KR-3P',
    edit: (j) => (rawStep(j, 'kr-3p').prompt['en'] = String(rawStep(j, 'kr-3p').prompt['en']).replace('{{recipients}}', 'our partners')),
  },
  {
    name: 'the right to refuse is cut from the provision consent',
    script: 'kr-default',
    rule: 'KR-3P',
    edit: (j) => (rawStep(j, 'kr-3p').prompt['ko'] = String(rawStep(j, 'kr-3p').prompt['ko']).replace(/고객님께서는 제3자 제공 동의를 거부할 권리가 있으며, /, '')),
  },
  { name: 'a refused provision still reaches the sale', script: 'kr-default', rule: 'KR-3P', edit: (j) => (rawAnswer(j, 'kr-3p', 'no')['next'] = 'close') },
  { name: 'the provision step is read even without recipients', script: 'kr-default', rule: 'KR-3P', edit: (j) => delete rawStep(j, 'kr-3p')['onlyIf'] },
  {
    name: 'the free refusal number is cut from the opt-out text',
    script: 'kr-default',
    rule: 'KR-OPTOUT',
    edit: (j) => ((j['optOut'] as { text: Obj }).text['ko'] = '네, 알겠습니다. 수신거부 처리해 드리겠습니다.'),
  },
  {
    name: 'the seller is no longer named in the US disclosure',
    script: 'us-default',
    rule: 'US-DISC',
    edit: (j) => (rawStep(j, 'us-disc').text['en'] = String(rawStep(j, 'us-disc').text['en']).replace('{{sellerName}}', 'our partner')),
  },
  { name: 'a US consent "no" leads to the pitch', script: 'us-default', rule: 'CG-PITCH-LOCK', edit: (j) => (rawAnswer(j, 'us-consent', 'no')['next'] = 'pitch') },
  {
    name: 'the UK consent no longer says it can be withdrawn',
    script: 'uk-default',
    rule: 'EU-ART7',
    edit: (j) => (rawStep(j, 'uk-consent').prompt['en'] = 'Before I go on, may {{companyName}} call you about {{purpose}}? Do you agree?'),
  },
  {
    name: 'the German consent text no longer explains the Widerruf',
    script: 'de-default',
    rule: 'DE-CONSENT',
    edit: (j) => (rawStep(j, 'de-consent').prompt['de'] = 'Sind Sie damit einverstanden, dass {{companyName}} Sie zum Zweck {{purpose}} anruft?'),
  },
  { name: 'a DE text is left without its German version', script: 'de-default', rule: 'DE-CONSENT', edit: (j) => delete rawStep(j, 'pitch').text['de'] },
];

describe('script mutations: the loader refuses scripts that lost their meaning', () => {
  it.each(['kr-default', 'us-default', 'uk-default', 'de-default'] as const)('the shipped %s loads as it is (so each refusal below is the edit\'s)', (name) => {
    expect(() => loadScript(rawScript(name))).not.toThrow();
  });

  it.each(MUTATIONS.map((m) => [`${m.rule}: ${m.name} (${m.script})`, m] as const))('%s is refused by loadScript', (_title, m) => {
    const json = rawScript(m.script);
    m.edit(json);
    const issues = issuesOf(json);
    const hit = issues.find((i) => i.ruleId === m.rule);
    expect(hit, `no issue names ${m.rule}: ${JSON.stringify(issues.map((i) => [i.ruleId, i.message]))}`).toBeDefined();
    // Every semantic issue says what to do about it.
    expect(hit?.fix?.length ?? 0).toBeGreaterThan(0);
  });
});
