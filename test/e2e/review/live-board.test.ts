// Live listen from the review workspace (issue 15 item 5), end to end: a call's media runs through a
// real rtpengine between two plain-RTP parties (agent 1000 Hz, customer 1400 Hz), the API process drives
// the media edge (CALLGATE_RTPENGINE_NG), and a lead's desk (the built renderer in Chromium, the bridge
// over the real main-process services) lists the team's live calls, asks why, answers the edge's leg
// per party and plays both. Asserted on the audio energy the page received from each party, on the
// access log and on the session ending with Stop and with the call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import { NgClient } from '../../../server/media/ng-client';
import { api, authorizeDial, importLeads, login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { checkScreenBothLanguages } from '../../support/screens';
import { pcmuSdp, rtpEndpoint, type RtpEndpoint } from '../../support/rtp-endpoint';
import { startRtpengine, type RtpengineHandle } from '../../sip/rtpengine';

let dir: string;
let rtpengine: RtpengineHandle;
let ng: NgClient;
let server: ApiProcess;
let browser: Browser;
let desk: Desk;
let agent: RtpEndpoint;
let customer: RtpEndpoint;
let tokens: { agent: string; lead: string };
let callId = '';

/** Energy each party's meter read in the last interval, by party. */
const meters = (page: Page) =>
  page.locator('[data-testid=live-meter]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-party'), Number(e.getAttribute('data-energy'))])));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-live-board-'));
  rtpengine = await startRtpengine(dir, 9);
  ng = NgClient.fromAddress(rtpengine.ng);
  server = await startApi({ CALLGATE_RTPENGINE_NG: rtpengine.ng });
  tokens = { agent: (await login(server.url, 'agent1')).token, lead: (await login(server.url, 'lead1')).token };
  // The lead has the separate night-call consent (KR-NIGHT): the API runs on the real clock, and this
  // test must pass at any hour in Seoul (a demo lead without it is refused 21:00-08:00 KST).
  const admin = (await login(server.url, 'admin')).token;
  const [leadId = ''] = await importLeads(server.url, admin, 'cmp-kr-insurance', [{ name: '실시간 고객', phone: '010-0000-9401', nightConsent: true }]);
  // The call: opened by agent1 through the API, its media between two parties at rtpengine.
  const auth = await authorizeDial<{ attemptId: string }>(server.url, tokens.agent, leadId);
  if (auth.status !== 201) throw new Error(`dial authorization refused: HTTP ${auth.status} ${JSON.stringify(auth.json)}`);
  const sipCallId = `${newId()}@callgate.test`;
  const call = await api<{ id: string }>(server.url, 'POST', '/v1/calls', tokens.agent, { attemptId: auth.json.attemptId, sipCallId });
  if (call.status !== 201) throw new Error(`POST /v1/calls: HTTP ${call.status} ${JSON.stringify(call.json)}`);
  callId = call.json.id;
  await api(server.url, 'PATCH', `/v1/calls/${callId}`, tokens.agent, { answeredAt: new Date().toISOString() });
  agent = await rtpEndpoint(0x1111);
  customer = await rtpEndpoint(0x2222);
  const offer = await ng.request('offer', { 'call-id': sipCallId, 'from-tag': 'desk-tag', sdp: pcmuSdp(agent.port, '1') });
  const answer = await ng.request('answer', { 'call-id': sipCallId, 'from-tag': 'desk-tag', 'to-tag': 'trunk-tag', sdp: pcmuSdp(customer.port, '2') });
  const port = (sdp: unknown): number => Number(/m=audio (\d+)/.exec(String(sdp))?.[1]);
  customer.sendTo(port(offer['sdp']));
  agent.sendTo(port(answer['sdp']));
  agent.play(1000);
  customer.play(1400);
  browser = await launchChromium();
  desk = await startDesk({ apiUrl: server.url, browser });
  await desk.signIn('lead1');
  await desk.page.waitForSelector('[data-testid=review]', { timeout: 20_000 });
}, 180_000);

afterAll(async () => {
  await desk?.stop();
  await browser?.close().catch(() => undefined);
  agent?.close();
  customer?.close();
  await server?.stop();
  ng?.close();
  await rtpengine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('review: live listen (real rtpengine, API process, Chromium)', () => {
  it('a lead picks a live call, says why, and hears both parties; the access log has the reason', async () => {
    const page = desk.page;
    await page.waitForSelector(`[data-testid=live-call][data-call-id="${callId}"]`, { timeout: 15_000 });
    await page.click(`[data-call-id="${callId}"] [data-testid=live-listen]`);
    await page.waitForSelector('[data-testid=listen-dialog][open]');
    await page.fill('[data-testid=listen-reason]', '신입 상담원 코칭');
    await page.click('[data-testid=listen-confirm]');
    await page.waitForSelector(`[data-testid=live-call][data-call-id="${callId}"][data-listening=true]`, { timeout: 20_000 });
    // Audio energy from each party reaches the lead's page (one leg each, the page plays both).
    await page.waitForFunction(
      () => {
        const m = [...document.querySelectorAll('[data-testid=live-meter]')].map((e) => Number(e.getAttribute('data-energy')));
        return m.length === 2 && m.every((e) => e > 0.001);
      },
      undefined,
      { timeout: 20_000 },
    );
    expect(Object.keys(await meters(page)).sort()).toEqual(['agent', 'customer']);
    const log = await api<{ items: { action: string; reason: string }[] }>(server.url, 'GET', `/v1/review/access-log?subject=${callId}`, tokens.lead);
    expect(log.json.items.map((i) => [i.action, i.reason])).toEqual([['live_listen', '신입 상담원 코칭']]);
    // The agent's desk can learn that a lead listens (KR shows it).
    const monitoring = await api<{ indicator: boolean; sessions: { mode: string }[] }>(server.url, 'GET', `/v1/live/calls/${callId}/monitoring`, tokens.agent);
    expect(monitoring.json).toMatchObject({ indicator: true, sessions: [{ mode: 'listen' }] });
    await checkScreenBothLanguages(desk, 'review-live-listen', { within: '[data-testid=live-board]' });
  });

  it('Stop ends the session; the call ending takes it off the board', async () => {
    const page = desk.page;
    await page.click('[data-testid=live-stop]');
    await page.waitForSelector(`[data-testid=live-call][data-call-id="${callId}"][data-listening=false]`);
    const ended = await api<{ items: { callId: string; sessions: unknown[] }[] }>(server.url, 'GET', '/v1/live/calls', tokens.lead);
    expect(ended.json.items.find((c) => c.callId === callId)?.sessions).toEqual([]);
    await api(server.url, 'PATCH', `/v1/calls/${callId}`, tokens.agent, { endedAt: new Date().toISOString(), outcome: 'no_time' });
    await page.waitForSelector('[data-testid=live-none]', { timeout: 15_000 });
  });
});
