/**
 * Bencode, the encoding of rtpengine's ng control protocol: byte strings `4:spam`, integers `i3e`,
 * lists `l...e`, dictionaries `d...e` with sorted keys. Strings are decoded as UTF-8 (ng carries SDP and
 * ASCII words); an input that is not bencode throws a BencodeError naming the offset.
 */
export type BValue = string | number | readonly BValue[] | { readonly [key: string]: BValue };

export class BencodeError extends Error {
  override readonly name = 'BencodeError';
}

export function bencode(value: BValue): Buffer {
  const parts: Buffer[] = [];
  const put = (v: BValue): void => {
    if (typeof v === 'string') {
      const b = Buffer.from(v, 'utf8');
      parts.push(Buffer.from(`${b.length}:`), b);
    } else if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new BencodeError(`bencode has integers only, got ${v}`);
      parts.push(Buffer.from(`i${v}e`));
    } else if (Array.isArray(v)) {
      parts.push(Buffer.from('l'));
      for (const x of v as readonly BValue[]) put(x);
      parts.push(Buffer.from('e'));
    } else {
      parts.push(Buffer.from('d'));
      const dict = v as { readonly [key: string]: BValue };
      for (const key of Object.keys(dict).sort()) {
        const x = dict[key];
        if (x === undefined) continue;
        put(key);
        put(x);
      }
      parts.push(Buffer.from('e'));
    }
  };
  put(value);
  return Buffer.concat(parts);
}

export function bdecode(input: Buffer): BValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new BencodeError(`not bencode at offset ${i}: ${what}`);
  };
  const read = (): BValue => {
    const c = input[i];
    if (c === undefined) return fail('unexpected end');
    if (c === 0x69) {
      // i<digits>e
      const end = input.indexOf(0x65, i);
      if (end < 0) return fail('unterminated integer');
      const n = Number(input.subarray(i + 1, end).toString('ascii'));
      if (!Number.isInteger(n)) return fail('bad integer');
      i = end + 1;
      return n;
    }
    if (c === 0x6c || c === 0x64) {
      i += 1;
      const list: BValue[] = [];
      while (input[i] !== 0x65) {
        if (i >= input.length) return fail('unterminated list');
        list.push(read());
      }
      i += 1;
      if (c === 0x6c) return list;
      const dict: Record<string, BValue> = {};
      for (let k = 0; k < list.length; k += 2) {
        const key = list[k];
        const v = list[k + 1];
        if (typeof key !== 'string' || v === undefined) return fail('bad dictionary');
        dict[key] = v;
      }
      return dict;
    }
    if (c >= 0x30 && c <= 0x39) {
      const colon = input.indexOf(0x3a, i);
      if (colon < 0) return fail('unterminated string length');
      const len = Number(input.subarray(i, colon).toString('ascii'));
      if (!Number.isInteger(len) || colon + 1 + len > input.length) return fail('bad string length');
      const s = input.subarray(colon + 1, colon + 1 + len).toString('utf8');
      i = colon + 1 + len;
      return s;
    }
    return fail(`unexpected byte ${c}`);
  };
  const v = read();
  if (i !== input.length) fail('trailing bytes');
  return v;
}
