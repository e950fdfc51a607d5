import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anchorStatement } from '../../../server/ledger/anchors';
import { entryHash } from '../../../server/ledger/hash';
import { authorizeDial, DB_KINDS, makeEvent, openCall, startTestServer, takeLead, type TestServer } from '../../support/server-harness';
import { cli, tamper, verifyCli } from './ledger-tools';

const run = promisify(execFile);

/**
 * Ledger anchors (issue 11 item 3): signed checkpoints of the head kept outside the database catch what
 * the chain alone cannot: a truncated tail (entries, head and the evidence pointing at them deleted) and a
 * chain rewritten with every hash recomputed.
 */

async function head(s: TestServer): Promise<{ seq: number; hash: string }> {
  const row = await s.ctx.store.db.get('SELECT seq, hash FROM ledger_head WHERE id = 1');
  return { seq: Number(row?.['seq']), hash: String(row?.['hash']) };
}

/** One more ledger entry: a dial authorization of agent1 (recorded whatever the verdict). */
async function dial(s: TestServer): Promise<{ status: number }> {
  return authorizeDial(s, await s.login('agent1'), 'lead-kr-valid');
}

describe.each(DB_KINDS)('ledger anchors on %s', (kind) => {
  let s: TestServer;
  let admin: string;
  let beforeEvents: number;
  let anchorLog: string;
  beforeEach(async () => {
    s = await startTestServer(kind, { config: { anchorEveryEntries: 3, anchorIntervalSec: 60 } });
    anchorLog = s.config.anchorLog;
    admin = await s.login('admin');
    const { token, call } = await openCall(s);
    beforeEvents = (await head(s)).seq;
    const r = await s.request('POST', '/v1/consent-events', { token, body: { events: [0, 1, 2, 3].map((i) => makeEvent(call, i)) } });
    expect(r.status, r.body).toBe(200);
    await takeLead(s, token, 'lead-kr-night');
    await s.request('POST', '/v1/leads/lead-kr-night/opt-out', { token, body: {} });
  });
  afterEach(async () => {
    await s?.close();
  });

  it('a truncated tail (entries, head and the evidence pointing at them deleted) passes the chain check but not the anchors, which name the missing range', async () => {
    const anchored = await s.ctx.anchors.tick();
    const last = await head(s);
    expect(anchored).toMatchObject({ seq: last.seq, head: last.hash });
    const keep = beforeEvents;
    const keptHash = String((await s.ctx.store.db.get('SELECT hash FROM ledger WHERE seq = ?', [keep]))?.['hash']);
    await tamper(s, [
      ...['consent_events', 'opt_outs', 'refused_events', 'notices'].map((t) => ({ sql: `DELETE FROM ${t} WHERE ledger_seq > ?`, params: [keep] })),
      { sql: 'DELETE FROM ledger WHERE seq > ?', params: [keep] },
      { sql: 'UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1', params: [keep, keptHash] },
    ]);
    // The chain alone cannot see it (this is what issue 11 found).
    const plain = await verifyCli(s);
    expect(plain.code, plain.out).toBe(0);
    const withAnchors = await verifyCli(s, '--anchors', anchorLog);
    expect(withAnchors.code, withAnchors.out).toBe(1);
    expect(withAnchors.out).toContain(`anchors BROKEN: missing entries ${keep + 1}..${last.seq}`);
    const json = JSON.parse((await verifyCli(s, '--anchors', anchorLog, '--json')).out);
    expect(json.anchors.problem).toMatchObject({ kind: 'missing', fromSeq: keep + 1, toSeq: last.seq });
  });

  it('a chain rewritten with every hash recomputed passes the chain check but not the anchors, which name the rewritten range', async () => {
    // Two anchors: one after the dial, one after the events.
    await s.ctx.anchors.anchorNow();
    const first = s.ctx.anchors.latest(10);
    expect(first.length).toBe(1);
    const firstSeq = first[0]?.seq ?? 0;
    expect(firstSeq).toBe((await head(s)).seq);
    for (let i = 0; i < 2; i++) expect((await dial(s)).status).toBe(201);
    const anchored = await s.ctx.anchors.anchorNow();
    const last = await head(s);
    expect(anchored?.seq).toBe(last.seq);
    // Rewrite every entry after the first anchor: a new recordedAt, all hashes recomputed and relinked.
    const rows = await s.ctx.store.db.all('SELECT seq, kind, ref_id, payload_sha256, prev_hash, recorded_at FROM ledger WHERE seq >= ? ORDER BY seq', [firstSeq]);
    let prevHash = '';
    const statements: { sql: string; params: (string | number)[] }[] = [];
    for (const r of rows) {
      const seq = Number(r['seq']);
      if (seq === firstSeq) {
        prevHash = String((await s.ctx.store.db.get('SELECT hash FROM ledger WHERE seq = ?', [seq]))?.['hash']);
        continue;
      }
      const recordedAt = new Date(Date.parse(String(r['recorded_at'])) - 3_600_000).toISOString();
      const hash = entryHash({ seq, kind: r['kind'] as never, refId: String(r['ref_id']), payloadSha256: String(r['payload_sha256']), prevHash, recordedAt });
      statements.push({ sql: 'UPDATE ledger SET prev_hash = ?, hash = ?, recorded_at = ? WHERE seq = ?', params: [prevHash, hash, recordedAt, seq] });
      prevHash = hash;
    }
    statements.push({ sql: 'UPDATE ledger_head SET hash = ? WHERE id = 1', params: [prevHash] });
    await tamper(s, statements);
    const plain = await verifyCli(s);
    expect(plain.code, plain.out).toBe(0);
    const withAnchors = await verifyCli(s, '--anchors', anchorLog);
    expect(withAnchors.code, withAnchors.out).toBe(1);
    expect(withAnchors.out).toContain(`anchors BROKEN: rewritten entries ${firstSeq + 1}..${last.seq}`);
  });

  it('anchors are written every N entries and every T seconds with a changed head, signed, served with the public key to admins only', async () => {
    // The events made the head move by more than 3 since start: the first tick anchors.
    const a1 = await s.ctx.anchors.tick();
    expect(a1?.seq).toBe((await head(s)).seq);
    expect(await s.ctx.anchors.tick()).toBeNull();
    // One more entry: not yet 3, and T has not passed.
    expect((await dial(s)).status).toBe(201);
    expect(await s.ctx.anchors.tick()).toBeNull();
    s.clock.advance(61_000);
    const a2 = await s.ctx.anchors.tick();
    expect(a2?.seq).toBe((await head(s)).seq);
    // No change, no anchor, however long.
    s.clock.advance(3_600_000);
    expect(await s.ctx.anchors.tick()).toBeNull();

    const r = await s.request('GET', '/v1/ledger/anchors', { token: admin });
    expect(r.status, r.body).toBe(200);
    expect(r.json.items.map((a: { seq: number }) => a.seq)).toEqual([a1?.seq, a2?.seq]);
    const key = createPublicKey(r.json.publicKey.spkiPem);
    for (const a of r.json.items) expect(verify(null, anchorStatement(a), key, Buffer.from(a.sig, 'base64'))).toBe(true);
    // The log is outside the database, one JSON line per anchor, exactly what the route serves.
    const lines = readFileSync(anchorLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual(r.json.items);
    expect((await s.request('GET', '/v1/ledger/anchors', { token: await s.login('lead1') })).status).toBe(403);
    // On demand: nothing new -> 200 with the newest; after an entry -> 201.
    const again = await s.request('POST', '/v1/ledger/anchors', { token: admin, body: {} });
    expect(again.status).toBe(200);
    expect(again.json.seq).toBe(a2?.seq);
    await dial(s);
    const now = await s.request('POST', '/v1/ledger/anchors', { token: admin, body: {} });
    expect(now.status).toBe(201);
    expect(now.json.seq).toBe((await head(s)).seq);
  });
});

describe('ledger anchors: the running server and the export', () => {
  let s: TestServer;
  afterEach(async () => {
    await s?.close();
  });

  it('the server anchors by itself (the poll), and an anchor exports as signed JSON and as an RFC 3161 request openssl reads', async () => {
    s = await startTestServer('sqlite', { config: { anchorEveryEntries: 1, anchorPollMs: 50 } });
    await openCall(s);
    const seq = (await head(s)).seq;
    const until = Date.now() + 10_000;
    while (!(existsSync(s.config.anchorLog) && readFileSync(s.config.anchorLog, 'utf8').includes(`"seq":${seq}`)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(s.config.anchorLog, 'utf8')).toContain(`"seq":${seq}`);
    // The key was generated on first start in the data folder, its public half beside it.
    expect(existsSync(join(s.config.dataDir, 'keys', 'anchor.key.pub'))).toBe(true);

    const dir = s.config.dataDir;
    const json = await cli(s, 'server/cli/ledger-anchor-export.ts', ['--format', 'json', '--out', join(dir, 'anchor.json')]);
    expect(json.code, json.out).toBe(0);
    const bytes = readFileSync(join(dir, 'anchor.json'));
    const anchor = JSON.parse(bytes.toString('utf8'));
    expect(anchor.seq).toBe(seq);
    const key = createPublicKey(readFileSync(join(dir, 'anchor.json.pub'), 'utf8'));
    expect(verify(null, anchorStatement(anchor), key, Buffer.from(anchor.sig, 'base64'))).toBe(true);

    const tsq = await cli(s, 'server/cli/ledger-anchor-export.ts', ['--format', 'tsq', '--out', join(dir, 'anchor.tsq')]);
    expect(tsq.code, tsq.out).toBe(0);
    const { stdout } = await run('openssl', ['ts', '-query', '-in', join(dir, 'anchor.tsq'), '-text']);
    expect(stdout).toMatch(/Version: 1/);
    expect(stdout).toMatch(/Hash Algorithm: sha256/);
    expect(stdout).toMatch(/Certificate required: yes/);
    const imprint = [...stdout.matchAll(/^\s+[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]+)+)/gm)].map((m) => (m[1] ?? '').replace(/[^0-9a-f]/g, '')).join('');
    expect(imprint).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
