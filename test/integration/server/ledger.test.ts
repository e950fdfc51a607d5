import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, canonicalJson, sha256Hex } from '../../../server/ledger/hash';
import type { Sql } from '../../../server/store/sql';
import { DB_KINDS, makeEvent, openCall, startTestServer, takeLead, type TestServer } from '../../support/server-harness';
import { tamper, verifyCli } from './ledger-tools';

describe.each(DB_KINDS)('tamper-evident ledger on %s', (kind) => {
  let s: TestServer;
  let admin: string;
  let eventSeqs: number[];
  beforeEach(async () => {
    s = await startTestServer(kind);
    admin = await s.login('admin');
    const { token, call } = await openCall(s);
    const r = await s.request('POST', '/v1/consent-events', {
      token,
      // The first four steps of the KR script: kr-id, cg-time yes, kr-source, kr-mkt yes (the consent).
      body: { events: [0, 1, 2, 3].map((i) => makeEvent(call, i)) },
    });
    eventSeqs = r.json.results.map((x: { ledgerSeq: number }) => x.ledgerSeq);
    await takeLead(s, token, 'lead-kr-night');
    await s.request('POST', '/v1/leads/lead-kr-night/opt-out', { token, body: {} });
  });
  afterEach(async () => {
    await s?.close();
  });

  const verify = async () => (await s.request('GET', '/v1/ledger/verify', { token: admin })).json;

  it('an intact chain verifies, via the route and the CLI', async () => {
    const v = await verify();
    expect(v).toMatchObject({ ok: true, entries: 6, firstBroken: null });
    expect(v.head.seq).toBe(6);
    const c = await verifyCli(s);
    expect(c.code).toBe(0);
    expect(c.out).toContain('ledger OK: 6 entries');
  });

  it('the CLI refuses a mistyped option (exit 2, naming it) rather than verifying without it', async () => {
    const c = await verifyCli(s, '--anchor', 'anchors.log');
    expect(c.code).toBe(2);
    expect(c.out).toContain("ledger:verify could not run: Unknown option '--anchor'");
  });

  it('the database itself refuses UPDATE and DELETE on the ledger (append-only triggers)', async () => {
    await expect(s.ctx.store.db.run("UPDATE ledger SET payload = '{}' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(s.ctx.store.db.run('DELETE FROM ledger WHERE seq = 1')).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('one ledger row edited directly in the database: the verifier names that entry (route and CLI)', async () => {
    const target = eventSeqs[3] ?? 0;
    const row = await s.ctx.store.db.get('SELECT payload FROM ledger WHERE seq = ?', [target]);
    const edited = String(row?.['payload']).replace('"answer":"yes"', '"answer":"no"');
    expect(edited).not.toBe(row?.['payload']);
    await tamper(s, [{ sql: 'UPDATE ledger SET payload = ? WHERE seq = ?', params: [edited, target] }]);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ seq: target, problem: 'changed' });
    const c = await verifyCli(s);
    expect(c.code).toBe(1);
    expect(c.out).toContain(`BROKEN at entry #${target}: changed`);
  });

  it('an entry edited with its hashes recomputed is still named: the next entry remembers the old hash', async () => {
    const target = eventSeqs[1] ?? 0;
    const r = await s.ctx.store.db.get('SELECT * FROM ledger WHERE seq = ?', [target]);
    const payload = canonicalJson({ ...JSON.parse(String(r?.['payload'])), answer: 'forged' });
    const payloadSha256 = sha256Hex(payload);
    const hash = entryHash({ seq: target, kind: 'consent_event', refId: String(r?.['ref_id']), payloadSha256, prevHash: String(r?.['prev_hash']), recordedAt: String(r?.['recorded_at']) });
    await tamper(s, [{ sql: 'UPDATE ledger SET payload = ?, payload_sha256 = ?, hash = ? WHERE seq = ?', params: [payload, payloadSha256, hash, target] }]);
    expect((await verify()).firstBroken).toMatchObject({ seq: target, problem: 'changed' });
  });

  it('a removed entry is named by its seq', async () => {
    const target = eventSeqs[1] ?? 0;
    await tamper(s, [{ sql: 'DELETE FROM ledger WHERE seq = ?', params: [target] }]);
    expect((await verify()).firstBroken).toMatchObject({ seq: target, problem: 'removed' });
  });

  it('an inserted entry (correctly chained, but no evidence behind it) is named', async () => {
    const head = await s.ctx.store.db.get('SELECT seq, hash FROM ledger_head WHERE id = 1');
    const seq = Number(head?.['seq']) + 1;
    const payload = canonicalJson({ forged: true });
    const payloadSha256 = sha256Hex(payload);
    const recordedAt = s.clock().toISOString();
    const link = { seq, kind: 'consent_event' as const, refId: 'forged-event', payloadSha256, prevHash: String(head?.['hash']), recordedAt };
    await tamper(s, [
      { sql: 'INSERT INTO ledger (seq, kind, ref_id, payload, payload_sha256, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', params: [seq, link.kind, link.refId, payload, payloadSha256, link.prevHash, entryHash(link), recordedAt] },
    ]);
    expect((await verify()).firstBroken).toMatchObject({ seq, problem: 'inserted' });
  });

  it('a stored consent event edited outside the ledger is named by its ledger entry', async () => {
    const target = eventSeqs[2] ?? 0;
    const edit = async (sql: Sql) => {
      const row = await sql.get('SELECT body FROM consent_events WHERE ledger_seq = ?', [target]);
      await sql.run('UPDATE consent_events SET body = ? WHERE ledger_seq = ?', [String(row?.['body']).replace('confirmed', 'declined'), target]);
    };
    await s.ctx.store.db.tx(edit);
    expect((await verify()).firstBroken).toMatchObject({ seq: target, problem: 'changed' });
  });
});
