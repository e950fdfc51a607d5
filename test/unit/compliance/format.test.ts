import { describe, expect, it } from 'vitest';
import { evaluateGate, formatReasons, formatVerdict } from '../../../shared/compliance';
import { KR_NUMBER, dnc, krInput, kst } from './fixtures';

describe('formatting a verdict for a locale', () => {
  it('KR-NIGHT + KR-DNC: one line per reason, prefixed with the rule id, in ko and en', () => {
    const v = evaluateGate(krInput({ now: kst('2025-06-10T21:30:00'), internalDnc: dnc([KR_NUMBER]) }));
    const ko = formatReasons(v, 'ko');
    expect(ko).toHaveLength(2);
    expect(ko[0]).toMatch(/^\[KR-NIGHT\] 고객의 현지 시각\(21:30\)/);
    expect(ko[1]).toBe('[KR-DNC] 고객이 당사에 수신거부를 요청한 번호입니다. 전화를 걸 수 없습니다.');
    expect(formatVerdict(v, 'en').split('\n')).toEqual(formatReasons(v, 'en'));
    expect(formatVerdict(v, 'en')).not.toContain(KR_NUMBER.slice(1));
  });

  it('an allowed verdict says so', () => {
    const v = evaluateGate(krInput());
    expect(formatReasons(v, 'ko')).toEqual([]);
    expect(formatVerdict(v, 'ko')).toBe('지금 발신할 수 있습니다.');
    expect(formatVerdict(v, 'en')).toBe('The call is allowed now.');
  });
});
