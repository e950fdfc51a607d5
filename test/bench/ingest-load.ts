// Ingest under load for the server bench part (issue 11): the API as its own process on a real socket,
// N concurrent keep-alive connections each posting a call's events in script order (the KR sale path,
// so the server's replay accepts every one), beside raw driver loops doing the same hash-chained insert.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { sha256Hex } from '../../shared/domain/hash';
import { newId } from '../../shared/domain/ids';
import { appendEntries } from '../../server/ledger/append';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../server/ledger/hash';
import { insertMany } from '../../server/store/rows';
import type { Db } from '../../server/store/sql';
import { KR_SALE_PATH, krScriptEvent } from '../support/kr-sale-path';

export interface CallRef {
  readonly id: string;
  readonly leadId: string;
  readonly agentId: string;
}

const CAMPAIGN = 'cmp-kr-insurance';
const AGENTS = ['user-agent1', 'user-agent2'] as const;
const PROMPTS = KR_SALE_PATH.map((_, i) => `안녕하십니까, 고객님. 누리콜센터 상담원 김하준입니다. 안내 문구 ${i}.`);
const PROMPT_SHAS = PROMPTS.map((p) => sha256Hex(p));

/** Open calls of the KR campaign for the bench: leads, allowed dial attempts with their ledger entries, calls. */
export async function openBenchCalls(db: Db, prefix: string, n: number): Promise<CallRef[]> {
  const at = new Date().toISOString();
  const expires = new Date(Date.now() + 3600_000).toISOString();
  const refs: CallRef[] = Array.from({ length: n }, (_, i) => {
    const k = String(i).padStart(7, '0');
    return { id: `${prefix}c-${k}`, leadId: `${prefix}l-${k}`, agentId: AGENTS[i % 2] ?? 'user-agent1' };
  });
  const source = JSON.stringify({ kind: 'own_customer', description: 'bench', sameKindOfGoods: false });
  await db.tx(async (sql) => {
    await insertMany(sql, 'leads', ['id', 'campaign_id', 'name', 'phone_e164', 'time_zone', 'source', 'created_at'],
      refs.map((r, i) => [r.leadId, CAMPAIGN, 'Bench', `+8219${String(i).padStart(8, '0')}`, 'Asia/Seoul', source, at]));
    const attempts = refs.map((r) => ({ ...r, id: `${r.id}-a` }));
    const entries = await appendEntries(sql, attempts.map((a) => ({ kind: 'dial_attempt' as const, refId: a.id, payload: { attemptId: a.id, leadId: a.leadId, allowed: true, reasons: [] } })), at);
    await insertMany(sql, 'dial_attempts', ['id', 'lead_id', 'campaign_id', 'agent_id', 'at', 'allowed', 'reasons', 'expires_at', 'ledger_seq', 'team_id'],
      attempts.map((a, i) => [a.id, a.leadId, CAMPAIGN, a.agentId, at, 1, '[]', expires, entries[i]?.seq ?? 0, 'team-seoul-1']));
    await insertMany(sql, 'calls', ['id', 'attempt_id', 'lead_id', 'campaign_id', 'agent_id', 'team_id', 'state', 'started_at', 'answered_at'],
      refs.map((r) => [r.id, `${r.id}-a`, r.leadId, CAMPAIGN, r.agentId, 'team-seoul-1', 'connected', at, at]));
  });
  return refs;
}

/** Step `seq` of the KR sale path for `call`, as the desk sends it. */
export function benchEvent(call: CallRef, seq: number): ConsentEvent {
  const ids = { callId: call.id, leadId: call.leadId, campaignId: CAMPAIGN, agentId: call.agentId };
  return krScriptEvent(ids, seq, PROMPTS[seq] ?? '', { ...(PROMPT_SHAS[seq] ? { promptSha256: PROMPT_SHAS[seq] } : {}) });
}

/** Hands out calls and their events in script order: `next(k)` gives k events, calls never shared between takers. */
export class EventSource {
  #nextCall = 0;
  /** `calls` lists the prepared calls, or makes the i-th call (raw loops, which need no rows behind them). */
  constructor(readonly calls: readonly CallRef[] | ((i: number) => CallRef)) {}

  /** A per-worker cursor: its own current call, a new one after the call's last step. */
  cursor(): (k: number) => ConsentEvent[] {
    let call: CallRef | undefined;
    let seq = 0;
    return (k) => {
      const out: ConsentEvent[] = [];
      while (out.length < k) {
        if (!call || seq >= KR_SALE_PATH.length) {
          const i = this.#nextCall++;
          call = typeof this.calls === 'function' ? this.calls(i) : this.calls[i];
          seq = 0;
          if (!call) throw new Error('the bench ran out of prepared calls');
        }
        out.push(benchEvent(call, seq++));
      }
      return out;
    };
  }
}

/** What one slice of a loop did: events durably stored (acknowledged) and the seconds it ran. */
export interface Slice {
  readonly events: number;
  readonly seconds: number;
}

/** A loop that can be run in slices (the API load, a raw driver loop), keeping its state between them. */
export interface SlicedLoop {
  slice(seconds: number): Promise<Slice>;
  close(): Promise<void>;
}

/** The API load: `connections` keep-alive workers posting `perRequest` events per request back to back. */
export interface LoadLoop extends SlicedLoop {
  /** Every request's latency over all slices so far. */
  readonly latenciesMs: number[];
  /** Events acknowledged `stored` over all slices so far. */
  readonly acked: number;
  /**
   * The bench client's own event-loop delay (ms, at percentile `p`) while the load ran: the part of a
   * request's measured latency spent waiting for the client process itself, not the API.
   */
  clientLoopDelayMs(p: number): number;
}

/** `connections` workers, each posting `perRequest` events per request back to back, for as long as a slice runs. */
export function closedLoop(url: string, token: string, source: EventSource, opts: { connections: number; perRequest: number }): LoadLoop {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const target = new URL('/v1/consent-events', url);
  const post = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latenciesMs: number[] = [];
  let acked = 0;
  // Each worker keeps its call across slices, so a call's events stay in script order and gapless.
  const cursors = Array.from({ length: opts.connections }, () => source.cursor());
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  return {
    latenciesMs,
    clientLoopDelayMs: (p) => loopDelay.percentile(p) / 1e6,
    get acked() {
      return acked;
    },
    async slice(seconds) {
      const before = acked;
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      const worker = async (next: (k: number) => ConsentEvent[]): Promise<void> => {
        while (performance.now() < deadline) {
          const events = next(opts.perRequest);
          const started = performance.now();
          const r = await post(JSON.stringify({ events }));
          latenciesMs.push(performance.now() - started);
          if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${r.text.slice(0, 300)}`);
          const results = (JSON.parse(r.text) as { results: { status: string }[] }).results;
          const bad = results.find((x) => x.status !== 'stored');
          if (bad) throw new Error(`an event was ${bad.status}: ${r.text.slice(0, 300)}`);
          acked += results.length;
        }
      };
      loopDelay.enable();
      await Promise.all(cursors.map((next) => worker(next)));
      loopDelay.disable();
      return { events: acked - before, seconds: (performance.now() - t0) / 1000 };
    },
    close() {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/**
 * The API and its baseline measured in alternating slices of `sliceSec` (API, raw, API, raw, ...) until
 * each ran `totalSec`: load from other work on the machine falls on both alike. Each rate is the sum of
 * its slices' events over the sum of their seconds.
 */
export async function interleaved(api: SlicedLoop, raw: SlicedLoop, totalSec: number, sliceSec: number): Promise<{ api: number; raw: number }> {
  const sum = { api: { events: 0, seconds: 0 }, raw: { events: 0, seconds: 0 } };
  const slices = Math.max(1, Math.round(totalSec / sliceSec));
  for (let i = 0; i < slices; i++) {
    for (const [name, loop] of [['api', api], ['raw', raw]] as const) {
      const s = await loop.slice(sliceSec);
      sum[name].events += s.events;
      sum[name].seconds += s.seconds;
    }
  }
  return { api: sum.api.events / sum.api.seconds, raw: sum.raw.events / sum.raw.seconds };
}

const RAW_SCHEMA = [
  `CREATE TABLE raw_ledger (seq BIGINT PRIMARY KEY, kind TEXT NOT NULL, ref_id TEXT NOT NULL, payload TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
     prev_hash TEXT NOT NULL, hash TEXT NOT NULL, recorded_at TEXT NOT NULL)`,
  'CREATE TABLE raw_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)',
  `CREATE TABLE raw_events (event_id TEXT PRIMARY KEY, call_id TEXT NOT NULL, lead_id TEXT NOT NULL, agent_id TEXT NOT NULL, seq INTEGER NOT NULL,
     kind TEXT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, body_sha256 TEXT NOT NULL, ledger_seq BIGINT NOT NULL, UNIQUE (call_id, seq))`,
];

/** The rows of one event appended after (seq-1, prevHash): its ledger row and its event row. */
function chained(e: ConsentEvent, seq: number, prevHash: string): { ledger: (string | number)[]; event: (string | number)[]; hash: string } {
  const recordedAt = new Date().toISOString();
  const body = canonicalJson(e);
  const sha = sha256Hex(body);
  const hash = entryHash({ seq, kind: 'consent_event', refId: e.eventId, payloadSha256: sha, prevHash, recordedAt });
  return {
    ledger: [seq, 'consent_event', e.eventId, body, sha, prevHash, hash, recordedAt],
    event: [e.eventId, e.callId, e.leadId, e.agentId, e.seq, e.kind, e.occurredAt, recordedAt, body, sha, seq],
    hash,
  };
}

const fakeCalls = (prefix: string): EventSource => new EventSource((i) => ({ id: `${prefix}-${i}`, leadId: `${prefix}-l${i}`, agentId: 'user-agent1' }));

/**
 * better-sqlite3 (WAL, synchronous=FULL), one connection: per transaction of `perTx` events read the head,
 * hash-chain and insert each event and its ledger row, move the head, COMMIT (one fsync).
 */
export function rawSqliteLoop(dir: string, perTx: number): SlicedLoop {
  const db = new Database(join(dir, `raw-${perTx}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const s of RAW_SCHEMA) db.exec(s);
  db.prepare('INSERT INTO raw_head (id, seq, hash) VALUES (1, 0, ?)').run(GENESIS_HASH);
  const head = db.prepare('SELECT seq, hash FROM raw_head WHERE id = 1');
  const insLedger = db.prepare('INSERT INTO raw_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insEvent = db.prepare('INSERT INTO raw_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const setHead = db.prepare('UPDATE raw_head SET seq = ?, hash = ? WHERE id = 1');
  const next = fakeCalls('raw').cursor();
  const tx = db.transaction((events: ConsentEvent[]) => {
    const h = head.get() as { seq: number; hash: string };
    let seq = h.seq;
    let prev = h.hash;
    for (const e of events) {
      const rows = chained(e, ++seq, prev);
      insLedger.run(...rows.ledger);
      insEvent.run(...rows.event);
      prev = rows.hash;
    }
    setHead.run(seq, prev);
  });
  return {
    slice(seconds) {
      let n = 0;
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      while (performance.now() < deadline) {
        const events = next(perTx);
        tx.immediate(events);
        n += events.length;
      }
      return Promise.resolve({ events: n, seconds: (performance.now() - t0) / 1000 });
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

/** The same through one `pg` client: BEGIN, head FOR UPDATE, the chained inserts (multi-row), head, COMMIT. */
export async function rawPostgresLoop(url: string, perTx: number): Promise<SlicedLoop> {
  const schema = `bench_raw_${newId().replace(/-/g, '')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const close = async (): Promise<void> => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  };
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    for (const s of RAW_SCHEMA) await client.query(s);
    await client.query('INSERT INTO raw_head (id, seq, hash) VALUES (1, 0, $1)', [GENESIS_HASH]);
  } catch (err) {
    await close();
    throw err;
  }
  const values = (rows: readonly (string | number)[][], width: number): string =>
    rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
  const next = fakeCalls('rawpg').cursor();
  return {
    async slice(seconds) {
      let n = 0;
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      while (performance.now() < deadline) {
        const events = next(perTx);
        await client.query('BEGIN');
        const h = (await client.query('SELECT seq, hash FROM raw_head WHERE id = 1 FOR UPDATE')).rows[0] as { seq: string; hash: string };
        let seq = Number(h.seq);
        let prev = h.hash;
        const ledger: (string | number)[][] = [];
        const rows: (string | number)[][] = [];
        for (const e of events) {
          const c = chained(e, ++seq, prev);
          ledger.push(c.ledger);
          rows.push(c.event);
          prev = c.hash;
        }
        await client.query(`INSERT INTO raw_ledger VALUES ${values(ledger, 8)}`, ledger.flat());
        await client.query(`INSERT INTO raw_events VALUES ${values(rows, 11)}`, rows.flat());
        await client.query('UPDATE raw_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prev]);
        await client.query('COMMIT');
        n += events.length;
      }
      return { events: n, seconds: (performance.now() - t0) / 1000 };
    },
    close,
  };
}
