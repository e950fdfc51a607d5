import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Role } from '../shared/api/identity';
import type { Campaign } from '../shared/domain/campaign';
import type { Company } from '../shared/domain/company';
import type { ConsentGrant } from '../shared/domain/consent-grant';
import type { Lead } from '../shared/domain/lead';
import type { AppContext } from './context';
import { hashPassword } from './identity/password';
import { countUsers, insertTeam, insertUser } from './identity/users';
import { insertCampaign, insertCompany } from './store/campaigns';
import { setAssignedCampaigns } from './store/campaign-agents';
import { insertGrants, insertLeads } from './store/leads';
import { insertScorecard } from './store/qa-scorecards';
import { defaultScorecard, DEFAULT_SCORECARD_ID } from './services/qa/default-scorecard';
import { KR_PROFILE, US_PROFILE } from '../shared/compliance/profiles';

/**
 * Demo data for a first start on an empty database: one seller and the agency that calls for it, a data
 * provider, KR and US campaigns, a team, the five demo users, and leads that exercise every gate rule.
 * Every number is fictional (KR 010-0000-xxxx, US 555-01xx). Numbers are never printed.
 */
export const DEMO_USERS: readonly { username: string; displayName: string; role: Role; team: boolean }[] = [
  { username: 'admin', displayName: '관리자 Admin', role: 'admin', team: false },
  { username: 'lead1', displayName: '박서연', role: 'lead', team: true },
  { username: 'trainer1', displayName: '이도윤', role: 'trainer', team: false },
  { username: 'agent1', displayName: '김하준', role: 'agent', team: true },
  { username: 'agent2', displayName: '최지우', role: 'agent', team: true },
];

export const DEMO_IDS = {
  seller: 'co-hanbit-life',
  agency: 'co-nuri-call',
  provider: 'co-daon-card',
  otherCompany: 'co-saebom-shop',
  usSeller: 'co-cedar-home',
  krCampaign: 'cmp-kr-insurance',
  usCampaign: 'cmp-us-solar',
  team: 'team-seoul-1',
} as const;

const DAY = 86_400_000;

export interface SeedResult {
  /** username -> password, only when the passwords were generated (to print once). */
  readonly generatedPasswords: Record<string, string> | null;
  readonly leads: number;
}

/** The demo companies: the seller, the calling agency, a data provider, another company, the US seller. */
export const DEMO_COMPANIES: readonly Company[] = [
  { id: DEMO_IDS.seller, name: { ko: '한빛생명', en: 'Hanbit Life' }, contactNumber: '080-000-0100' },
  { id: DEMO_IDS.agency, name: { ko: '누리콜센터', en: 'Nuri Call Center' }, contactNumber: '080-000-0200' },
  { id: DEMO_IDS.provider, name: { ko: '다온카드', en: 'Daon Card' }, contactNumber: '080-000-0300' },
  { id: DEMO_IDS.otherCompany, name: { ko: '새봄쇼핑', en: 'Saebom Shopping' }, contactNumber: '080-000-0400' },
  { id: DEMO_IDS.usSeller, name: { ko: '시더 홈 서비스', en: 'Cedar Home Services' }, contactNumber: '(800) 555-0199' },
];

/** The KR provision consent terms of the demo campaign (what the demo grants were given under). */
const terms = { version: 'terms-2025-1', purpose: '보험 상품 안내', items: ['이름', '휴대전화번호'], retention: '동의일로부터 1년' };

/** The demo campaigns: KR health insurance through the agency (KR-3P on a sale), US solar panels. */
export const DEMO_CAMPAIGNS: readonly Campaign[] = [
  {
    id: DEMO_IDS.krCampaign,
    name: { ko: '한빛생명 건강보험 안내', en: 'Hanbit Life health insurance' },
    sellerCompanyId: DEMO_IDS.seller,
    callingCompanyId: DEMO_IDS.agency,
    product: { ko: '건강보험', en: 'health insurance' },
    purpose: { ko: '건강보험 상품 안내', en: 'introducing a health insurance plan' },
    scriptId: 'kr-default',
    scriptVersion: 1,
    profile: 'KR',
    provisionTerms: terms,
    // KR-3P: the agency hands an applicant's data to the seller; read aloud before a sale.
    saleProvision: {
      version: 'sale-2025-1',
      recipients: [
        {
          companyId: DEMO_IDS.seller,
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
  {
    id: DEMO_IDS.usCampaign,
    name: { ko: '시더 태양광 패널', en: 'Cedar solar panels' },
    sellerCompanyId: DEMO_IDS.usSeller,
    callingCompanyId: DEMO_IDS.usSeller,
    product: { ko: '태양광 패널', en: 'solar panels' },
    purpose: { ko: '태양광 패널 설치 안내', en: 'offering a solar panel installation' },
    scriptId: 'us-default',
    scriptVersion: 1,
    profile: 'US',
  },
];

/** Seeds the demo data if the database has no user yet; returns null when it already had data. */
export async function seedDemo(ctx: AppContext, opts: { password?: string | undefined } = {}): Promise<SeedResult | null> {
  const db = ctx.store.db;
  if ((await countUsers(db)) > 0) return null;
  const now = ctx.clock();
  const iso = (msAgo: number): string => new Date(now.getTime() - msAgo).toISOString();
  const passwords: Record<string, string> = {};
  const hashes: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    passwords[u.username] = opts.password ?? randomBytes(9).toString('base64url');
    hashes[u.username] = await hashPassword(passwords[u.username] ?? '', ctx.config.scryptLog2N);
  }

  const leads: Lead[] = [];
  const grants: ConsentGrant[] = [];
  let n = 0;
  const lead = (id: string, name: string, phoneE164: string, timeZone: string, source: Lead['source'], extra: Partial<Lead> = {}): string => {
    leads.push({ id, campaignId: phoneE164.startsWith('+82') ? DEMO_IDS.krCampaign : DEMO_IDS.usCampaign, name, phoneE164, timeZone, source, ...extra });
    return id;
  };
  const grant = (leadId: string, kind: ConsentGrant['kind'], recipients: string[], grantedMsAgo: number, extra: Partial<ConsentGrant> = {}): void => {
    n += 1;
    grants.push({
      id: `grant-demo-${String(n).padStart(2, '0')}`,
      leadId,
      kind,
      recipients,
      purpose: terms.purpose,
      items: terms.items,
      retention: terms.retention,
      grantedAt: iso(grantedMsAgo),
      evidenceRef: `demo-consent-form-${n}`,
      ...extra,
    });
  };
  const own = { kind: 'own_customer' as const, description: '한빛생명 온라인 가입 고객', sameKindOfGoods: false };
  const kr = DEMO_IDS;
  const both = [kr.seller, kr.agency];

  // KR-CONSENT satisfied: marketing consent naming the seller and the agency, 4 months old.
  grant(lead('lead-kr-valid', '김민준', '+821000000101', 'Asia/Seoul', own), 'marketing_call', both, 120 * DAY);
  // KR-RECONF: consent older than 2 years, never re-confirmed.
  grant(lead('lead-kr-expired', '이서윤', '+821000000102', 'Asia/Seoul', own), 'marketing_call', both, 790 * DAY);
  // KR-3P: third-party lead whose provision consent names another company, not the agency.
  const tp = { kind: 'third_party' as const, providerCompanyId: kr.provider, providerName: '다온카드', consentDate: iso(60 * DAY), reference: 'DAON-2025-0042', description: '다온카드 회원 가입 시 제3자 제공 동의' };
  const thirdBad = lead('lead-kr-3p-other', '박지호', '+821000000103', 'Asia/Seoul', tp);
  grant(thirdBad, 'third_party_provision', [kr.otherCompany], 60 * DAY, { termsVersion: terms.version });
  grant(thirdBad, 'marketing_call', both, 60 * DAY);
  // KR-3P satisfied: provision consent naming the agency, current terms.
  const thirdOk = lead('lead-kr-3p-ok', '정수아', '+821000000104', 'Asia/Seoul', { ...tp, reference: 'DAON-2025-0043' });
  grant(thirdOk, 'third_party_provision', [kr.agency, kr.seller], 50 * DAY, { termsVersion: terms.version });
  grant(thirdOk, 'marketing_call', both, 50 * DAY);
  // KR-NIGHT lifted: separate night-call consent.
  const night = lead('lead-kr-night', '최예준', '+821000000105', 'Asia/Seoul', own);
  grant(night, 'marketing_call', both, 90 * DAY);
  grant(night, 'night_call', both, 90 * DAY);
  // KR-DNC: valid consent, but the number is on the national registry snapshot below.
  grant(lead('lead-kr-dnc', '강하은', '+821000000106', 'Asia/Seoul', own), 'marketing_call', both, 100 * DAY);
  // KR-WITHDRAW: marketing consent withdrawn.
  grant(lead('lead-kr-withdrawn', '윤도현', '+821000000107', 'Asia/Seoul', own), 'marketing_call', both, 200 * DAY, { withdrawnAt: iso(10 * DAY) });
  // KR-CONSENT exception: own customer, same kind of goods, transaction 2 months ago, no consent.
  lead('lead-kr-own-recent', '임채원', '+821000000108', 'Asia/Seoul', { ...own, lastTransactionAt: iso(60 * DAY), sameKindOfGoods: true });
  // KR-CONSENT missing: no consent at all.
  lead('lead-kr-no-consent', '한지민', '+821000000109', 'Asia/Seoul', own);
  // KR-RECONF satisfied: old consent, re-confirmed last year.
  grant(lead('lead-kr-reconfirmed', '오승우', '+821000000110', 'Asia/Seoul', own), 'marketing_call', both, 900 * DAY, { reconfirmedAt: iso(300 * DAY) });

  // US leads in several time zones (US-HOURS), one on the national registry (US-NDNC), its exceptions.
  const usOwn = { kind: 'own_customer' as const, description: 'Cedar Home Services website inquiry', sameKindOfGoods: false };
  lead('lead-us-ny', 'Avery Johnson', '+12125550101', 'America/New_York', usOwn, { region: 'US-NY' });
  lead('lead-us-chicago', 'Jordan Lee', '+13125550102', 'America/Chicago', usOwn);
  lead('lead-us-denver', 'Riley Garcia', '+13035550103', 'America/Denver', usOwn);
  // US-RECNOTICE: California requires every party's consent to record, so the notice is read there.
  lead('lead-us-la', 'Casey Kim', '+14155550104', 'America/Los_Angeles', usOwn, { region: 'US-CA' });
  lead('lead-us-honolulu', 'Morgan Silva', '+18085550105', 'Pacific/Honolulu', usOwn);
  lead('lead-us-ndnc', 'Taylor Brown', '+12125550106', 'America/New_York', usOwn);
  lead('lead-us-ndnc-ebr', 'Jamie Davis', '+13125550107', 'America/Chicago', usOwn, { businessRelationship: { lastPurchaseAt: iso(200 * DAY) } });
  grant(lead('lead-us-ndnc-written', 'Drew Wilson', '+14155550108', 'America/Los_Angeles', usOwn), 'written_call', [kr.usSeller], 30 * DAY, {
    purpose: 'solar panel offers',
    items: ['name', 'phone'],
    retention: '5 years',
  });

  const createdAt = now.toISOString();
  await db.tx(async (sql) => {
    for (const c of DEMO_COMPANIES) await insertCompany(sql, c);
    for (const c of DEMO_CAMPAIGNS) await insertCampaign(sql, c, createdAt);
    await insertTeam(sql, kr.team, '서울 1팀 (Seoul team 1)');
    for (const u of DEMO_USERS) {
      await insertUser(
        sql,
        { id: `user-${u.username}`, username: u.username, displayName: u.displayName, role: u.role, teamId: u.team ? kr.team : null, passwordHash: hashes[u.username] ?? '' },
        createdAt,
      );
    }
    // Both demo agents work both campaigns (decision 0013: an agent sees only assigned campaigns).
    for (const u of DEMO_USERS.filter((x) => x.role === 'agent')) {
      await setAssignedCampaigns(sql, `user-${u.username}`, DEMO_CAMPAIGNS.map((c) => c.id), 'user-admin', createdAt);
    }
    await insertLeads(sql, leads, createdAt);
    const krLeads = new Set(leads.filter((l) => l.campaignId === kr.krCampaign).map((l) => l.id));
    await insertGrants(sql, grants.filter((g) => krLeads.has(g.leadId)), KR_PROFILE, now);
    await insertGrants(sql, grants.filter((g) => !krLeads.has(g.leadId)), US_PROFILE, now);
    // The shipped QA scorecard, global (every team's leads may use it; admins edit it).
    await insertScorecard(sql, DEFAULT_SCORECARD_ID, null, defaultScorecard(), { by: 'user-admin', at: createdAt });
  });

  // National registry snapshots, 3 days old, through the same import path as the route.
  const snapshot = async (profile: 'KR' | 'US', numbers: string[]): Promise<void> => {
    await ctx.nationalDnc.importSnapshot(
      ctx.store,
      { profile, takenAt: new Date(now.getTime() - 3 * DAY).toISOString(), body: Readable.from([numbers.join('\n') + '\n']), importedBy: 'user-admin', now },
      () => undefined,
    );
  };
  await snapshot('KR', ['+821000000106', '010-0000-0199']);
  await snapshot('US', ['+12125550106', '+13125550107', '+14155550108', '(212) 555-0199']);
  return { generatedPasswords: opts.password ? null : passwords, leads: leads.length };
}
