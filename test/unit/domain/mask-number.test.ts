// maskNumber formats with libphonenumber's "min" metadata (fast); its national format (all the mask is
// made from) must be what the full ("max") metadata gives, for every country's example number and the
// numbers the desk calls most.
import { getCountries, getExampleNumber, parsePhoneNumberFromString as parseMax } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString as parseMin } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { maskNumber } from '../../../shared/domain/phone-number';

describe('maskNumber', () => {
  it('masks as documented', () => {
    expect(maskNumber('+821012345678')).toBe('010-****-5678');
    expect(maskNumber('+12125550123')).toBe('(212) ***-0123');
    expect(maskNumber('+82212345678')).toBe('02-****-5678');
  });

  it('formats with the min metadata exactly as with the full one, for every country example and common Korean and US lines', () => {
    const numbers = getCountries().flatMap((c) => {
      const n = getExampleNumber(c, examples);
      return n ? [n.number] : [];
    });
    numbers.push('+82212345678', '+82315551234', '+827012345678', '+8215881234', '+14165550123', '+13105550199', '+442079460000');
    expect(numbers.length).toBeGreaterThan(200);
    for (const n of numbers) expect(parseMin(n)?.formatNational(), n).toBe(parseMax(n)?.formatNational());
  });
});
