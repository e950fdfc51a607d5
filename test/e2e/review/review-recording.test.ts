// Review plays a call's recording (issue 15 item 3), end to end: the built renderer in Chromium, the
// bridge over the real main-process services, the real API process (SQLite). The recording is stored
// through the API's own sealing step (test/support/recording-seed.ts: tones in bursts, 25 s, starting
// 20 s into the call, after the recording consent). A lead opens the call: the waveform comes from the
// server's peaks, the consent events sit on it and in the timeline with their moment; playing asks for a
// reason first (access log), then the player reads the audio from the API with range requests; a jump
// from the timeline plays from that moment; the person's own recording is exported for an inspection
// request (access log with the request's reference) and the file's SHA-256 is the ledger's.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/store';
import type { RecordingRow } from '../../../server/store/recordings';
import { api, login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { axeViolations } from '../../support/axe';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { conversation, seedStoredRecording } from '../../support/recording-seed';
import { httpApi, importKrLeads, placeCall, STEP } from '../../integration/review/review-seed';

let server: ApiProcess;
let browser: Browser;
let desk: Desk;
let leadToken = '';
let recorded = '';
let unrecorded = '';
let rec: RecordingRow;
/** Audio requests the page made: the Range it asked for and the status it got. */
const audioRequests: { range: string | undefined; status: number }[] = [];

const RECORDING_OFFSET_SEC = 20;
const RECORDING_SEC = 25;

async function openCall(page: Page, callId: string): Promise<void> {
  await page.click(`[data-call-id="${callId}"]`);
  await page.waitForSelector('[data-testid=timeline-entry]');
}

/** Scrolls the timeline (with its recording) to the top of the 1366x768 screen for the screenshot. */
const showRecording = (page: Page) => page.evaluate(() => document.querySelector('[data-testid=timeline]')?.scrollIntoView({ block: 'start' }));

/** The player's position in seconds and whether it is playing. */
const player = (page: Page) =>
  page.evaluate(() => {
    const a = document.querySelector<HTMLAudioElement>('[data-testid=recording-audio]');
    return a ? { at: a.currentTime, paused: a.paused } : null;
  });

beforeAll(async () => {
  server = await startApi();
  const admin = (await login(server.url, 'admin')).token;
  const agent1 = (await login(server.url, 'agent1')).token;
  leadToken = (await login(server.url, 'lead1')).token;
  const http = httpApi(server.url);
  const grantedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const leads = await importKrLeads(http, admin, [
    { name: '녹취 고객', phone: '010-0000-9201', grantedAt, nightConsent: true },
    { name: '미녹취 고객', phone: '010-0000-9202', grantedAt, nightConsent: true },
  ]);
  const at = new Date(Date.now() - 3 * 60_000);
  const a1 = { token: agent1, agentId: 'user-agent1' };
  recorded = await placeCall(http, { ...a1, leadId: leads[0] ?? '', at: at.toISOString(), answeredAfterSec: 5, outcome: 'sale',
    events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.provision('yes', 40), STEP.outcome('sale', 50)] });
  unrecorded = await placeCall(http, { ...a1, leadId: leads[1] ?? '', at: new Date(Date.now() - 2 * 60_000).toISOString(), answeredAfterSec: 4, outcome: 'not_interested',
    events: [STEP.id(6), STEP.time('no', 10), STEP.outcome('not_interested', 14)] });
  const store = await openSqliteStore(server.dbFile);
  try {
    rec = await seedStoredRecording({ db: store.db, dataDir: dirname(server.dbFile), callId: recorded, startedAtMs: at.getTime() + RECORDING_OFFSET_SEC * 1000, audio: conversation(RECORDING_SEC) });
  } finally {
    await store.close();
  }

  browser = await launchChromium();
  desk = await startDesk({ apiUrl: server.url, browser });
  desk.page.on('response', (res) => {
    if (/\/v1\/recordings\/[^/]+\/audio/.test(res.url())) audioRequests.push({ range: res.request().headers()['range'], status: res.status() });
  });
  await desk.signIn('lead1');
  await desk.page.waitForSelector('[data-testid=review]', { timeout: 20_000 });
}, 180_000);

afterAll(async () => {
  await desk?.stop();
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('review: a call\'s recording (real API, Chromium)', () => {
  it('shows the waveform from the server\'s peaks with the consent events at their moment; nothing plays before a reason', async () => {
    const page = desk.page;
    await openCall(page, recorded);
    await page.waitForSelector('[data-testid=recording] [data-testid=waveform]');
    // Two lanes (agent, customer), drawn from the peaks the API computed when it stored the audio.
    expect(await page.locator('[data-testid=waveform] path.wave').count()).toBe(2);
    expect(await page.getAttribute('[data-testid=waveform]', 'aria-valuemax')).toBe(String(RECORDING_SEC));
    // Events before the recording (identification, time, source) jump to its start; the consent (25 s
    // into the call = 5 s into the recording), the pitch (10 s) and the provision consent (20 s) to their
    // moment; the outcome (50 s) is after it.
    const jumps = await page.locator('[data-testid=jump-to-moment]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ms'))));
    expect(jumps).toEqual([0, 0, 0, 5000, 10_000, 20_000]);
    expect(await page.locator('[data-testid=moment-after]').count()).toBe(1);
    // On the waveform: the events inside the recording (consent, pitch, provision consent).
    expect(await page.locator('[data-testid=wave-marker]').count()).toBe(3);
    // No audio link exists before the lead said why.
    expect(await page.locator('[data-testid=recording-audio]').count()).toBe(0);
    expect(audioRequests).toEqual([]);
    expect(await axeViolations(page, '[data-testid=timeline]')).toEqual([]);
    await showRecording(page);
    await desk.screenshot('review-recording-ko');
  });

  it('a jump from the timeline asks why, logs it, then plays from that moment with range requests', async () => {
    const page = desk.page;
    await page.locator('[data-testid=jump-to-moment][data-ms="10000"]').click();
    await page.waitForSelector('[data-testid=play-dialog][open]');
    expect(await axeViolations(page, '[data-testid=play-dialog]')).toEqual([]);
    await page.fill('[data-testid=play-reason]', 'QA 평가: 상품 안내 구간 확인');
    await page.click('[data-testid=play-confirm]');
    await page.waitForSelector('[data-testid=recording-audio]');
    // Playing, from the pitch's moment on (10 s), and moving.
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=recording-audio]');
      return a !== null && !a.paused && a.currentTime >= 10.2;
    }, undefined, { timeout: 15_000 });
    const at = await player(page);
    expect(at?.at).toBeLessThan(RECORDING_SEC);
    expect(Number(await page.getAttribute('[data-testid=waveform]', 'data-position-ms'))).toBeGreaterThanOrEqual(10_000);
    // The player read the audio from the API with range requests (206), never the whole file at once.
    expect(audioRequests.length).toBeGreaterThan(0);
    expect(audioRequests.every((r) => r.range?.startsWith('bytes=') && r.status === 206)).toBe(true);
    const log = await api<{ items: { action: string; reason: string }[] }>(server.url, 'GET', `/v1/review/access-log?subject=${rec.id}`, leadToken);
    expect(log.json.items.map((i) => [i.action, i.reason])).toEqual([['recording_play', 'QA 평가: 상품 안내 구간 확인']]);

    // Another jump while the link is good plays from there without asking again.
    await page.locator('[data-testid=jump-to-moment][data-ms="5000"]').click();
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=recording-audio]');
      return a !== null && a.currentTime >= 5 && a.currentTime < 9.5;
    }, undefined, { timeout: 10_000 });
    expect(await page.locator('[data-testid=play-dialog]').count()).toBe(0);
    // The keyboard moves the position too (the waveform is a slider).
    await page.focus('[data-testid=waveform]');
    await page.keyboard.press('End');
    await page.waitForFunction(() => (document.querySelector<HTMLAudioElement>('[data-testid=recording-audio]')?.currentTime ?? 0) >= 24, undefined, { timeout: 10_000 });
    await page.evaluate(() => document.querySelector<HTMLAudioElement>('[data-testid=recording-audio]')?.pause());
  });

  it("exports the person's own recording for an inspection request: access-logged with the reference, the file's hash is the ledger's", async () => {
    const page = desk.page;
    await page.click('[data-testid=recording-export]');
    await page.waitForSelector('[data-testid=inspection-dialog][open]');
    await page.fill('[data-testid=inspection-reason]', '정보주체 본인 녹취 열람 요청');
    // The reference is required.
    await page.click('[data-testid=inspection-confirm]');
    await page.waitForSelector('[data-testid=inspection-dialog] [role=alert]');
    await page.fill('[data-testid=inspection-ref]', 'REQ-2026-0107');
    const download = page.waitForEvent('download', { timeout: 20_000 });
    await page.click('[data-testid=inspection-confirm]');
    const file = readFileSync(await (await download).path());
    expect(file.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const sha = createHash('sha256').update(file).digest('hex');
    expect(sha).toBe(rec.sha256);
    // The ledger entry of the recording names the same hash.
    const store = await openSqliteStore(server.dbFile);
    try {
      const entry = await store.db.get('SELECT payload FROM ledger WHERE seq = ?', [rec.ledgerSeq]);
      expect(JSON.parse(String(entry?.['payload']))).toMatchObject({ recordingId: rec.id, sha256: sha });
    } finally {
      await store.close();
    }
    await page.waitForSelector('[data-testid=recording-exported]');
    expect(await page.getAttribute('[data-testid=recording-exported]', 'class')).toBe('notice');
    const log = await api<{ items: { action: string; reason: string }[] }>(server.url, 'GET', `/v1/review/access-log?subject=${rec.id}`, leadToken);
    // Newest first: the export, then the playback before it.
    expect(log.json.items.map((i) => [i.action, i.reason])).toEqual([
      ['recording_export', '정보주체 본인 녹취 열람 요청 [inspection request REQ-2026-0107]'],
      ['recording_play', 'QA 평가: 상품 안내 구간 확인'],
    ]);
  });

  it('a call without a recording says so; the recording panel in English', async () => {
    const page = desk.page;
    await page.click('[data-testid=timeline-close]');
    await openCall(page, unrecorded);
    await page.waitForSelector('[data-testid=recording-none]');
    expect(await page.locator('[data-testid=jump-to-moment]').count()).toBe(0);
    await page.click('[data-testid=timeline-close]');
    await page.click('[data-testid=switch-language]');
    await page.waitForSelector('#review-title:text-is("Team review")', { state: 'attached' });
    await openCall(page, recorded);
    await page.waitForSelector('[data-testid=waveform]');
    await expect(page.textContent('#recording-title')).resolves.toContain('Recording');
    expect(await axeViolations(page, '[data-testid=timeline]')).toEqual([]);
    await showRecording(page);
    await desk.screenshot('review-recording-en');
    await page.click('[data-testid=timeline-close]');
    await page.click('[data-testid=switch-language]');
  });
});
