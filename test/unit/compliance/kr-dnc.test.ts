import { describe, expect, it } from 'vitest';
import { checkDncSnapshot, evaluateGate, KR_PROFILE } from '../../../shared/compliance';
import { DAY, KR_NOW, KR_NUMBER, SECOND, details, dnc, krInput, lead, plus } from './fixtures';

const snapshotAgo = (ms: number) => new Date(KR_NOW.getTime() - ms).toISOString();

describe('KR-DNC: national registry and company list; a stale snapshot stops the campaign', () => {
  it('KR-DNC: a number on the national registry is refused', () => {
    const v = evaluateGate(krInput({ nationalDnc: dnc([KR_NUMBER], snapshotAgo(DAY)) }));
    expect(details(v)).toEqual(['KR-DNC/national-listed']);
    expect(v.reasons[0]?.message.ko).toBe('이 번호는 국가 수신거부 명단에 등록되어 있어 전화를 걸 수 없습니다.');
  });

  it("KR-DNC: a number on the company's own list is refused", () => {
    expect(details(evaluateGate(krInput({ internalDnc: dnc([KR_NUMBER]) })))).toEqual(['KR-DNC/internal-listed']);
  });

  it('KR-DNC: listed on both lists gives both reasons', () => {
    const v = evaluateGate(krInput({ nationalDnc: dnc([KR_NUMBER], snapshotAgo(DAY)), internalDnc: dnc([KR_NUMBER]) }));
    expect(details(v)).toEqual(['KR-DNC/national-listed', 'KR-DNC/internal-listed']);
  });

  it('KR-DNC: other numbers on the lists do not matter', () => {
    expect(evaluateGate(krInput({ nationalDnc: dnc(['+821012345679'], snapshotAgo(DAY)), internalDnc: dnc(['+821012345677']) })).allowed).toBe(true);
  });

  it('KR-DNC: a snapshot exactly 31 days old is usable; one second older stops dialing', () => {
    expect(evaluateGate(krInput({ nationalDnc: dnc([], snapshotAgo(31 * DAY)) })).allowed).toBe(true);
    const v = evaluateGate(krInput({ nationalDnc: dnc([], snapshotAgo(31 * DAY + SECOND)) }));
    expect(details(v)).toEqual(['KR-DNC/snapshot-stale']);
    expect(v.reasons[0]?.message.ko).toBe(
      '국가 수신거부 명단 자료를 받은 지 32일째로, 허용 기간(31일)을 넘었습니다. 최신 명단을 반영할 때까지 이 캠페인의 발신이 모두 중지됩니다.',
    );
    expect(v.reasons[0]?.message.en).toContain('more than 31 days old (day 32 since it was taken)');
  });

  it('KR-DNC: no registry, or a registry without a snapshot date, stops dialing', () => {
    expect(details(evaluateGate(krInput({ nationalDnc: undefined })))).toEqual(['KR-DNC/snapshot-missing']);
    expect(details(evaluateGate(krInput({ nationalDnc: dnc([]) })))).toEqual(['KR-DNC/snapshot-missing']);
  });

  it('KR-DNC: a snapshot dated in the future is not trusted', () => {
    expect(details(evaluateGate(krInput({ nationalDnc: dnc([], plus(KR_NOW, SECOND).toISOString()) })))).toEqual(['KR-DNC/snapshot-in-future']);
  });

  it('KR-DNC: a stale snapshot refuses every lead of the campaign, listed or not, with or without consent', () => {
    const stale = dnc([KR_NUMBER], snapshotAgo(40 * DAY));
    expect(details(evaluateGate(krInput({ nationalDnc: stale })))).toEqual(['KR-DNC/snapshot-stale', 'KR-DNC/national-listed']);
    const other = lead({ id: 'lead-1', phoneE164: '+821098765432' });
    expect(details(evaluateGate(krInput({ nationalDnc: stale, lead: other })))).toEqual(['KR-DNC/snapshot-stale']);
    expect(checkDncSnapshot({ profile: KR_PROFILE, nowMs: KR_NOW.getTime(), input: { nationalDnc: stale } }).map((r) => r.detail)).toEqual([
      'snapshot-stale',
    ]);
  });

  it('KR-DNC: a recorded do-not-call request refuses even before the list has it', () => {
    expect(details(evaluateGate(krInput({ lead: lead({ businessRelationship: { endedAt: '2025-06-01T00:00:00Z' } }) })))).toEqual([
      'KR-DNC/request-recorded',
    ]);
  });

  it('KR-DNC: no consent exception lifts a listing (a night or marketing consent does not)', () => {
    expect(evaluateGate(krInput({ internalDnc: dnc([KR_NUMBER]) })).allowed).toBe(false);
  });
});
