import type { CountryCode } from 'libphonenumber-js';
import { tryE164 } from '../domain/phone-number';

/** Why a line of a DNC file was rejected. The report carries this and the line number, never the text. */
export type DncLineRejection = 'not-a-number' | 'invalid-number' | 'too-long';

/** One line's outcome: its E.164 number (and whether the fast path sufficed), or why it was rejected. */
export type DncLineResult =
  | { readonly ok: true; readonly e164: string; /** true when libphonenumber was not needed */ readonly fast: boolean }
  | { readonly ok: false; readonly reason: DncLineRejection };

const MAX_LINE = 64;

/**
 * One line of a DNC file as E.164, or why not; `undefined` for a blank or `#` comment line.
 *
 * Registry files hold millions of lines and libphonenumber costs ~8 us a number, so the common shapes take
 * a fast path: separators (space, tab, `-`, `.`, `(`, `)`) are dropped, then KR mobile `010` + 8 digits
 * (national or `+82 10 ...`) and NANP numbers (`+1`, national 10 digits or `1` + 10 digits when the file's
 * country is US/CA) are written as E.164 directly. Everything else goes through libphonenumber-js
 * (`toE164` of shared/domain). The fast path checks NANP syntax (area code and exchange start with 2-9),
 * not the list of assigned area codes, and takes every 010 + 8 digits (libphonenumber marks the 010-597x
 * to 010-599x blocks unassigned). For a do-not-call list that is safe: keeping a well-formed number the
 * metadata does not know can only block more (and the gate refuses such a number as invalid anyway).
 */
export function normalizeDncLine(line: string, defaultCountry: CountryCode = 'KR'): DncLineResult | undefined {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  if (text.length > MAX_LINE) return { ok: false, reason: 'too-long' };

  let digits = '';
  let plus = false;
  let clean = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text[i];
    else if (c === 43 /* + */ && i === 0) plus = true;
    else if (c !== 32 && c !== 9 && c !== 45 && c !== 46 && c !== 40 && c !== 41) {
      clean = false;
      break;
    }
  }
  if (clean) {
    const fast = plus ? fastInternational(digits) : fastNational(digits, defaultCountry);
    if (fast !== undefined) return { ok: true, e164: fast, fast: true };
  }
  const e164 = tryE164(text, defaultCountry);
  if (e164 !== undefined) return { ok: true, e164, fast: false };
  return { ok: false, reason: countDigits(text) < 3 ? 'not-a-number' : 'invalid-number' };
}

function fastInternational(d: string): string | undefined {
  if (d.length === 12 && d.startsWith('8210')) return `+${d}`;
  if (d.length === 11 && d[0] === '1' && isNanp(d, 1)) return `+${d}`;
  return undefined;
}

function fastNational(d: string, country: CountryCode): string | undefined {
  if (country === 'KR') return d.length === 11 && d.startsWith('010') ? `+82${d.slice(1)}` : undefined;
  if (country === 'US' || country === 'CA') {
    if (d.length === 10 && isNanp(d, 0)) return `+1${d}`;
    if (d.length === 11 && d[0] === '1' && isNanp(d, 1)) return `+${d}`;
  }
  return undefined;
}

/** NPA-NXX-XXXX starting at `at`: area code and exchange both start with 2-9. */
function isNanp(d: string, at: number): boolean {
  const npa = d.charCodeAt(at);
  const nxx = d.charCodeAt(at + 3);
  return npa >= 50 && npa <= 57 && nxx >= 50 && nxx <= 57;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n += 1;
  }
  return n;
}
