import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, entryHash, sha256Hex } from '../../../server/ledger/hash';
import { toPgPlaceholders } from '../../../server/store/sql';
import { hashPassword, verifyPassword } from '../../../server/identity/password';
import { decodeCursor, encodeCursor } from '../../../server/routes/calls';
import { csvRowToImportRow } from '../../../server/services/csv-import';
import { NEVER_DUE, reconfirmDueColumn } from '../../../server/store/leads';
import { KR_PROFILE, US_PROFILE } from '../../../shared/compliance/profiles';

describe('ledger encoding', () => {
  it('canonical JSON is RFC 8785: sorted keys, no whitespace, stable numbers', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'ü'], c: { z: 1.5e3, y: 'x' } })).toBe('{"a":[true,null,"ü"],"b":1,"c":{"y":"x","z":1500}}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('the entry hash covers every link field: changing any one changes the hash', () => {
    const base = { seq: 1, kind: 'consent_event' as const, refId: 'e1', payloadSha256: sha256Hex('{}'), prevHash: GENESIS_HASH, recordedAt: '2026-03-10T01:30:00.000Z' };
    const h = entryHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...base })).toBe(h);
    for (const change of [{ seq: 2 }, { kind: 'opt_out' as const }, { refId: 'e2' }, { payloadSha256: sha256Hex('[]') }, { prevHash: h }, { recordedAt: '2026-03-10T01:30:00.001Z' }]) {
      expect(entryHash({ ...base, ...change })).not.toBe(h);
    }
  });

  it('SHA-256 matches the shared domain hash of the same text', async () => {
    const { sha256Hex: shared } = await import('../../../shared/domain/hash');
    expect(sha256Hex('안녕하십니까')).toBe(shared('안녕하십니까'));
  });
});

describe('store and route helpers', () => {
  it('PostgreSQL placeholders are numbered in order', () => {
    expect(toPgPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });

  it('KR-RECONF: the stored due date is the gate\'s (29 February + 2 years = 28 February), only for kinds the profile ages', () => {
    const now = new Date('2025-07-01T00:00:00Z');
    // The old store added years with setUTCFullYear and said 2026-03-01, a day after the gate.
    expect(reconfirmDueColumn({ kind: 'marketing_call', grantedAt: '2024-02-29T00:00:00Z' }, KR_PROFILE, now)).toBe('2026-02-28T00:00:00.000Z');
    expect(reconfirmDueColumn({ kind: 'night_call', grantedAt: '2020-01-01T00:00:00Z', reconfirmedAt: '2025-06-01T09:00:00+09:00' }, KR_PROFILE, now)).toBe('2027-06-01T00:00:00.000Z');
    expect(reconfirmDueColumn({ kind: 'third_party_provision', grantedAt: '2024-02-29T00:00:00Z' }, KR_PROFILE, now)).toBe(NEVER_DUE);
    expect(reconfirmDueColumn({ kind: 'marketing_call', grantedAt: '2024-02-29T00:00:00Z' }, US_PROFILE, now)).toBe(NEVER_DUE);
  });

  it('cursors round-trip, and a forged cursor is a validation problem', () => {
    const c = { startedAt: '2026-03-10T01:30:00.000Z', id: 'abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor('garbage')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('["not a date","x"]').toString('base64url'))).toThrow(/cursor/);
  });

  it('CSV rows map onto the JSON import row (third-party source, JSON grants column)', () => {
    const row = csvRowToImportRow({ name: 'A', phone: '010-0000-0001', timeZone: 'Asia/Seoul', sourceKind: 'third_party', providerCompanyId: 'p', providerName: 'P', providerConsentDate: '2026-01-01T00:00:00Z', providerReference: 'r', sourceDescription: 'd', grants: '[]' });
    expect(row).toEqual({ name: 'A', phone: '010-0000-0001', timeZone: 'Asia/Seoul', grants: [], source: { kind: 'third_party', providerCompanyId: 'p', providerName: 'P', consentDate: '2026-01-01T00:00:00Z', reference: 'r', description: 'd' } });
    expect(csvRowToImportRow({ name: 'A', grants: '{oops' })['grants']).toBe('not valid JSON');
  });
});

describe('password hashes (scrypt)', () => {
  it('verifies the right password only, with parameters stored in the hash', async () => {
    const h = await hashPassword('비밀번호 correct horse', 10);
    expect(h.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('비밀번호 correct horse', h)).toBe(true);
    expect(await verifyPassword('비밀번호 correct hors', h)).toBe(false);
    expect(await hashPassword('x', 10)).not.toBe(await hashPassword('x', 10));
  });

  it('a malformed or absurd stored hash never verifies', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).toBe(false);
  });
});
