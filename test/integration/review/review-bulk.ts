// Bulk review data straight into the store with SQL (no API): leads, dial attempts (allowed and refused
// with reason codes), calls with outcomes, flags and review facts, consent events (a share delivered late),
// opt-outs on the internal DNC list. For the bench (1M/10M events) and the 100k-row table e2e.
import type { Db, Sql } from '../../../server/store/sql';

/** SQL pieces that differ between the dialects, for bulk generation only. */
function dialect(db: Sql) {
  const sqlite = db.dialect === 'sqlite';
  return {
    /** Rows `n` = first..last. */
    series: (first: number, last: number) =>
      sqlite
        ? `WITH RECURSIVE s(n) AS (SELECT ${first} WHERE ${first} <= ${last} UNION ALL SELECT n + 1 FROM s WHERE n < ${last}) SELECT n FROM s`
        : `SELECT n FROM generate_series(${first}, ${last}) AS n`,
    pad: (expr: string, width: number) => (sqlite ? `printf('%0${width}d', ${expr})` : `lpad((${expr})::text, ${width}, '0')`),
    /** ISO instant `seconds` (may be fractional) after `start`. */
    instant: (start: string, seconds: string) =>
      sqlite
        ? `strftime('%Y-%m-%dT%H:%M:%fZ', '${start}', '+' || (${seconds}) || ' seconds')`
        : `to_char(timestamp '${start}' + (${seconds}) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    int: (expr: string) => (sqlite ? `CAST(${expr} AS INTEGER)` : `CAST(${expr} AS BIGINT)`),
  };
}

export interface BulkOptions {
  /** Id prefix, unique per run. */
  readonly prefix: string;
  readonly calls: number;
  readonly eventsPerCall: number;
  /** First call start (`YYYY-MM-DD HH:MM:SS`, UTC); calls are spread evenly over `spanDays`. */
  readonly start: string;
  readonly spanDays: number;
  readonly team?: string;
  readonly agents?: readonly string[];
  /**
   * Calls written per transaction (default: all at once). Large loads go in batches so SQLite's WAL
   * and PostgreSQL's transaction stay bounded; each batch is one transaction over every table.
   */
  readonly batchCalls?: number;
  /** Told after each batch (calls written so far). */
  readonly progress?: (callsDone: number) => void;
}

const OUTCOMES = ['sale', 'no_answer', 'not_interested', 'callback', 'no_time', 'refused_consent', 'busy', 'opt_out'];
const REFUSAL_CODES = ['KR-NIGHT', 'DNC-LISTED', 'KR-CONSENT', 'CG-ATTEMPTS', 'KR-RECONF'];

/**
 * Inserts the rows with set-based statements (the database generates them: no rows cross the wire),
 * one transaction per batch of calls; returns how many events were written.
 */
export async function bulkReviewData(db: Db, o: BulkOptions): Promise<{ calls: number; events: number }> {
  const batch = Math.max(1, o.batchCalls ?? o.calls);
  for (let first = 1; first <= o.calls; first += batch) {
    const last = Math.min(o.calls, first + batch - 1);
    await db.tx(async (sql) => bulkBatch(sql, o, first, last));
    o.progress?.(last);
  }
  return { calls: o.calls, events: o.calls * o.eventsPerCall };
}

/** Calls `first..last` (1-based) with their leads, attempts, events and opt-outs. */
async function bulkBatch(db: Sql, o: BulkOptions, first: number, last: number): Promise<void> {
  const d = dialect(db);
  const team = o.team ?? 'team-seoul-1';
  const agents = o.agents ?? ['user-agent1', 'user-agent2'];
  const step = (o.spanDays * 86_400) / o.calls;
  const start = o.start.replace('T', ' ').replace('Z', '');
  const at = (seconds: string) => d.instant(start, seconds);
  const agentExpr = (n: string) => `CASE ${agents.map((a, i) => `WHEN (${n}) % ${agents.length} = ${i} THEN '${a}'`).join(' ')} END`;
  const id = (p: string, n = 'n') => `'${o.prefix}${p}-' || ${d.pad(n, 9)}`;
  const series = d.series(first, last);
  const t0 = `(n * ${step.toFixed(6)})`;
  await db.run(
    `INSERT INTO leads (id, campaign_id, name, phone_e164, time_zone, source, created_at)
     SELECT ${id('l')}, 'cmp-kr-insurance', '벤치 고객', '+8210' || ${d.pad('n', 8)}, 'Asia/Seoul',
            '{"kind":"own_customer","description":"bench","sameKindOfGoods":false}', '2026-01-01T00:00:00.000Z' FROM (${series}) s`,
  );
  await db.run(
    `INSERT INTO dial_attempts (id, lead_id, campaign_id, agent_id, at, allowed, reasons, expires_at, ledger_seq)
     SELECT ${id('a')}, ${id('l')}, 'cmp-kr-insurance', ${agentExpr('n')}, ${at(t0)}, 1, '[]', ${at(`${t0} + 60`)}, 0 FROM (${series}) s`,
  );
  // One refused attempt per 10 calls, with one or two reason codes.
  const refusalsFrom = Math.ceil(first / 10);
  const refusalsTo = Math.floor(last / 10);
  if (refusalsTo >= refusalsFrom) {
    const codes = REFUSAL_CODES.map((c, i) => `WHEN n % ${REFUSAL_CODES.length} = ${i} THEN '[{"code":"${c}","detail":"bench","message":{"ko":"벤치","en":"bench"}}${i % 2 === 0 ? `,{"code":"KR-DNC","detail":"bench","message":{"ko":"벤치","en":"bench"}}` : ''}]'`).join(' ');
    await db.run(
      `INSERT INTO dial_attempts (id, lead_id, campaign_id, agent_id, at, allowed, reasons, expires_at, ledger_seq)
       SELECT ${id('r')}, '${o.prefix}l-' || ${d.pad('n * 10', 9)}, 'cmp-kr-insurance', ${agentExpr('n')}, ${at(`n * 10 * ${step.toFixed(6)} + 30`)}, 0,
              CASE ${codes} END, ${at(`n * 10 * ${step.toFixed(6)} + 90`)}, 0 FROM (${d.series(refusalsFrom, refusalsTo)}) s`,
    );
  }
  const ended = o.eventsPerCall > 0;
  const outcome = `CASE n % ${OUTCOMES.length} ${OUTCOMES.map((x, i) => `WHEN ${i} THEN '${x}'`).join(' ')} END`;
  const answered = `(n % ${OUTCOMES.length} <> 1)`; // every outcome but no_answer was answered
  const yes = (mod: number) => `CASE WHEN ${answered} AND n % ${mod} <> 0 THEN 1 ELSE 0 END`;
  await db.run(
    `INSERT INTO calls (id, attempt_id, lead_id, campaign_id, agent_id, team_id, sip_call_id, state, started_at, answered_at, ended_at, duration_sec, outcome,
                        event_count, next_seq, consent_yes, flag_opt_out, flag_late_events, flag_pitch_without_consent, flag_consent_refused,
                        time_asked, time_yes, pitch_reached, refused, consent_at)
     SELECT ${id('c')}, ${id('a')}, ${id('l')}, 'cmp-kr-insurance', ${agentExpr('n')}, '${team}', 'sip-' || n, ${ended ? "'ended'" : "'dialing'"},
            ${at(t0)}, CASE WHEN ${answered} THEN ${at(`${t0} + 5`)} END, ${ended ? at(`${t0} + 95`) : 'NULL'}, ${ended ? `CASE WHEN ${answered} THEN 90 ELSE 0 END` : 'NULL'},
            ${ended ? outcome : 'NULL'}, ${o.eventsPerCall}, ${o.eventsPerCall}, ${yes(3)},
            CASE WHEN n % ${OUTCOMES.length} = 7 THEN 1 ELSE 0 END, CASE WHEN n % 31 = 0 THEN 1 ELSE 0 END, 0, CASE WHEN ${answered} AND n % 3 = 0 THEN 1 ELSE 0 END,
            CASE WHEN ${answered} THEN 1 ELSE 0 END, ${yes(5)}, CASE WHEN n % ${OUTCOMES.length} = 0 THEN 1 ELSE 0 END, CASE WHEN n % ${OUTCOMES.length} = 2 THEN 1 ELSE 0 END,
            CASE WHEN ${answered} AND n % 3 <> 0 THEN ${at(`${t0} + 5 + n % 40`)} END
       FROM (${series}) s`,
  );
  if (o.eventsPerCall > 0) {
    const k = `((n - 1) % ${o.eventsPerCall})`;
    const callNo = `${d.int(`(n - 1) / ${o.eventsPerCall}`)} + 1`;
    const callT = `((${callNo}) * ${step.toFixed(6)})`;
    // Events of every 31st call (flagged late_events) arrive 10 minutes after they happened.
    const delay = `CASE WHEN (${callNo}) % 31 = 0 THEN 600 ELSE 1 END`;
    await db.run(
      `INSERT INTO consent_events (event_id, call_id, lead_id, agent_id, seq, kind, occurred_at, received_at, body, body_sha256, ledger_seq)
       SELECT '${o.prefix}e-' || ${d.pad('n', 10)}, '${o.prefix}c-' || ${d.pad(callNo, 9)}, '${o.prefix}l-' || ${d.pad(callNo, 9)},
              ${agentExpr(callNo)}, ${k}, 'answer', ${at(`${callT} + 5 + ${k}`)}, ${at(`${callT} + 5 + ${k} + ${delay}`)},
              '{"bench":' || n || '}', '${'0'.repeat(64)}', n
         FROM (${d.series((first - 1) * o.eventsPerCall + 1, last * o.eventsPerCall)}) s`,
    );
  }
  // Opt-outs of the opt_out outcome calls, listed on the internal DNC list (one in 13 left unlisted).
  await db.run(
    `INSERT INTO opt_outs (id, lead_id, at, channel, call_id, event_id, withdrawn_grant_ids, notice_due_at, ledger_seq)
     SELECT ${id('o')}, ${id('l')}, ${at(`${t0} + 60`)}, 'call', ${id('c')}, NULL, '[]', ${at(`${t0} + 60 + 14 * 86400`)}, 0
       FROM (${series}) s WHERE n % ${OUTCOMES.length} = 7`,
  );
  await db.run(
    `INSERT INTO internal_dnc (phone_e164, lead_id, listed_at, channel)
     SELECT '+8210' || ${d.pad('n', 8)}, ${id('l')}, ${at(`${t0} + 60`)}, 'call' FROM (${series}) s WHERE n % ${OUTCOMES.length} = 7 AND n % 13 <> 0`,
  );
}
