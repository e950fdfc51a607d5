import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDncFromFile, buildDncFromStream, type DncBuildProgress } from '../../../server/dnc/build-from-file';
import { DncSet } from '../../../shared/dnc';

const dir = mkdtempSync(join(tmpdir(), 'callgate-dnc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `list-${fileNo++}.txt`);
  writeFileSync(path, content);
  return path;
}

describe('buildDncFromFile: streamed registry file to a DNC lookup', () => {
  it('KR-DNC: a Korean file in mixed formats, with BOM, CRLF, blanks, comments and bad lines', async () => {
    const lines = [
      '\uFEFF# 국가 수신거부 명단 2025-06', // 1 (BOM + comment)
      '010-1234-5678', // 2
      '01098765432', // 3
      '+82 10 5555 0001', // 4
      '', // 5
      '02-1234-5678', // 6 (Seoul landline: libphonenumber, fallback)
      'phone', // 7 rejected
      '010-1234-5678', // 8 duplicate
      '12345', // 9 rejected
      '(010) 2222-3333', // 10
      '010-1234-56789', // 11 rejected
    ];
    const path = file(lines.join('\r\n') + '\r\n');
    const { lookup, report } = await buildDncFromFile(path, { snapshotTakenAt: '2025-06-01T00:00:00Z' });
    expect(report).toMatchObject({
      lines: 11,
      blankOrComment: 2,
      accepted: 6,
      duplicates: 1,
      slowPath: 1,
      rejected: 3,
      distinct: 5,
      bytesRead: statSync(path).size,
      totalBytes: statSync(path).size,
    });
    expect(report.rejectedLines).toEqual([
      { line: 7, reason: 'not-a-number' },
      { line: 9, reason: 'invalid-number' },
      { line: 11, reason: 'invalid-number' },
    ]);
    for (const n of ['+821012345678', '+821098765432', '+821055550001', '+82212345678', '+821022223333']) expect(lookup.has(n)).toBe(true);
    expect(lookup.has('+821012345679')).toBe(false);
    expect(lookup.snapshotTakenAt).toBe('2025-06-01T00:00:00.000Z');
  });

  it('US-NDNC: a US file in national formats with defaultCountry US', async () => {
    const path = file(['(212) 555-0123', '212.555.0124', '1-212-555-0125', '+1 310 555 0100', '2125550126', '555-0123'].join('\n'));
    const { lookup, report } = await buildDncFromFile(path, { defaultCountry: 'US' });
    expect(report).toMatchObject({ lines: 6, accepted: 5, rejected: 1, distinct: 5 });
    expect(report.rejectedLines).toEqual([{ line: 6, reason: 'invalid-number' }]);
    for (const n of ['+12125550123', '+12125550124', '+12125550125', '+13105550100', '+12125550126']) expect(lookup.has(n)).toBe(true);
    expect(lookup.byteLength).toBe(2 * 1_250_000); // two area codes
  });

  it('KR-DNC: the report never contains a rejected line\'s text, only its number and reason', async () => {
    const secret = '010-9999-99999';
    const { report } = await buildDncFromFile(file(`010-1234-5678\n${secret}\n`));
    const text = JSON.stringify(report);
    expect(report.rejectedLines).toEqual([{ line: 2, reason: 'invalid-number' }]);
    expect(text).not.toContain('9999');
  });

  it('KR-DNC: progress reports bytes read of the total, lines and rejects, ending with done', async () => {
    const n = 180_000; // ~2.5 MB: three 1 MiB reads
    const body = Array.from({ length: n }, (_, i) => (i % 1000 === 999 ? 'bad line' : `010-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(i % 10_000).padStart(4, '0')}`)).join('\n');
    const path = file(body);
    const total = statSync(path).size;
    const seen: DncBuildProgress[] = [];
    const { report } = await buildDncFromFile(path, { onProgress: (p) => seen.push(p), progressEveryBytes: 64 * 1024 });
    // The file streams in 1 MiB reads: one report per read past each 64 KiB step, then the final one.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const last = seen.at(-1);
    expect(last).toEqual({ bytesRead: total, totalBytes: total, lines: n, accepted: n - 180, rejected: 180, done: true });
    expect(seen.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(report.rejected).toBe(180);
    expect(report.rejectedLines[0]).toEqual({ line: 1000, reason: 'not-a-number' });
  });

  it('KR-DNC: progress is reported as often as asked when the stream delivers small chunks', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `0101234${String(i).padStart(4, '0')}`).join('\n') + '\n';
    const bytes = new TextEncoder().encode(text);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    }
    const seen: DncBuildProgress[] = [];
    const { report } = await buildDncFromStream(chunks(), { totalBytes: bytes.length, onProgress: (p) => seen.push(p), progressEveryBytes: 4000 });
    expect(report.distinct).toBe(2000);
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.bytesRead).toBeGreaterThanOrEqual(seen[i - 1]!.bytesRead);
      expect(seen[i]!.lines).toBeGreaterThanOrEqual(seen[i - 1]!.lines);
    }
    expect(seen.at(-1)).toMatchObject({ bytesRead: bytes.length, totalBytes: bytes.length, done: true, lines: 2000 });
  });

  it('KR-DNC: multi-byte UTF-8 split across chunks, a missing final newline and an endless line are handled', async () => {
    const text = '# 수신거부 명단\n010-1234-5678\n' + '1'.repeat(10_000) + '\n010-2222-3333';
    const bytes = new TextEncoder().encode(text);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const { lookup, report } = await buildDncFromStream(chunks());
    expect(report).toMatchObject({ lines: 4, blankOrComment: 1, accepted: 2, rejected: 1 });
    expect(report.rejectedLines).toEqual([{ line: 3, reason: 'too-long' }]);
    expect(lookup.has('+821022223333')).toBe(true);
  });

  it('KR-DNC: the report keeps at most maxRejectedListed line numbers but counts every reject', async () => {
    const { report } = await buildDncFromFile(file(Array.from({ length: 50 }, () => 'x').join('\n')), { maxRejectedListed: 5 });
    expect(report.rejected).toBe(50);
    expect(report.rejectedLines.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('KR-DNC: a missing file rejects with the fs error', async () => {
    await expect(buildDncFromFile(join(dir, 'nope.txt'))).rejects.toThrow(/ENOENT/);
  });

  it('KR-DNC + US-NDNC: a built lookup answers like a JS Set of the same numbers and survives serialisation (property)', async () => {
    const kr = fc.integer({ min: 0, max: 99_999_999 }).map((n) => String(n).padStart(8, '0'));
    await fc.assert(
      fc.asyncProperty(fc.array(kr, { minLength: 1, maxLength: 300 }), fc.array(kr, { maxLength: 100 }), async (listed, probes) => {
        const body = listed.map((d, i) => (i % 2 === 0 ? `010-${d.slice(0, 4)}-${d.slice(4)}` : `+8210${d}`)).join('\n');
        const { lookup } = await buildDncFromStream([body]);
        const set = new Set(listed.map((d) => `+8210${d}`));
        const back = DncSet.fromBytes(lookup.toBytes());
        for (const d of [...listed, ...probes]) {
          expect(lookup.has(`+8210${d}`)).toBe(set.has(`+8210${d}`));
          expect(back.has(`+8210${d}`)).toBe(set.has(`+8210${d}`));
        }
        expect(lookup.size).toBe(set.size);
      }),
      { numRuns: 25 },
    );
  });
});
