import { describe, expect, it } from 'vitest';
import { evaluateGate, isReconfirmationOverdue, KR_PROFILE, reconfirmationDueAt, US_PROFILE } from '../../../shared/compliance';
import { KR_NOW, SECOND, details, dnc, grant, krInput, lead, plus } from './fixtures';

// KR_NOW is 2025-06-10T03:00:00Z; exactly 2 years before is 2023-06-10T03:00:00Z.
const TWO_YEARS_AGO = '2023-06-10T03:00:00Z';

describe('KR-RECONF: consent older than 2 years without re-confirmation counts as not confirmed', () => {
  it('KR-RECONF: a consent exactly 2 years old is still confirmed; one second older is not', () => {
    expect(evaluateGate(krInput({ grants: [grant('marketing_call', { grantedAt: TWO_YEARS_AGO })] })).allowed).toBe(true);
    const v = evaluateGate(krInput({ grants: [grant('marketing_call', { grantedAt: TWO_YEARS_AGO })], now: plus(KR_NOW, SECOND) }));
    expect(details(v)).toEqual(['KR-CONSENT/not-reconfirmed', 'KR-RECONF/overdue']);
  });

  it('KR-RECONF: the reason says 2 years and asks to re-confirm, in Korean and English', () => {
    const v = evaluateGate(krInput({ grants: [grant('marketing_call', { grantedAt: '2022-01-01T00:00:00Z' })] }));
    const r = v.reasons.find((x) => x.code === 'KR-RECONF');
    expect(r?.message.ko).toBe('전화 광고 수신 동의를 받거나 재확인한 지 2년이 지났습니다. 동의 여부를 재확인한 후에 전화를 걸 수 있습니다.');
    expect(r?.message.en).toContain('2 years');
  });

  it('KR-RECONF: a re-confirmation within 2 years renews the consent', () => {
    const grants = [grant('marketing_call', { grantedAt: '2021-01-01T00:00:00Z', reconfirmedAt: '2024-01-01T00:00:00Z' })];
    expect(evaluateGate(krInput({ grants })).allowed).toBe(true);
  });

  it('KR-RECONF: a re-confirmation itself older than 2 years does not', () => {
    const grants = [grant('marketing_call', { grantedAt: '2020-01-01T00:00:00Z', reconfirmedAt: '2023-01-01T00:00:00Z' })];
    expect(details(evaluateGate(krInput({ grants })))).toEqual(['KR-CONSENT/not-reconfirmed', 'KR-RECONF/overdue']);
  });

  it('KR-RECONF: a re-confirmation stamped after now does not count', () => {
    const grants = [grant('marketing_call', { grantedAt: '2021-01-01T00:00:00Z', reconfirmedAt: plus(KR_NOW, SECOND).toISOString() })];
    expect(evaluateGate(krInput({ grants })).allowed).toBe(false);
  });

  it('KR-RECONF: one fresh consent among stale ones is enough', () => {
    const grants = [
      grant('marketing_call', { id: 'old', grantedAt: '2020-01-01T00:00:00Z' }),
      grant('marketing_call', { id: 'new', grantedAt: '2025-01-01T00:00:00Z' }),
    ];
    expect(evaluateGate(krInput({ grants })).allowed).toBe(true);
  });

  it('KR-RECONF: within the own-customer exception a stale consent does not matter', () => {
    const l = lead({ source: { kind: 'own_customer', description: 'x', sameKindOfGoods: true, lastTransactionAt: '2025-04-01T00:00:00Z' } });
    expect(evaluateGate(krInput({ lead: l, grants: [grant('marketing_call', { grantedAt: '2020-01-01T00:00:00Z' })] })).allowed).toBe(true);
  });

  it('KR-RECONF: the 2-year count is calendar months (a consent of 2023-06-10 is fresh through 2025-06-10)', () => {
    // 730 days after 2023-06-10 is 2025-06-09: a day-count would wrongly expire it a day early (2024 is leap).
    const grants = [grant('marketing_call', { grantedAt: '2023-06-10T00:00:00Z' })];
    expect(evaluateGate(krInput({ grants, now: new Date('2025-06-09T23:59:59Z') })).allowed).toBe(true);
  });
});

describe('KR-RECONF: one definition of "due" for the gate and the server\'s due list', () => {
  it('KR-RECONF: a grant given on 29 February is due on 28 February two years later, in the gate and the list alike', () => {
    const g = grant('marketing_call', { grantedAt: '2024-02-29T03:00:00Z' });
    const due = reconfirmationDueAt(g, KR_PROFILE, KR_NOW);
    expect(due).toBe('2026-02-28T03:00:00.000Z');
    const at = (iso: string) => evaluateGate(krInput({ grants: [g], now: new Date(iso), nationalDnc: dnc([], '2026-02-20T00:00:00Z') }));
    // The gate agrees with the list to the second: valid at the due instant, overdue one second later.
    expect(at('2026-02-28T03:00:00Z').allowed).toBe(true);
    expect(details(at('2026-02-28T03:00:01Z'))).toEqual(['KR-CONSENT/not-reconfirmed', 'KR-RECONF/overdue']);
    expect(isReconfirmationOverdue(Date.parse(due ?? ''), Date.parse('2026-02-28T03:00:00Z'))).toBe(false);
    expect(isReconfirmationOverdue(Date.parse(due ?? ''), Date.parse('2026-02-28T03:00:01Z'))).toBe(true);
  });

  it('KR-RECONF: the list holds only the kinds the gate ages (marketing and night-call consent), and no US grant', () => {
    expect(reconfirmationDueAt(grant('third_party_provision'), KR_PROFILE, KR_NOW)).toBeUndefined();
    expect(reconfirmationDueAt(grant('recording'), KR_PROFILE, KR_NOW)).toBeUndefined();
    expect(reconfirmationDueAt(grant('night_call', { grantedAt: '2025-01-15T01:00:00Z' }), KR_PROFILE, KR_NOW)).toBe('2027-01-15T01:00:00.000Z');
    expect(reconfirmationDueAt(grant('marketing_call'), US_PROFILE, KR_NOW)).toBeUndefined();
  });
});
