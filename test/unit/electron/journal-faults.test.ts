// The outbox journal never loses an acknowledged record: disk faults injected on write and fsync
// (ENOSPC, EIO), a damaged record in the middle, records other versions wrote. After each, every
// acknowledged event is still there and is delivered exactly once.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { Deliverer } from '../../../electron/outbox/delivery';
import { JournalUnavailableError } from '../../../electron/outbox/journal';
import { Outbox } from '../../../electron/outbox/outbox';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { makeCallEvents, makeEvent } from '../../support/events';
import { FaultyFs, type Fault } from '../../support/faulty-fs';

const opened: Outbox[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close().catch(() => undefined);
});

async function open(dir: string, fs?: FaultyFs): Promise<Outbox> {
  const o = await Outbox.open(dir, fs ? { fs } : {});
  opened.push(o);
  return o;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'cg-journal-'));
const journalPath = (dir: string): string => join(dir, 'journal.ndjson');
const line = (value: unknown): string => {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
};

/** Delivers everything pending and returns each event id the API received, in order (duplicates included). */
async function deliverAll(outbox: Outbox): Promise<string[]> {
  const received: string[] = [];
  const d = new Deliverer(outbox, async (batch) => {
    received.push(...batch.map((e) => e.eventId));
    return { accepted: batch.map((e) => e.eventId), refused: [] };
  });
  d.start();
  await d.idle();
  await d.stop();
  return received;
}

/** Reopens the folder on the real disk and delivers: what an acknowledged answer must survive. */
async function afterRestart(dir: string, first: Outbox): Promise<{ again: Outbox; delivered: string[] }> {
  await first.close();
  const again = await open(dir);
  return { again, delivered: await deliverAll(again) };
}

describe('journal: a failed write or fsync never costs an acknowledged record', () => {
  const faults: Fault[] = [
    { op: 'write', code: 'ENOSPC', partial: 0.5 },
    { op: 'write', code: 'EIO', partial: 0.3 },
    { op: 'write', code: 'ENOSPC' },
    { op: 'sync', code: 'ENOSPC' },
    { op: 'sync', code: 'EIO' },
  ];
  for (const fault of faults) {
    it(`${fault.code} on ${fault.op}${fault.partial ? ` after part of the data` : ''}: the answer is refused, the journal is repaired, later answers are kept`, async () => {
      const dir = tmp();
      const fs = new FaultyFs();
      const outbox = await open(dir, fs);
      const [a, b, c] = makeCallEvents(3);
      await outbox.enqueue([a!]);
      fs.inject(fault);
      await expect(outbox.enqueue([b!])).rejects.toMatchObject({ code: fault.code });
      // The file went back to its last durable length on a fresh handle before anything else was written.
      expect(fs.calls.slice(-3)).toEqual([`truncate ${readFileSync(journalPath(dir)).length}`, 'openAppend', 'sync']);
      expect(outbox.status()).toMatchObject({ pending: 1, journalFault: null });
      await outbox.enqueue([c!]);
      expect(outbox.status().pending).toBe(2);

      const { again, delivered } = await afterRestart(dir, outbox);
      expect(again.status().recovery).toEqual({ tornTailBytes: 0, quarantinedBytes: 0, quarantineFile: null });
      expect(delivered).toEqual([a!.eventId, c!.eventId]);
    });
  }

  it('a fault that lasts: answers are refused (nothing half-written is ever acknowledged) until the disk works again', async () => {
    const dir = tmp();
    const fs = new FaultyFs();
    const outbox = await open(dir, fs);
    const [a, b, c, d] = makeCallEvents(4);
    await outbox.enqueue([a!]);
    fs.inject({ op: 'write', code: 'ENOSPC', partial: 0.5 });
    fs.inject({ op: 'truncate', code: 'EIO', times: 2 });
    await expect(outbox.enqueue([b!])).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(outbox.status().journalFault).toMatch(/could not be repaired.*EIO/);
    await expect(outbox.enqueue([c!])).rejects.toBeInstanceOf(JournalUnavailableError);
    // The disk is back: the next answer repairs the file first, then is written.
    await outbox.enqueue([d!]);
    expect(outbox.status()).toMatchObject({ pending: 2, journalFault: null });
    const { delivered } = await afterRestart(dir, outbox);
    expect(delivered).toEqual([a!.eventId, d!.eventId]);
  });

  it('a delivery mark is not written alone: it rides with the next answer; if that write fails, no acknowledged record is lost', async () => {
    const dir = tmp();
    const fs = new FaultyFs();
    const outbox = await open(dir, fs);
    const [a, b, c, d] = makeCallEvents(4);
    await outbox.enqueue([a!, b!]);
    const before = fs.calls.length;
    await outbox.markDelivered([a!.eventId]);
    expect(fs.calls.slice(before)).toEqual([]); // applied at once, nothing written yet
    expect(outbox.status().pending).toBe(1);
    fs.inject({ op: 'write', code: 'EIO', partial: 0.5 });
    await expect(outbox.enqueue([c!])).rejects.toMatchObject({ code: 'EIO' });
    await outbox.enqueue([d!]);
    // The mark went down with the failed write: a is delivered once more (the API acknowledges the
    // duplicate); c was never acknowledged; b and d were, and are delivered.
    const { delivered } = await afterRestart(dir, outbox);
    expect(delivered).toEqual([a!.eventId, b!.eventId, d!.eventId]);
  });

  it('a delivery mark is written with the next answer in one write, after a quiet spell, and at close', async () => {
    const dir = tmp();
    const fs = new FaultyFs();
    const outbox = await Outbox.open(dir, { fs, deferMs: 20 });
    opened.push(outbox);
    const [a, b, c, d] = makeCallEvents(4);
    await outbox.enqueue([a!, b!]);
    await outbox.markDelivered([a!.eventId]);
    let from = fs.calls.length;
    await outbox.enqueue([c!]);
    // One write carries the mark and the answer; on a file opened O_DSYNC that write is the fsync too.
    expect(fs.calls.slice(from)).toEqual(process.platform === 'win32' ? [expect.stringMatching(/^write /), 'sync'] : [expect.stringMatching(/^write /)]);
    await outbox.markDelivered([b!.eventId]);
    from = fs.calls.length;
    await expect.poll(() => fs.calls.slice(from), { timeout: 2000 }).toEqual([expect.stringMatching(/^write /)]);
    await outbox.markDelivered([c!.eventId]);
    await outbox.enqueue([d!]).then(() => outbox.markDelivered([d!.eventId]));
    const { delivered } = await afterRestart(dir, outbox);
    expect(delivered).toEqual([]);
  });
});

describe('journal: recovery at open', () => {
  it('a torn last line (a crash mid-write) is cut; every complete record is kept', async () => {
    const dir = tmp();
    const outbox = await open(dir);
    const events = makeCallEvents(2);
    await outbox.enqueue(events);
    await outbox.close();
    const torn = '0badc0de {"v":1,"t":"e","at":"2026';
    appendFileSync(journalPath(dir), torn);
    const again = await open(dir);
    expect(again.status().recovery).toMatchObject({ tornTailBytes: torn.length, quarantinedBytes: 0 });
    expect(await deliverAll(again)).toEqual(events.map((e) => e.eventId));
  });

  it('a damaged record in the middle is quarantined to a side file, never deleted; the records after it are kept', async () => {
    const dir = tmp();
    const outbox = await open(dir);
    const events = makeCallEvents(3);
    await outbox.enqueue(events);
    await outbox.close();
    const lines = readFileSync(journalPath(dir), 'utf8').split('\n');
    const damaged = `${lines[1]!.replace('"answer":"yes"', '"answer":"no!"')}\n`;
    lines[1] = damaged.slice(0, -1);
    writeFileSync(journalPath(dir), lines.join('\n'));

    const again = await open(dir);
    const { recovery } = again.status();
    expect(recovery.quarantinedBytes).toBe(Buffer.byteLength(damaged));
    expect(recovery.tornTailBytes).toBe(0);
    expect(readFileSync(recovery.quarantineFile!, 'utf8')).toBe(damaged);
    expect(readFileSync(journalPath(dir), 'utf8')).not.toContain('"answer":"no!"');
    expect(await deliverAll(again)).toEqual([events[0]!.eventId, events[2]!.eventId]);
    await again.close();
    // Nothing left to repair on the next start; the side file stays.
    const third = await open(dir);
    expect(third.status().recovery).toEqual({ tornTailBytes: 0, quarantinedBytes: 0, quarantineFile: null });
    expect(existsSync(recovery.quarantineFile!)).toBe(true);
  });

  it('records of the earlier format (version 0) are read and upgraded: pending, delivered, refused', async () => {
    const dir = tmp();
    const [a, b, c] = makeCallEvents(3);
    const at = '2026-11-28T01:00:00.000Z';
    writeFileSync(
      journalPath(dir),
      [
        line({ t: 'e', at, e: a }),
        line({ t: 'e', at, e: b }),
        line({ t: 'e', at, e: c }),
        line({ t: 'd', at, ids: [a!.eventId] }),
        line({ t: 'x', at, id: b!.eventId, reason: '409 conflict' }),
      ].join(''),
    );
    const outbox = await open(dir);
    expect(outbox.status()).toMatchObject({ pending: 1, refused: 1, unreadable: 0 });
    expect(outbox.list().refused[0]).toMatchObject({ eventId: b!.eventId, refusal: { type: 'https://callgate.dev/problems/desk-legacy-refusal', detail: '409 conflict' } });
    expect(await deliverAll(outbox)).toEqual([c!.eventId]);
  });

  it('a record the current schema rejects does not stop the outbox: it is kept as data, listed, written back unchanged; the rest is delivered', async () => {
    const dir = tmp();
    const [a, b] = makeCallEvents(2);
    const at = '2026-11-28T01:00:00.000Z';
    const foreign: Record<string, unknown> = { ...makeEvent(), kind: 'hologram_consent' };
    const newer = { v: 7, t: 'e', at, e: b, signedBy: 'a future desk' };
    const unknownKind = { v: 7, t: 'z', at, note: 'a future record kind' };
    writeFileSync(journalPath(dir), [line({ v: 1, t: 'e', at, e: a }), line({ v: 1, t: 'e', at, e: foreign }), line(newer), line(unknownKind)].join(''));
    const outbox = await open(dir);
    expect(outbox.status()).toMatchObject({ pending: 2, unreadable: 2 });
    expect(outbox.list().unreadable).toEqual([
      { eventId: foreign['eventId'], reason: expect.stringMatching(/^event kind/), recordedAt: at },
      { eventId: null, reason: 'record of version 7, kind z', recordedAt: at },
    ]);
    expect(await deliverAll(outbox)).toEqual([a!.eventId, b!.eventId]);
    await outbox.close();
    // A compaction keeps what it could not read, byte for byte.
    const compacting = await Outbox.open(dir, { compactBytes: 1 });
    opened.push(compacting);
    await compacting.enqueue([makeEvent()]);
    await compacting.markDelivered(compacting.nextBatch(5).map((e: ConsentEvent) => e.eventId));
    const text = readFileSync(journalPath(dir), 'utf8');
    expect(text).toContain(line({ v: 1, t: 'e', at, e: foreign }).slice(9));
    expect(text).toContain(line(unknownKind).slice(9));
  });
});

// These two run against the outbox API of before issue 12 as well (Outbox.open, nextBatch, Deliverer):
// they failed there (the record after a cut write was deleted; a foreign record made open throw).
describe('journal: the defects of issue 12, as a desk left its files', () => {
  it('a write cut short, then an acknowledged record appended after it: the acknowledged record is delivered, not deleted', async () => {
    const dir = tmp();
    const [a, b, c] = makeCallEvents(3);
    const at = '2026-11-28T01:00:00.000Z';
    const cut = line({ t: 'e', at, e: b }).slice(0, 70); // the failed write: no newline
    writeFileSync(journalPath(dir), line({ t: 'e', at, e: a }) + cut + line({ t: 'e', at, e: c }));
    const outbox = await open(dir);
    expect(await deliverAll(outbox)).toEqual([a!.eventId, c!.eventId]);
  });

  it('one record the current schema rejects: the outbox still opens and delivers the others', async () => {
    const dir = tmp();
    const [a, b] = makeCallEvents(2);
    const at = '2026-11-28T01:00:00.000Z';
    writeFileSync(journalPath(dir), line({ t: 'e', at, e: a }) + line({ t: 'e', at, e: { ...b, answer: 42, kind: 'future_kind' } }));
    const outbox = await open(dir);
    expect(await deliverAll(outbox)).toEqual([a!.eventId]);
  });
});
