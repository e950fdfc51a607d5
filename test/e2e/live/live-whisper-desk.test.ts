// Whisper end to end (issue 15 item 5): an agent's desk (the built renderer in Chromium, its microphone
// silent) calls a sipp customer through the shipped SIP edge (Kamailio + rtpengine, dial token redeemed
// at the real API); a team lead's desk (another Chromium, its microphone espeak-ng speech) whispers from
// the live board, by keyboard, with a reason. The API drives the same rtpengine (publish, subscribe).
// Asserted on audio: the agent's page receives the lead's speech on its own whisper leg, and the packets
// that reach the customer's RTP port (captured on the wire) carry none of it, while a positive control
// (rtpengine playing the same speech to the customer) shows the capture would see it. The agent's
// "a team lead is whispering" indicator shows while the whisper plays and goes when the lead stops or
// the call ends; ko and en, axe-clean.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NgClient } from '../../../server/media/ng-client';
import { startSipStack, type SipStack } from '../../sip';
import { freeUdpPort, waitUntil } from '../../sip/net';
import { captureRtpTo, rmsLevel } from '../../sip/rtp-capture';
import { speechWav } from '../../sip/speech';
import { newEdgeSecrets } from '../../sip/stack';
import { api, campaigns, importLeads, login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { axeViolations } from '../../support/axe';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { tabTo } from '../../support/keyboard';
import { PC_HOOK, SPEECH_RATE, waitAudio } from '../../support/page-audio';
import { requireBinary } from '../../support/system';

const DOMAIN = 'callgate.test';
/** RTP packets (20 ms each) captured at the customer per window: 5 s, longer than one pass of the lead's speech. */
const WINDOW_PACKETS = 250;
/** RMS level at the customer above which it hears speech (a silent microphone through G.711 is ~0.001). */
const HEARD_RMS = 0.01;

let dir: string;
let server: ApiProcess;
let sip: SipStack;
let ng: NgClient;
let agentBrowser: Browser;
let leadBrowser: Browser;
let agent: Desk;
let lead: Desk;
let tokens: { admin: string; agent: string; lead: string };
let speech = '';

const indicator = '[data-testid=monitoring-indicator]';
const row = (callId: string): string => `[data-testid=live-call][data-call-id="${callId}"]`;

/** Inbound audio energy so far on the legs the agent's page answered (the whisper legs, not its SIP call). */
const whisperEnergy = (page: Page): Promise<number> =>
  page.evaluate(async () => {
    const pcs = (window as unknown as { __cgPcs: RTCPeerConnection[] }).__cgPcs.filter((pc) => pc.connectionState !== 'closed' && pc.remoteDescription?.type === 'offer');
    let e = 0;
    for (const pc of pcs) (await pc.getStats()).forEach((r: { type?: string; totalAudioEnergy?: number }) => (e += r.type === 'inbound-rtp' ? (r.totalAudioEnergy ?? 0) : 0));
    return e;
  });

/** Open connections of the page: all, or only those it answered an offer on (the agent's whisper legs). */
const openConnections = (page: Page, which: 'all' | 'answered'): Promise<number> =>
  page.evaluate((w) => (window as unknown as { __cgPcs: RTCPeerConnection[] }).__cgPcs.filter((pc) => pc.connectionState !== 'closed' && (w === 'all' || pc.remoteDescription?.type === 'offer')).length, which);

/** Waits until the page has no such connection open. */
const allClosed = (page: Page, which: 'all' | 'answered', what: string): Promise<true> =>
  waitUntil(async () => ((await openConnections(page, which)) === 0 ? true : undefined), 5_000, what, 100);

/** The call the agent's desk has in progress (its API id and SIP Call-ID, once the desk reported it). */
function callInProgress(): Promise<{ id: string; sipCallId: string }> {
  return waitUntil(
    async () => {
      const list = await api<{ items: { id: string; state: string; sipCallId: string | null }[] }>(server.url, 'GET', '/v1/calls', tokens.agent);
      const c = list.json.items.find((x) => x.state === 'connected' && x.sipCallId);
      return c?.sipCallId ? { id: c.id, sipCallId: c.sipCallId } : undefined;
    },
    15_000,
    'the agent\'s call connected at the API, with its SIP Call-ID',
    100,
  );
}

/** The agent dials the next lead and the sipp customer answers. */
async function agentCalls(): Promise<{ id: string; sipCallId: string }> {
  await agent.page.waitForSelector('[data-testid=lead-card]', { timeout: 15_000 });
  await agent.page.click('[data-testid=dial]');
  await agent.page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
  return callInProgress();
}

/** The lead, by keyboard: from the call's Listen button Tab to Whisper, give the reason, confirm. */
async function leadWhispers(callId: string, reason: string): Promise<void> {
  const page = lead.page;
  await page.waitForSelector(row(callId), { timeout: 15_000 });
  await page.focus(`${row(callId)} [data-testid=live-listen]`);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('live-whisper');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=whisper-dialog][open]');
  await page.keyboard.type(reason);
  await tabTo(page, '[data-testid=whisper-confirm]');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${row(callId)}[data-whispering=true]`, { timeout: 20_000 });
}

/** Switches the page's language and back, calling `check` in each (the page's own language first). */
async function inBothLanguages(page: Page, check: (lang: 'ko' | 'en') => Promise<void>): Promise<void> {
  const lang = (await page.getAttribute('html', 'lang')) === 'en' ? 'en' : 'ko';
  const other = lang === 'ko' ? 'en' : 'ko';
  await check(lang);
  await page.click('[data-testid=switch-language]');
  await page.waitForSelector(`html[lang=${other}]`);
  await check(other);
  await page.click('[data-testid=switch-language]');
  await page.waitForSelector(`html[lang=${lang}]`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-whisper-'));
  speech = speechWav(dir, 'ko');
  const silence = join(dir, 'silence.wav');
  execFileSync(requireBinary('sox'), ['-n', '-r', '48000', '-c', '1', '-b', '16', silence, 'trim', '0', '2']);
  requireBinary('dumpcap');
  const secrets = newEdgeSecrets();
  // The API drives the stack's rtpengine: its ng port is chosen first and given to both.
  const ngPort = await freeUdpPort();
  server = await startApi({ CALLGATE_EDGE_SECRET: secrets.edgeSecret, CALLGATE_SIP_SECRET: secrets.sipSecret, CALLGATE_EDGE_DOMAIN: DOMAIN, CALLGATE_RTPENGINE_NG: `127.0.0.1:${ngPort}` });
  sip = await startSipStack({ agents: 0, customers: 0, domain: DOMAIN, api: { url: server.url, secrets }, rtpengineNgPort: ngPort });
  ng = NgClient.fromAddress(sip.rtpengine.ng);
  tokens = { admin: (await login(server.url, 'admin')).token, agent: (await login(server.url, 'agent1')).token, lead: (await login(server.url, 'lead1')).token };
  const kr = (await campaigns(server.url, tokens.admin)).campaigns.find((c) => c.profile === 'KR');
  if (!kr) throw new Error('no KR campaign in the demo seed');
  const echo = sip.pstn.echo.replace('+82', '0');
  await importLeads(server.url, tokens.admin, kr.id, [
    { name: '귓속말 고객', phone: echo, nightConsent: true },
    { name: '통화종료 고객', phone: echo, nightConsent: true },
  ]);
  // The agent's microphone is silent: whatever speech reaches the customer could only be the lead's.
  agentBrowser = await launchChromium([`--use-file-for-fake-audio-capture=${silence}`]);
  leadBrowser = await launchChromium([`--use-file-for-fake-audio-capture=${speech}`]);
  agent = await startDesk({ apiUrl: server.url, browser: agentBrowser, sip: { wsUrl: sip.wsUrl }, settings: { sip: { iceGatheringTimeoutMs: 300 } } });
  lead = await startDesk({ apiUrl: server.url, browser: leadBrowser });
  for (const d of [agent, lead]) {
    await d.page.addInitScript({ content: PC_HOOK });
    await d.page.reload();
  }
  await agent.signIn('agent1');
  await agent.page.waitForSelector('[data-testid=campaign-select]', { timeout: 15_000 });
  await agent.page.selectOption('[data-testid=campaign-select]', kr.id);
  await agent.page.waitForSelector('[data-testid=phone-state].ok', { timeout: 20_000 });
  await lead.signIn('lead1');
  await lead.page.waitForSelector('[data-testid=live-board]', { timeout: 20_000 });
}, 180_000);

afterAll(async () => {
  await agent?.stop();
  await lead?.stop();
  await agentBrowser?.close().catch(() => undefined);
  await leadBrowser?.close().catch(() => undefined);
  ng?.close();
  await sip?.stop();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('whisper: lead board -> agent desk only (shipped edge, rtpengine, sipp customer, two Chromium desks)', () => {
  it("the agent's page hears the lead on its own leg, the customer's RTP carries none of it, and the indicator shows until the lead stops", async () => {
    const call = await agentCalls();
    await leadWhispers(call.id, '신입 상담원 응대 코칭');

    // The agent's desk takes the whisper and says so (KR).
    const shown = agent.page.locator(`${indicator}[data-mode=whisper][data-whisper-leg=playing]`);
    await shown.waitFor({ timeout: 20_000 });
    await waitAudio(agent.page, { mode: 'speaks', forMs: 300, timeoutMs: 20_000, what: "the lead's speech reaches the agent's whisper leg", connections: 'answered' });

    // What reaches the customer's ear while the lead speaks to the agent: no speech.
    const before = { at: Date.now(), energy: await whisperEnergy(agent.page) };
    const quietWindow = await captureRtpTo(dir, sip.sipp.mediaPort, WINDOW_PACKETS);
    const streams = await quietWindow();
    const during = ((await whisperEnergy(agent.page)) - before.energy) / ((Date.now() - before.at) / 1000);
    expect(during, "the lead's speech kept reaching the agent during the window").toBeGreaterThan(SPEECH_RATE);
    expect(streams.reduce((n, s) => n + s.packets, 0)).toBeGreaterThanOrEqual(WINDOW_PACKETS - 5);
    const levels = streams.map((s) => rmsLevel(s.samples));
    expect(Math.max(...levels), `customer RMS per stream: ${levels.join(', ')}`).toBeLessThan(HEARD_RMS);

    // Positive control: the same speech played to the customer by rtpengine is seen by the same capture.
    const tags = Object.keys(((await ng.request('query', { 'call-id': call.sipCallId })) as { tags?: Record<string, unknown> }).tags ?? {});
    const played = await captureRtpTo(dir, sip.sipp.mediaPort, WINDOW_PACKETS);
    const playedTo: string[] = [];
    for (const tag of tags.filter((t) => !t.startsWith('cg-sup-'))) {
      const r = await ng.request('play media', { 'call-id': call.sipCallId, 'from-tag': tag, file: speech });
      if (r['result'] === 'ok') playedTo.push(tag);
    }
    const control = await played();
    for (const tag of playedTo) await ng.request('stop media', { 'call-id': call.sipCallId, 'from-tag': tag });
    const controlLevels = control.map((s) => rmsLevel(s.samples));
    expect(Math.max(...controlLevels), `control RMS per stream: ${controlLevels.join(', ')}`).toBeGreaterThan(HEARD_RMS);

    // Both desks show it, in Korean and English, axe-clean.
    await inBothLanguages(agent.page, async (lang) => {
      expect(await shown.textContent()).toContain(lang === 'ko' ? '팀장이 귓속말을 하고 있습니다' : 'A team lead is whispering to you');
      expect(await axeViolations(agent.page)).toEqual([]);
      await agent.screenshot(`desk-whisper-${lang}`);
    });
    await inBothLanguages(lead.page, async (lang) => {
      expect(await lead.page.textContent(`${row(call.id)} [data-testid=live-state]`)).toContain(lang === 'ko' ? '귓속말 중' : 'Whispering to');
      expect(await axeViolations(lead.page, '[data-testid=live-board]')).toEqual([]);
      await lead.page.locator('[data-testid=live-board]').scrollIntoViewIfNeeded();
      await lead.screenshot(`review-live-whisper-${lang}`);
    });

    // Access-logged with the reason.
    const log = await api<{ items: { action: string; reason: string }[] }>(server.url, 'GET', `/v1/review/access-log?subject=${call.id}&action=live_whisper`, tokens.lead);
    expect(log.json.items.map((i) => i.reason)).toEqual(['신입 상담원 응대 코칭']);

    // The lead stops (keyboard): the agent's leg closes and the indicator goes.
    await lead.page.focus(`${row(call.id)} [data-testid=live-whisper-stop]`);
    await lead.page.keyboard.press('Enter');
    await lead.page.waitForSelector(`${row(call.id)}[data-whispering=false]`);
    await agent.page.locator(indicator).waitFor({ state: 'detached', timeout: 15_000 });
    await allClosed(agent.page, 'answered', "the agent's whisper leg closed after the lead stopped");
    await agent.page.keyboard.press('Escape');
    await agent.page.waitForSelector('[data-testid=wrap-up]', { timeout: 15_000 });
    await agent.page.click('[data-testid=wrap-done]');
  });

  it('the whisper stops when the call ends: the agent hears nothing more, both desks drop it', async () => {
    const call = await agentCalls();
    await leadWhispers(call.id, '통화 종료 시 귓속말 종료 확인');
    await agent.page.locator(`${indicator}[data-whisper-leg=playing]`).waitFor({ timeout: 20_000 });
    expect(await openConnections(agent.page, 'answered')).toBe(1);
    await waitAudio(agent.page, { mode: 'speaks', forMs: 300, timeoutMs: 20_000, what: "the lead's speech reaches the agent", connections: 'answered' });

    await agent.page.keyboard.press('Escape'); // the agent hangs up
    await agent.page.waitForSelector('[data-testid=wrap-up]', { timeout: 15_000 });
    await agent.page.locator(indicator).waitFor({ state: 'detached', timeout: 5_000 });
    await allClosed(agent.page, 'answered', "the agent's whisper leg closed with the call");
    // The lead's board drops the call and its whisper (microphone connection closed).
    await lead.page.waitForSelector(row(call.id), { state: 'detached', timeout: 15_000 });
    await allClosed(lead.page, 'all', "the lead's whisper connection closed with the call");
    const open = await api<{ items: { callId: string; sessions: unknown[] }[] }>(server.url, 'GET', '/v1/live/calls', tokens.lead);
    expect(open.json.items.find((c) => c.callId === call.id)).toBeUndefined();
    await agent.page.click('[data-testid=wrap-done]');
  });
});
