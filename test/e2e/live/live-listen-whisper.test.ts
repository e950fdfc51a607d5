// Live listen and whisper through the real media edge: rtpengine carries a call between two plain-RTP
// parties (agent 1000 Hz, customer 1400 Hz); a team lead's Chromium page listens (subscribe) and
// whispers (publish, 1700 Hz from its fake microphone); the agent's Chromium page takes the whisper on
// an extra leg. Asserted on audio energy and on what the customer's side actually received, never on UI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import { NgClient } from '../../../server/media/ng-client';
import type { CallRow } from '../../../server/store/calls';
import { launchChromium } from '../../support/chromium';
import { pcmuSdp, rtpEndpoint, type RtpEndpoint } from '../../support/rtp-endpoint';
import { authorizeDial, startTestServer, type TestServer } from '../../support/server-harness';
import { requireBinary } from '../../support/system';
import { toneLevel } from '../../support/tones';
import { waitUntil } from '../../sip/net';
import { servePages, type PageServer } from '../../sip/pages';
import { startRtpengine, type RtpengineHandle } from '../../sip/rtpengine';

const PAGE = join(process.cwd(), 'test/e2e/live/harness/live-page.ts');
const LEAD_TONE = 1700;

interface LivePage {
  answer(offers: { id: string; sdp: string }[]): Promise<{ id: string; sdp: string }[]>;
  offerWhisper(): Promise<string>;
  acceptWhisper(answer: string): Promise<void>;
  state(): string[];
  energy(): Promise<number[][]>;
  bytesSent(): Promise<number>;
  close(): void;
}
/** The page's window as the harness extends it (page.evaluate bodies run in the page: no closures). */
type W = { live: LivePage };

describe('live listen and whisper (rtpengine subscribe/publish, Chromium)', () => {
  let dir: string;
  let rtpengine: RtpengineHandle;
  let ng: NgClient;
  let s: TestServer;
  let pages: PageServer;
  let leadBrowser: Browser;
  let agentBrowser: Browser;
  let agent: RtpEndpoint;
  let customer: RtpEndpoint;
  let callId = '';
  let tokens: { lead: string; agent: string; lead2: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-live-'));
    const leadWav = join(dir, 'lead-tone.wav');
    execFileSync(requireBinary('sox'), ['-n', '-r', '48000', '-c', '1', leadWav, 'synth', '60', 'sine', String(LEAD_TONE), 'vol', '0.5']);
    rtpengine = await startRtpengine(dir, 9);
    ng = NgClient.fromAddress(rtpengine.ng);
    s = await startTestServer('sqlite', { config: { rtpengineNg: rtpengine.ng }, overrides: { mediaTargetOf: (c: CallRow) => (c.sipCallId ? { mediaCallId: c.sipCallId } : null) } });
    tokens = { lead: await s.login('lead1'), agent: await s.login('agent1'), lead2: await s.login('admin') };
    // The call: opened by agent1 through the API, its media between two parties at rtpengine.
    const auth = await authorizeDial(s, tokens.agent, 'lead-kr-valid');
    const sipCallId = `${newId()}@callgate.test`;
    const call = await s.request('POST', '/v1/calls', { token: tokens.agent, body: { attemptId: auth.json.attemptId, sipCallId } });
    callId = call.json.id;
    await s.request('PATCH', `/v1/calls/${callId}`, { token: tokens.agent, body: { answeredAt: s.clock().toISOString() } });
    agent = await rtpEndpoint(0x1111);
    customer = await rtpEndpoint(0x2222);
    const offer = await ng.request('offer', { 'call-id': sipCallId, 'from-tag': 'desk-tag', sdp: pcmuSdp(agent.port, '1') });
    const answer = await ng.request('answer', { 'call-id': sipCallId, 'from-tag': 'desk-tag', 'to-tag': 'trunk-tag', sdp: pcmuSdp(customer.port, '2') });
    const port = (sdp: unknown): number => Number(/m=audio (\d+)/.exec(String(sdp))?.[1]);
    customer.sendTo(port(offer['sdp']));
    agent.sendTo(port(answer['sdp']));
    agent.play(1000);
    customer.play(1400);
    pages = await servePages([PAGE]);
    leadBrowser = await launchChromium([`--use-file-for-fake-audio-capture=${leadWav}`]);
    agentBrowser = await launchChromium();
  });

  afterAll(async () => {
    await leadBrowser?.close();
    await agentBrowser?.close();
    await pages?.close();
    agent?.close();
    customer?.close();
    await s?.close();
    ng?.close();
    await rtpengine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function livePage(browser: Browser): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(pages.url(PAGE));
    await page.waitForFunction(() => 'live' in window);
    return page;
  }

  const connected = (page: Page, n: number): Promise<true> =>
    waitUntil(async () => ((await page.evaluate(() => (window as unknown as W).live.state())).filter((st) => st === 'connected').length >= n ? true : undefined), 20_000, `${n} live leg(s) connected`, 100);

  it('a lead hears both parties while the call runs; the session is access-logged with the reason', async () => {
    const lead = await livePage(leadBrowser);
    const board = await s.request('GET', '/v1/live/calls', { token: tokens.lead });
    expect(board.json.items.map((c: { callId: string }) => c.callId)).toEqual([callId]);
    const noReason = await s.request('POST', `/v1/live/calls/${callId}/listen`, { token: tokens.lead, body: { reason: '' } });
    expect(noReason.status).toBe(400);
    expect((await s.request('POST', `/v1/live/calls/${callId}/listen`, { token: tokens.agent, body: { reason: '동료 통화 청취' } })).status).toBe(403);
    const offer = await s.request('POST', `/v1/live/calls/${callId}/listen`, { token: tokens.lead, body: { reason: '신입 상담원 코칭' } });
    expect(offer.status, offer.body).toBe(201);
    // One leg per party, each its own connection: the edge does not mix, the listener's browser does.
    expect(offer.json.legs.map((l: { party: string }) => l.party).sort()).toEqual(['agent', 'customer']);
    const answers = await lead.evaluate((o) => (window as unknown as W).live.answer(o), offer.json.legs as { id: string; sdp: string }[]);
    const answered = await s.request('POST', `/v1/live/sessions/${offer.json.session.id}/answer`, { token: tokens.lead, body: { legs: answers } });
    expect(answered.status, answered.body).toBe(200);
    expect(answered.json.state).toBe('active');
    await connected(lead, 2);
    // Audio energy from both parties while the call runs.
    const energy = await waitUntil(async () => {
      const streams = (await lead.evaluate(() => (window as unknown as W).live.energy())).flat();
      return streams.length === 2 && streams.every((e) => e > 0.01) ? streams : undefined;
    }, 20_000, 'audio energy from both parties at the listener', 100);
    expect(energy).toHaveLength(2);
    const log = await s.request('GET', `/v1/review/access-log?subject=${callId}`, { token: tokens.lead });
    expect(log.json.items.map((i: { action: string; reason: string; subjectType: string }) => [i.action, i.subjectType, i.reason])).toEqual([['live_listen', 'call', '신입 상담원 코칭']]);
    // KR shows the agent that a lead is listening.
    const monitoring = await s.request('GET', `/v1/live/calls/${callId}/monitoring`, { token: tokens.agent });
    expect(monitoring.json).toEqual({ indicator: true, sessions: [{ mode: 'listen', userName: '박서연' }], whisper: null });
    expect((await s.request('GET', `/v1/live/calls/${callId}/monitoring`, { token: await s.login('agent2') })).status).toBe(404);
  });

  it('whisper: the agent\'s page hears the lead; the customer\'s side receives nothing of the lead', async () => {
    const lead = await livePage(leadBrowser);
    const desk = await livePage(agentBrowser);
    const offerSdp = await lead.evaluate(() => (window as unknown as W).live.offerWhisper());
    const published = await s.request('POST', `/v1/live/calls/${callId}/whisper`, { token: tokens.lead, body: { reason: '상담원에게 안내 문구 코칭', sdp: offerSdp } });
    expect(published.status, published.body).toBe(201);
    expect(published.json.session.state).toBe('active');
    expect(published.json.legs.map((l: { party: string }) => l.party)).toEqual(['lead']);
    await lead.evaluate((a) => (window as unknown as W).live.acceptWhisper(a), published.json.legs[0].sdp as string);
    // The agent's desk sees the whisper and takes it on an extra leg.
    const monitoring = await s.request('GET', `/v1/live/calls/${callId}/monitoring`, { token: tokens.agent });
    expect(monitoring.json.whisper).toEqual({ sessionId: published.json.session.id, state: 'active' });
    const legOffer = await s.request('POST', `/v1/live/sessions/${published.json.session.id}/agent-offer`, { token: tokens.agent });
    expect(legOffer.status, legOffer.body).toBe(200);
    const [legAnswer] = await desk.evaluate((o) => (window as unknown as W).live.answer(o), legOffer.json.legs as { id: string; sdp: string }[]);
    const joined = await s.request('POST', `/v1/live/sessions/${published.json.session.id}/agent-answer`, { token: tokens.agent, body: { sdp: legAnswer?.sdp } });
    expect(joined.json.state).toBe('agent_joined');
    await connected(lead, 1);
    await connected(desk, 1);
    await waitUntil(async () => ((await desk.evaluate(() => (window as unknown as W).live.energy()))[0]?.[0] ?? 0) > 0.005 || undefined, 20_000, 'the lead\'s voice at the agent', 100);
    // Meanwhile, what reached the customer: the agent's 1000 Hz, and none of the lead's 1700 Hz.
    const before = customer.heard().length;
    await waitUntil(() => (customer.heard().length >= before + 16_000 ? true : undefined), 20_000, 'two more seconds at the customer');
    const heard = customer.heard().subarray(before);
    expect(toneLevel(heard, 1000)).toBeGreaterThan(0.2);
    expect(toneLevel(heard, LEAD_TONE)).toBeLessThan(0.01);
    expect(await lead.evaluate(() => (window as unknown as W).live.bytesSent())).toBeGreaterThan(1000);
    const log = await s.request('GET', `/v1/review/access-log?subject=${callId}&action=live_whisper`, { token: tokens.lead });
    expect(log.json.items.map((i: { reason: string }) => i.reason)).toEqual(['상담원에게 안내 문구 코칭']);
    const ended = await s.request('POST', `/v1/live/sessions/${published.json.session.id}/end`, { token: tokens.lead });
    expect(ended.json.state).toBe('ended');
    expect((await s.request('POST', `/v1/live/sessions/${published.json.session.id}/agent-offer`, { token: tokens.agent })).status).toBe(409);
  });

  it('when the call ends its sessions end, and a call not in progress cannot be listened to', async () => {
    await s.request('PATCH', `/v1/calls/${callId}`, { token: tokens.agent, body: { endedAt: s.clock().toISOString(), outcome: 'not_interested' } });
    const board = await s.request('GET', '/v1/live/calls', { token: tokens.lead });
    expect(board.json.items).toEqual([]);
    const open = await s.ctx.store.db.get("SELECT COUNT(*) AS n FROM live_sessions WHERE state <> 'ended'");
    expect(Number(open?.['n'])).toBe(0);
    const late = await s.request('POST', `/v1/live/calls/${callId}/listen`, { token: tokens.lead, body: { reason: '통화 종료 후 청취 시도' } });
    expect(late.status).toBe(409);
  });
});
