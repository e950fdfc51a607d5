// The outbox journal's fault paths (used by the desk bench part): what a failed fsync costs (the
// repair: truncate to the last durable length, reopen, fsync), the first answer after it, and opening a
// journal that a crash left with a torn tail or a damaged middle record (quarantine + rewrite). Each
// beside a baseline measured in the same run.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../electron/outbox/outbox';
import { makeCallEvents, makeEvent } from '../support/events';
import { FaultyFs } from '../support/faulty-fs';
import { metric, percentile, type Metric } from './metric';

const ROUNDS = 40;
const JOURNAL_RECORDS = 10_000;

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await work();
  return [performance.now() - t0, value];
}

/** A raw fsync'd append of one line, the floor of any durable write. */
async function rawAppends(n: number, line: string): Promise<number[]> {
  const fh = await open(join(mkdtempSync(join(tmpdir(), 'cg-raw-')), 'raw.ndjson'), 'a');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fh.write(line);
    await fh.sync();
    out.push(performance.now() - t0);
  }
  await fh.close();
  return out;
}

export async function journalFaultPaths(say: (what: string) => void): Promise<Record<string, Metric>> {
  say(`journal: ${ROUNDS} failed fsyncs with their repair`);
  // 1. An fsync that fails (EIO): the answer is refused after the file is repaired; then the next answer.
  const fs = new FaultyFs();
  const outbox = await Outbox.open(mkdtempSync(join(tmpdir(), 'cg-bench-fault-')), { fs });
  const failed: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    fs.inject({ op: 'sync', code: 'EIO' });
    const [ms] = await time(() => outbox.enqueue([makeEvent()]).catch(() => undefined));
    failed.push(ms);
    const [next] = await time(() => outbox.enqueue([makeEvent()]));
    after.push(next);
  }
  await outbox.close();
  const raw = await rawAppends(ROUNDS, `${JSON.stringify({ v: 1, t: 'e', at: new Date().toISOString(), e: makeEvent() })}\n`);

  say(`journal: writing ${JOURNAL_RECORDS} records`);
  // 2. Opening a large journal: clean, with a torn tail, with a damaged record in the middle.
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-open-'));
  const filler = await Outbox.open(dir);
  for (let i = 0; i < JOURNAL_RECORDS; i += 100) await filler.enqueue(makeCallEvents(100));
  await filler.close();
  const path = join(dir, 'journal.ndjson');
  const clean = readFileSync(path);
  const openMs = async (): Promise<number> => {
    const [ms, o] = await time(() => Outbox.open(dir));
    await o.close();
    return ms;
  };
  say('journal: opening it clean, torn and damaged (5 each)');
  const cleanOpen: number[] = [];
  const tornOpen: number[] = [];
  const damagedOpen: number[] = [];
  for (let i = 0; i < 5; i++) {
    writeFileSync(path, clean);
    cleanOpen.push(await openMs());
    appendFileSync(path, '0badc0de {"v":1,"t":"e","at":"2026');
    tornOpen.push(await openMs());
    const lines = clean.toString('utf8').split('\n');
    const mid = Math.floor(lines.length / 2);
    lines[mid] = (lines[mid] ?? '').replace('"answer":"yes"', '"answer":"no!"');
    writeFileSync(path, lines.join('\n'));
    damagedOpen.push(await openMs());
  }
  const rawP50 = percentile(raw, 50);
  const cleanP50 = percentile(cleanOpen, 50);
  return {
    'desk.journal.failed_fsync_with_repair.p50': metric(percentile(failed, 50), 'ms', rawP50),
    'desk.journal.append_after_repair.p50': metric(percentile(after, 50), 'ms', rawP50),
    'desk.journal.open_10k_torn_tail': metric(percentile(tornOpen, 50), 'ms', cleanP50),
    'desk.journal.open_10k_quarantine_middle': metric(percentile(damagedOpen, 50), 'ms', cleanP50),
  };
}
