// Voice practice from the desk, end to end (issue 17's e2e): the built renderer in Chromium (the desk
// harness: the bridge over the real main services), the real API running the practice line (espeak-ng,
// G.711 RTP), the shipped SIP edge (Kamailio with deploy/kamailio/kamailio.cfg routing sip:p-<token> to
// the practice line) + rtpengine, and the sipp trunk that must see nothing. The trainee picks "voice" in
// the briefing, dials with the dial key, hears the simulated customer in the page (inbound audio energy
// from WebRTC getStats, after the answer and after each action), answers by hotkeys on the real call's
// script panel, and the attempt is scored as a voice attempt; the ledger and the trunk see nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minReadMs } from '../../../shared/practice/pace';
import type { SipStack } from '../../sip';
import { freeUdpPort } from '../../sip/net';
import { api, login } from '../../support/api-fixtures';
import type { ApiProcess } from '../../support/api-process';
import { startApiWithEdge } from '../../support/api-edge';
import { launchChromium } from '../../support/chromium';
import { PC_HOOK, waitAudio } from '../../support/page-audio';
import { startDesk, type Desk } from '../../support/desk-harness';
import { requireBinary } from '../../support/system';

const DOMAIN = 'callgate.test';
let server: ApiProcess;
let sip: SipStack;
let browser: Browser;
let desk: Desk;
let agentToken = '';
let adminToken = '';

const speaks = (page: Page, timeoutMs: number, what: string) => waitAudio(page, { mode: 'speaks', forMs: 200, timeoutMs, what: `the customer speaks (${what})` });
const quiet = (page: Page, what: string) => waitAudio(page, { mode: 'quiet', forMs: 700, timeoutMs: 30_000, what: `the customer stops talking (${what})` });

/** INVITEs that reached the trunk so far (the sipp customer logs one line per INVITE it receives). */
function trunkInvites(): number {
  return sip.sipp.logLines().filter((l) => / code \d+ telephone-event /.test(l)).length;
}

async function ledgerEntries(): Promise<number> {
  return (await api<{ entries: number }>(server.url, 'GET', '/v1/ledger/verify', adminToken)).json.entries;
}

/** When the step on screen appeared: the trainee reads it aloud before answering. */
let stepShownAt = 0;

/**
 * Reads the step (its least reading time passes since it appeared: the scoring marks a faster answer
 * 'rushed'), presses a script hotkey (focus off any button) and waits until the answer is recorded
 * and the run moved on.
 */
async function hotkey(page: Page, key: string): Promise<void> {
  const prompt = (await page.textContent('[data-testid=prompt]')) ?? '';
  const readUntil = stepShownAt + minReadMs(prompt, 'en') + 300;
  if (Date.now() < readUntil) await new Promise((r) => setTimeout(r, readUntil - Date.now()));
  const seq = Number(await page.getAttribute('[data-testid=script-panel]', 'data-seq'));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
  await page.waitForSelector(`[data-testid=script-panel][data-seq="${seq + 1}"]`, { timeout: 15_000 });
  stepShownAt = Date.now();
}

beforeAll(async () => {
  requireBinary('espeak-ng'); // the practice line's voice
  const sox = requireBinary('sox');
  const practice = `127.0.0.1:${await freeUdpPort()}`;
  ({ server, sip } = await startApiWithEdge({ domain: DOMAIN, env: { CALLGATE_PRACTICE_SIP: practice, CALLGATE_PRACTICE_RING_MS: '200' }, stack: { practice } }));
  agentToken = (await login(server.url, 'agent1')).token;
  adminToken = (await login(server.url, 'admin')).token;
  // The trainee's microphone is silent: the customer's speech is the only audio the page receives.
  const silence = join(mkdtempSync(join(tmpdir(), 'cg-voice-desk-')), 'silence.wav');
  execFileSync(sox, ['-n', '-r', '48000', '-c', '1', '-b', '16', silence, 'trim', '0', '2']);
  browser = await launchChromium([`--use-file-for-fake-audio-capture=${silence}`]);
  // The desk fetches the agent's SIP credentials itself after sign-in (auth_ephemeral, from the API).
  desk = await startDesk({ apiUrl: server.url, browser, sip: { wsUrl: sip.wsUrl }, settings: { locale: 'en', sip: { iceGatheringTimeoutMs: 300 } } });
  await desk.page.addInitScript({ content: PC_HOOK });
  await desk.page.reload();
  await desk.signIn('agent1');
  await desk.page.waitForSelector('[data-testid=phone-state].ok', { timeout: 20_000 });
  await desk.page.click('[data-testid=tab-practice]');
  await desk.page.waitForSelector('[data-testid=practice-banner]');
}, 180_000);

afterAll(async () => {
  await desk?.stop();
  await browser?.close().catch(() => undefined);
  await sip?.stop();
  await server?.stop();
});

describe('voice practice from the desk (Chromium desk, shipped Kamailio edge + rtpengine, practice line)', () => {
  it('CG-TIME by voice: the customer is heard in the page at the expected moments, the trainee answers by hotkeys, the attempt is scored as voice; nothing reaches the ledger or the trunk', async () => {
    const page = desk.page;
    const ledgerBefore = await ledgerEntries();
    const trunkBefore = trunkInvites();

    await page.waitForSelector('[data-testid=scenario-list] [data-scenario]', { timeout: 15_000 });
    await page.click('[data-scenario="kr-no-time"]');
    await page.waitForSelector('[data-testid=briefing] [data-testid=verdict].verdict-ok');
    // Voice is offered (the API runs a line for English, the phone is registered); text stays the default.
    await page.waitForSelector('[data-testid=mode-voice]');
    expect(await page.getAttribute('[data-testid=practice-mode]', 'data-mode')).toBe('text');
    await page.click('[data-testid=mode-voice]');
    expect(await page.getAttribute('[data-testid=practice-mode]', 'data-mode')).toBe('voice');
    expect(await page.textContent('[data-testid=practice-mode]')).toMatch(/^Voice: a real call over your phone/);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('d'); // the dial key places the voice practice call
    await page.waitForSelector('[data-testid=practice-call] [data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    // The real call's script panel and pitch lock.
    expect(await page.getAttribute('[data-testid=pitch-lock]', 'data-locked')).toBe('true');
    expect(await page.isDisabled('[data-testid=pitch-button]')).toBe(true);

    // The customer answers with "hello?": speech reaches the page through the edge and rtpengine.
    // The call is answered (the script counts from then on, as the scoring does from the line's answer).
    await page.waitForSelector('[data-testid=practice-call][data-connected=true]', { timeout: 20_000 });
    stepShownAt = Date.now();
    await speaks(page, 20_000, 'hello');
    await quiet(page, 'hello');
    // Identification, then the customer's acknowledgement and "no time" after CG-TIME is asked.
    await hotkey(page, 'Enter');
    await speaks(page, 15_000, 'after the identification');
    await quiet(page, 'after the identification');
    await hotkey(page, 'n'); // "no time"
    await speaks(page, 15_000, 'after "no"');
    await quiet(page, 'after "no"');
    await hotkey(page, '1'); // the callback
    await speaks(page, 15_000, 'the last words');
    // The customer hangs up after the last words: the call ends by itself and the server scores it.
    await page.waitForSelector('[data-testid=practice-result][data-saved=true]', { timeout: 30_000 });

    await expect.poll(async () => (await desk.main.handlers['outbox:status'](undefined)).pending, { timeout: 20_000 }).toBe(0);
    const list = await api<{ items: { id: string; scenarioId: string; mode: string }[] }>(server.url, 'GET', '/v1/practice/attempts?limit=1', agentToken);
    const latest = list.json.items[0];
    expect(latest).toMatchObject({ scenarioId: 'kr-no-time', mode: 'voice' });
    const attempt = (
      await api<{
        mode: string;
        outcome: string | null;
        hasAudio: boolean;
        eventsDelivered: number;
        eventsTotal: number;
        voice: { endedBy: string; said: { kind: string }[]; events: { seq: number }[] } | null;
        result: { speech: { firstWordMs: number | null } | null; steps: { checks: { id: string; passed: boolean }[] }[]; callChecks: { id: string; passed: boolean; reason: string }[] };
      }>(server.url, 'GET', `/v1/practice/attempts/${latest?.id ?? ''}`, agentToken)
    ).json;
    expect(attempt).toMatchObject({ mode: 'voice', outcome: 'callback', hasAudio: true, voice: { endedBy: 'customer' } });
    expect(attempt.eventsDelivered).toBe(attempt.eventsTotal);
    // The line heard the three hotkey answers in order and spoke after each of them (a silent trainee
    // gets no "uh-huh" while reading the identification: hello, no time, tomorrow, goodbye).
    expect(attempt.voice?.events.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(attempt.voice?.said.map((l) => l.kind)).toEqual(['opening', 'answer', 'answer', 'ending']);
    // Every script step of the run passed; the trainee's microphone was silent, and the timing of speech says so.
    expect(attempt.result.steps.flatMap((s) => s.checks).filter((c) => !c.passed)).toEqual([]);
    expect(attempt.result.callChecks.find((c) => c.id === 'first-word')).toMatchObject({ passed: false, reason: 'silent' });
    expect(Number(await page.getAttribute('[data-testid=score-summary]', 'data-score'))).toBeGreaterThan(0);

    // Practice is never evidence and never reaches a carrier.
    expect(await ledgerEntries()).toBe(ledgerBefore);
    expect(trunkInvites()).toBe(trunkBefore);
    const calls = await api<{ items: unknown[] }>(server.url, 'GET', '/v1/calls', agentToken);
    expect(calls.json.items).toEqual([]);
  });
});
