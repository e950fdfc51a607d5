import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import { details, grant, krInput, kst, lead, plus, DAY, AGENCY, campaign } from './fixtures';

describe('KR-NIGHT: no advertising call 21:00-08:00 in the callee local time', () => {
  it('KR-NIGHT: base input at midday KST is allowed', () => {
    expect(evaluateGate(krInput())).toMatchObject({ allowed: true, localTime: '2025-06-10T12:00:00' });
  });

  it('KR-NIGHT: 20:59:59 KST is allowed, 21:00:00 is refused', () => {
    expect(evaluateGate(krInput({ now: kst('2025-06-10T20:59:59') })).allowed).toBe(true);
    const v = evaluateGate(krInput({ now: kst('2025-06-10T21:00:00') }));
    expect(details(v)).toEqual(['KR-NIGHT/outside-window']);
    expect(v.localTime).toBe('2025-06-10T21:00:00');
  });

  it('KR-NIGHT: 07:59:59 KST is refused, 08:00:00 is allowed', () => {
    expect(details(evaluateGate(krInput({ now: kst('2025-06-10T07:59:59') })))).toEqual(['KR-NIGHT/outside-window']);
    expect(evaluateGate(krInput({ now: kst('2025-06-10T08:00:00') })).allowed).toBe(true);
  });

  it.each(['2025-06-10T00:00:00', '2025-06-10T03:30:00', '2025-06-10T23:59:59'])('KR-NIGHT: %s KST is refused', (t) => {
    expect(details(evaluateGate(krInput({ now: kst(t) })))).toEqual(['KR-NIGHT/outside-window']);
  });

  it('KR-NIGHT: the message gives the local time and the night hours in polite Korean and in English', () => {
    const [r] = evaluateGate(krInput({ now: kst('2025-06-10T22:15:00') })).reasons;
    expect(r?.message.ko).toBe(
      '고객의 현지 시각(22:15)이 야간 시간대(21:00~08:00)에 해당합니다. 별도의 야간 광고 수신 동의가 없어 지금은 전화를 걸 수 없습니다.',
    );
    expect(r?.message.en).toContain('22:15');
    expect(r?.message.en).toContain('21:00-08:00');
  });

  it("KR-NIGHT: the window is the callee's zone, not Seoul's (midday KST is 04:00 in London)", () => {
    const v = evaluateGate(krInput({ lead: lead({ timeZone: 'Europe/London' }) }));
    expect(details(v)).toEqual(['KR-NIGHT/outside-window']);
    expect(v.localTime).toBe('2025-06-10T04:00:00');
  });

  it('KR-NIGHT: a separate night-call consent naming the calling company lifts the window', () => {
    const grants = [grant('marketing_call'), grant('night_call')];
    expect(evaluateGate(krInput({ grants, now: kst('2025-06-10T22:00:00') })).allowed).toBe(true);
    expect(evaluateGate(krInput({ grants, now: kst('2025-06-11T06:00:00') })).allowed).toBe(true);
  });

  it('KR-NIGHT: a night-call consent naming another company, or withdrawn, does not lift it', () => {
    const other = [grant('marketing_call', { recipients: [AGENCY] }), grant('night_call')];
    const v = evaluateGate(krInput({ campaign: campaign({ callingCompanyId: AGENCY }), grants: other, now: kst('2025-06-10T22:00:00') }));
    expect(details(v)).toEqual(['KR-NIGHT/outside-window']);
    const withdrawn = [grant('marketing_call'), grant('night_call', { withdrawnAt: '2025-03-01T00:00:00Z' })];
    expect(details(evaluateGate(krInput({ grants: withdrawn, now: kst('2025-06-10T22:00:00') })))).toEqual(['KR-NIGHT/outside-window']);
  });

  it('KR-NIGHT: marketing consent alone does not cover night calls', () => {
    expect(evaluateGate(krInput({ grants: [grant('marketing_call')], now: kst('2025-06-10T21:30:00') })).allowed).toBe(false);
  });

  it('KR-NIGHT + KR-RECONF: a night-call consent older than 2 years without re-confirmation does not lift the window', () => {
    const now = kst('2025-06-10T22:00:00');
    const grants = [grant('marketing_call'), grant('night_call', { grantedAt: new Date(now.getTime() - 800 * DAY).toISOString() })];
    const v = evaluateGate(krInput({ grants, now }));
    expect(details(v)).toEqual(['KR-NIGHT/outside-window', 'KR-RECONF/overdue']);
    expect(v.reasons[1]?.message.ko).toContain('야간 광고 수신 동의');
  });

  it('KR-NIGHT: the night consent counts only from its grant time on', () => {
    const now = kst('2025-06-10T22:00:00');
    const grants = [grant('marketing_call'), grant('night_call', { grantedAt: plus(now, 1000).toISOString() })];
    expect(details(evaluateGate(krInput({ grants, now })))).toEqual(['KR-NIGHT/outside-window']);
  });
});
