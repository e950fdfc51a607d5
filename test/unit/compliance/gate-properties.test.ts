// Property tests of the gate over random scenarios (fast-check): well-formed verdicts, purity, malformed
// input never allowed, and monotonicity (adding a reason-causing fact never turns refused into allowed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATE_RULE_IDS, evaluateGate, profileFor, type DncLookup, type GateInput } from '../../../shared/compliance';
import type { ConsentGrant } from '../../../shared/domain/consent-grant';
import { isKnownTimeZone } from '../../../shared/domain/time-zone';
import { AGENCY, DAY, SELLER, campaign, grant, lead } from './fixtures';

const RUNS = 400;
const ZONES = ['Asia/Seoul', 'America/New_York', 'America/Phoenix', 'Pacific/Honolulu', 'America/Los_Angeles', 'Europe/London'] as const;
const NUMBERS = { KR: '+821055501234', US: '+12125550123' } as const;

/** A light lookup: the gate tests judge the gate, the DncSet has its own tests. */
function lookup(numbers: readonly string[], snapshotTakenAt?: string): DncLookup {
  const set = new Set(numbers);
  return snapshotTakenAt === undefined ? { has: (n) => set.has(n) } : { has: (n) => set.has(n), snapshotTakenAt };
}

const grantArb = fc.record({
  kind: fc.constantFrom('marketing_call', 'night_call', 'third_party_provision', 'written_call', 'recording' as const),
  recipients: fc.subarray([SELLER, AGENCY, 'co-other'], { minLength: 1 }),
  ageDays: fc.integer({ min: -3, max: 1200 }),
  reconfirmedDaysAgo: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
  withdrawnDaysAgo: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  termsVersion: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
});

const scenarioArb = fc.record({
  profile: fc.constantFrom('KR' as const, 'US' as const),
  zone: fc.constantFrom(...ZONES),
  // Any second of 2025 (covers both DST switches in every zone above).
  nowMs: fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2025-12-31T23:59:59Z') }).map((ms) => ms - (ms % 1000)),
  agency: fc.boolean(),
  thirdParty: fc.boolean(),
  termsVersion: fc.constantFrom('v1', 'v2'),
  ownCustomerTxDaysAgo: fc.option(fc.integer({ min: -10, max: 400 }), { nil: undefined }),
  sameKindOfGoods: fc.boolean(),
  ebr: fc.option(fc.record({ purchaseDaysAgo: fc.integer({ min: 0, max: 700 }), inquiryDaysAgo: fc.integer({ min: 0, max: 200 }) }), { nil: undefined }),
  grants: fc.array(grantArb, { maxLength: 5 }),
  nationalListed: fc.boolean(),
  internalListed: fc.boolean(),
  snapshotAgeDays: fc.option(fc.integer({ min: -1, max: 45 }), { nil: undefined }),
  attemptsToday: fc.integer({ min: 0, max: 4 }),
  attemptsOlder: fc.integer({ min: 0, max: 12 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario): GateInput {
  const now = new Date(s.nowMs);
  const ago = (days: number) => new Date(s.nowMs - days * DAY).toISOString();
  const number = NUMBERS[s.profile];
  const calling = s.agency ? AGENCY : SELLER;
  const grants: ConsentGrant[] = s.grants.map((g, i) =>
    grant(g.kind, {
      id: `g-${i}`,
      recipients: g.recipients,
      grantedAt: ago(g.ageDays),
      ...(g.reconfirmedDaysAgo !== undefined && { reconfirmedAt: ago(g.reconfirmedDaysAgo) }),
      ...(g.withdrawnDaysAgo !== undefined && { withdrawnAt: ago(g.withdrawnDaysAgo) }),
      ...(g.termsVersion !== undefined && { termsVersion: g.termsVersion }),
    }),
  );
  const source = s.thirdParty
    ? { kind: 'third_party' as const, providerCompanyId: 'co-provider', providerName: 'P', consentDate: ago(100), reference: 'r', description: 'd' }
    : {
        kind: 'own_customer' as const,
        description: 'd',
        sameKindOfGoods: s.sameKindOfGoods,
        ...(s.ownCustomerTxDaysAgo !== undefined && { lastTransactionAt: ago(s.ownCustomerTxDaysAgo) }),
      };
  return {
    lead: lead({
      phoneE164: number,
      timeZone: s.zone,
      source,
      ...(s.ebr && { businessRelationship: { lastPurchaseAt: ago(s.ebr.purchaseDaysAgo), lastInquiryAt: ago(s.ebr.inquiryDaysAgo) } }),
    }),
    grants,
    campaign: campaign({
      profile: s.profile,
      callingCompanyId: calling,
      provisionTerms: { version: s.termsVersion, purpose: 'p', items: ['name'], retention: '1y' },
    }),
    nationalDnc: lookup(s.nationalListed ? [number] : [], s.snapshotAgeDays === undefined ? undefined : ago(s.snapshotAgeDays)),
    internalDnc: lookup(s.internalListed ? [number] : []),
    attempts: [
      ...Array.from({ length: s.attemptsToday }, () => ({ leadId: 'lead-1', campaignId: 'cmp-1', at: now.toISOString() })),
      ...Array.from({ length: s.attemptsOlder }, (_, i) => ({ leadId: 'lead-1', campaignId: 'cmp-1', at: ago(3 + i) })),
    ],
    now,
  };
}

describe('gate properties (fast-check)', () => {
  it('CG-INPUT: every verdict over valid input is well formed: allowed iff no reasons, known codes, ko+en text, no number', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = build(s);
        const v = evaluateGate(input);
        expect(v.allowed).toBe(v.reasons.length === 0);
        expect(v.localTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        for (const r of v.reasons) {
          expect(GATE_RULE_IDS).toContain(r.code);
          expect(r.code).not.toBe('CG-INPUT');
          expect(r.message.ko.length).toBeGreaterThan(10);
          expect(r.message.en.length).toBeGreaterThan(10);
          expect(JSON.stringify(r)).not.toContain(input.lead.phoneE164.slice(3));
        }
        // Reasons only come from the profile's own rules.
        const own = JSON.stringify(profileFor(s.profile));
        for (const r of v.reasons) expect(own).toContain(`"${r.code}"`);
      }),
      { numRuns: RUNS },
    );
  });

  it('KR-NIGHT / US-HOURS: the gate is pure: same input, same verdict, input untouched', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = build(s);
        const snapshot = JSON.stringify(input);
        const a = evaluateGate(deepFreeze(input));
        const b = evaluateGate(input);
        expect(b).toEqual(a);
        expect(JSON.stringify(input)).toBe(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  const corruptions: fc.Arbitrary<[string, (i: GateInput) => unknown]>[] = [
    fc.string({ maxLength: 20 }).filter((z) => !isKnownTimeZone(z)).map((z) => ['time zone', (i: GateInput) => ({ ...i, lead: { ...i.lead, timeZone: z } })]),
    fc
      .oneof(fc.string({ maxLength: 16 }), fc.stringMatching(/^\+[1-9]\d{2,5}$/), fc.constantFrom('+82101234567890', '+19995550123', '+8210'))
      .map((n) => ['number', (i: GateInput) => ({ ...i, lead: { ...i.lead, phoneE164: n } })]),
    fc
      .constantFrom('id', 'campaignId', 'name', 'phoneE164', 'timeZone', 'source')
      .map((k) => [`lead without ${k}`, (i: GateInput) => ({ ...i, lead: omit(i.lead, k) })]),
    fc
      .constantFrom('id', 'sellerCompanyId', 'callingCompanyId', 'profile', 'scriptId')
      .map((k) => [`campaign without ${k}`, (i: GateInput) => ({ ...i, campaign: omit(i.campaign, k) })]),
    fc.constantFrom('lead', 'grants', 'campaign', 'internalDnc', 'attempts', 'now').map((k) => [`input without ${k}`, (i: GateInput) => omit(i, k)]),
    fc.constant(['invalid now', (i: GateInput) => ({ ...i, now: new Date(Number.NaN) })]),
    fc.constant(['bad grant date', (i: GateInput) => ({ ...i, grants: [...i.grants, { ...grant('marketing_call'), grantedAt: '2025-13-01T00:00:00Z' }] })]),
    fc.constant(['grant of another lead', (i: GateInput) => ({ ...i, grants: [...i.grants, grant('marketing_call', { leadId: 'someone-else' })] })]),
    fc.constant(['lead of another campaign', (i: GateInput) => ({ ...i, lead: { ...i.lead, campaignId: 'cmp-x' } })]),
    fc.constant(['unknown profile', (i: GateInput) => ({ ...i, campaign: { ...i.campaign, profile: 'UK' } })]),
    fc.constant(['lookup without has', (i: GateInput) => ({ ...i, internalDnc: { snapshotTakenAt: '2025-01-01T00:00:00Z' } })]),
    fc.constant(['bad snapshot date', (i: GateInput) => ({ ...i, nationalDnc: { has: () => false, snapshotTakenAt: 'June' } })]),
    fc.constant(['bad attempt', (i: GateInput) => ({ ...i, attempts: [...i.attempts, { leadId: 'lead-1', campaignId: 'cmp-1' }] })]),
  ];

  it('CG-INPUT: the gate never says allowed when any input is malformed', () => {
    fc.assert(
      fc.property(scenarioArb, fc.oneof(...corruptions), (s, [, corrupt]) => {
        const v = evaluateGate(corrupt(build(s)) as GateInput);
        expect(v.allowed).toBe(false);
        expect(v.reasons.some((r) => r.code === 'CG-INPUT')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  /** Facts that each cause a reason; `code` is the rule id expected under the profile. */
  const facts: { name: string; code: (p: 'KR' | 'US') => string; applies?: (s: Scenario) => boolean; add: (i: GateInput, s: Scenario) => GateInput }[] = [
    {
      name: 'internal DNC listing',
      code: (p) => (p === 'KR' ? 'KR-DNC' : 'US-IDNC'),
      add: (i) => ({ ...i, internalDnc: lookup([i.lead.phoneE164]) }),
    },
    {
      name: 'stale registry snapshot',
      code: (p) => (p === 'KR' ? 'KR-DNC' : 'US-NDNC'),
      add: (i) => ({ ...i, nationalDnc: lookup([], new Date(i.now.getTime() - 40 * DAY).toISOString()) }),
    },
    { name: 'no registry', code: (p) => (p === 'KR' ? 'KR-DNC' : 'US-NDNC'), add: (i) => ({ ...i, nationalDnc: undefined }) },
    {
      name: 'daily attempts used up',
      code: () => 'CG-ATTEMPTS',
      add: (i) => ({ ...i, attempts: [...i.attempts, ...Array.from({ length: 3 }, () => ({ leadId: 'lead-1', campaignId: 'cmp-1', at: i.now.toISOString() }))] }),
    },
    {
      name: 'marketing consent withdrawn',
      code: () => 'KR-CONSENT',
      applies: (s) => s.profile === 'KR',
      add: (i) => ({
        ...i,
        grants: [
          ...i.grants,
          grant('marketing_call', { id: 'w', recipients: [i.campaign.callingCompanyId], grantedAt: i.now.toISOString(), withdrawnAt: i.now.toISOString() }),
        ],
      }),
    },
    {
      name: 'do-not-call request recorded',
      code: () => 'US-IDNC',
      applies: (s) => s.profile === 'US',
      add: (i) => ({ ...i, lead: { ...i.lead, businessRelationship: { ...i.lead.businessRelationship, endedAt: i.now.toISOString() } } }),
    },
    {
      name: 'provision terms changed',
      code: () => 'KR-3P',
      applies: (s) => s.profile === 'KR' && s.thirdParty,
      add: (i) => ({ ...i, campaign: { ...i.campaign, provisionTerms: { version: 'v9', purpose: 'p', items: ['x'], retention: '1y' } } }),
    },
  ];

  it('KR-DNC / US-IDNC / US-NDNC / CG-ATTEMPTS / KR-CONSENT / KR-3P: adding a reason-causing fact never turns refused into allowed', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...facts), (s, fact) => {
        fc.pre(fact.applies?.(s) ?? true);
        const input = build(s);
        const before = evaluateGate(input);
        const after = evaluateGate(fact.add(input, s));
        expect(after.allowed).toBe(false);
        expect(after.reasons.map((r) => r.code)).toContain(fact.code(s.profile));
        // Every rule that refused before still refuses. One exception by design: a withdrawal replaces
        // "consent too old to count" (KR-RECONF) with "consent withdrawn" (KR-CONSENT), still refused.
        const afterCodes = new Set(after.reasons.map((r) => r.code));
        for (const r of before.reasons) if (r.code !== 'KR-RECONF') expect(afterCodes).toContain(r.code);
      }),
      { numRuns: RUNS },
    );
  });

  it('KR-NIGHT / US-HOURS: moving the same call into the local night, without a night consent, is refused', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 95 }), (s, skip) => {
        const input = build({ ...s, grants: s.grants.filter((g) => g.kind !== 'night_call') });
        // Walk forward in 15-minute steps to the (skip % 8 + 1)-th instant that is night locally (DST-safe: Intl decides).
        let wanted = (skip % 8) + 1;
        let night: GateInput | undefined;
        for (let k = 0; k < 96 && night === undefined; k++) {
          const candidate = { ...input, now: new Date(input.now.getTime() + k * 900_000) };
          const hour = Number(evaluateGate(candidate).localTime?.slice(11, 13));
          if ((hour < 8 || hour >= 21) && --wanted === 0) night = candidate;
        }
        if (night === undefined) throw new Error('a day always has a night');
        const v = evaluateGate(night);
        expect(v.allowed).toBe(false);
        expect(v.reasons.map((r) => r.code)).toContain(s.profile === 'KR' ? 'KR-NIGHT' : 'US-HOURS');
      }),
      { numRuns: 150 },
    );
  });
});

function omit<T extends object>(o: T, key: string): Partial<T> {
  const copy = { ...o } as Record<string, unknown>;
  delete copy[key];
  return copy as Partial<T>;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
