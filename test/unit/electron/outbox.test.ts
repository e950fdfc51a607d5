import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, OutboxConflictError } from '../../../electron/outbox/outbox';
import { Deliverer, type SendBatch } from '../../../electron/outbox/delivery';
import type { OutboxRefusal } from '../../../shared/ipc/outbox';
import { makeCallEvents, makeEvent } from '../../support/events';

const conflict: OutboxRefusal = { type: 'https://callgate.dev/problems/idempotency-conflict', title: 'conflict', detail: 'same id, other body', ruleId: null, status: 409 };

const dirs: string[] = [];
const open: Outbox[] = [];
async function openOutbox(dir = mkdtempSync(join(tmpdir(), 'cg-outbox-')), compactBytes?: number): Promise<{ dir: string; outbox: Outbox }> {
  dirs.push(dir);
  const outbox = await Outbox.open(dir, compactBytes === undefined ? {} : { compactBytes });
  open.push(outbox);
  return { dir, outbox };
}
afterEach(async () => {
  for (const o of open.splice(0)) await o.close().catch(() => undefined);
});

describe('Outbox', () => {
  it('holds an event durably: a reopened outbox still has it, in order', async () => {
    const { dir, outbox } = await openOutbox();
    const events = makeCallEvents(3);
    const status = await outbox.enqueue(events);
    expect(status.pending).toBe(3);
    expect(status.oldestPendingSince).not.toBeNull();
    await outbox.close();
    const { outbox: again } = await openOutbox(dir);
    expect(again.nextBatch(10).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('is idempotent by eventId; the same id with another body is a conflict', async () => {
    const { outbox } = await openOutbox();
    const e = makeEvent();
    await outbox.enqueue([e]);
    await outbox.enqueue([e]);
    expect(outbox.status().pending).toBe(1);
    await expect(outbox.enqueue([{ ...e, answer: 'no' }])).rejects.toBeInstanceOf(OutboxConflictError);
  });

  it('forgets delivered events across a restart and keeps refused ones aside', async () => {
    const { dir, outbox } = await openOutbox();
    const [a, b, c] = makeCallEvents(3);
    await outbox.enqueue([a!, b!, c!]);
    await outbox.markDelivered([a!.eventId]);
    await outbox.markRefused(b!.eventId, conflict);
    await outbox.close();
    const { outbox: again } = await openOutbox(dir);
    expect(again.nextBatch(10).map((e) => e.eventId)).toEqual([c!.eventId]);
    expect(again.status()).toMatchObject({ pending: 1, refused: 1, lastRefused: { eventId: b!.eventId, refusal: conflict } });
  });

  it('cuts a torn last line left by a crash and keeps every complete record', async () => {
    const { dir, outbox } = await openOutbox();
    const events = makeCallEvents(2);
    await outbox.enqueue(events);
    await outbox.close();
    appendFileSync(join(dir, 'journal.ndjson'), '0badc0de {"t":"e","at":"2026');
    const { outbox: again } = await openOutbox(dir);
    expect(again.status().recovery.tornTailBytes).toBeGreaterThan(0);
    expect(again.status().pending).toBe(2);
    await again.enqueue([makeEvent()]);
    expect(again.status().pending).toBe(3);
  });

  it('never trusts a corrupted record (bad checksum)', async () => {
    const { dir, outbox } = await openOutbox();
    await outbox.enqueue(makeCallEvents(2));
    await outbox.close();
    const path = join(dir, 'journal.ndjson');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"answer":"yes"', '"answer":"no!"');
    writeFileSync(path, lines.join('\n'));
    const { outbox: again } = await openOutbox(dir);
    expect(again.status().pending).toBe(1);
  });

  it('compacts once the journal is large, keeping pending and refused events', async () => {
    const { dir, outbox } = await openOutbox(undefined, 2_000);
    const events = makeCallEvents(10);
    await outbox.enqueue(events);
    await outbox.markRefused(events[9]!.eventId, conflict);
    await outbox.markDelivered(events.slice(0, 8).map((e) => e.eventId));
    expect(readFileSync(join(dir, 'journal.ndjson'), 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    await outbox.close();
    const { outbox: again } = await openOutbox(dir);
    expect(again.status()).toMatchObject({ pending: 1, refused: 1 });
    expect(again.nextBatch(5)[0]?.eventId).toBe(events[8]!.eventId);
  });

  it('loses no event recorded while a compaction runs', async () => {
    const { dir, outbox } = await openOutbox(undefined, 1_500);
    const first = makeCallEvents(6);
    await outbox.enqueue(first);
    const racing = makeCallEvents(20);
    // Deliveries trigger compactions while new answers keep arriving.
    const writes = racing.map((e) => outbox.enqueue([e]));
    const deliveries = first.map((e) => outbox.markDelivered([e.eventId]));
    await Promise.all([...writes, ...deliveries]);
    expect(outbox.status().pending).toBe(20);
    await outbox.close();
    const { outbox: again } = await openOutbox(dir);
    expect(again.nextBatch(100).map((e) => e.eventId).sort()).toEqual(racing.map((e) => e.eventId).sort());
  });

  it('writes no phone number or name: only ids and script texts', async () => {
    const { dir, outbox } = await openOutbox();
    await outbox.enqueue(makeCallEvents(3));
    const text = readFileSync(join(dir, 'journal.ndjson'), 'utf8');
    expect(text).not.toMatch(/\+8210\d{8}|010-?\d{4}-?\d{4}/);
  });
});

describe('Deliverer', () => {
  it('delivers in order per call, in batches, and retries with backoff after a failure', async () => {
    const { outbox } = await openOutbox();
    const events = makeCallEvents(25);
    await outbox.enqueue(events);
    const seen: string[] = [];
    let calls = 0;
    const send: SendBatch = async (batch) => {
      calls += 1;
      if (calls === 2) throw new Error('API down');
      seen.push(...batch.map((e) => e.eventId));
      return { accepted: batch.map((e) => e.eventId), refused: [] };
    };
    const waits: number[] = [];
    const d = new Deliverer(outbox, send, {
      batchSize: 10,
      random: () => 0.5,
      setTimer: (fn, ms) => {
        waits.push(ms);
        queueMicrotask(fn);
        return 1;
      },
      clearTimer: () => undefined,
    });
    d.start();
    for (let i = 0; i < 50 && outbox.status().pending > 0; i++) await new Promise((r) => setTimeout(r, 5));
    await d.stop();
    expect(seen).toEqual(events.map((e) => e.eventId));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(outbox.status()).toMatchObject({ pending: 0, lastError: null });
  });

  it('keeps events and reports the error while the API is unreachable', async () => {
    const { outbox } = await openOutbox();
    await outbox.enqueue(makeCallEvents(2));
    const d = new Deliverer(outbox, () => Promise.reject(new Error('connect ECONNREFUSED')), { setTimer: () => 1, clearTimer: () => undefined });
    d.start();
    await d.idle();
    await d.stop();
    expect(outbox.status()).toMatchObject({ pending: 2, lastError: 'connect ECONNREFUSED' });
  });
});
