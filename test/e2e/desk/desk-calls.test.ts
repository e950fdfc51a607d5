// The agent desk end to end (issue 5): the built renderer in Chromium, the preload bridge over the
// real main-process services, the real central API (SQLite), the shipped SIP edge (Kamailio with
// deploy/kamailio/kamailio.cfg, redeeming the desk's dial tokens at that API) + rtpengine, and sipp as
// the customer behind a "PSTN" trunk. Every ConsentEvent is checked through GET /v1/calls/{id}.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { SipStack } from '../../sip';
import type { ApiProcess } from '../../support/api-process';
import { startApiWithEdge } from '../../support/api-edge';
import Database from 'better-sqlite3';
import { api, authorizeDial, campaigns, importLeads, login, nightZone } from '../../support/api-fixtures';
import { axeViolations } from '../../support/axe';
import { checkScreen, checkScreenBothLanguages } from '../../support/screens';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';

let server: ApiProcess;
let sip: SipStack;
let browser: Browser;
let desk: Desk;
let adminToken = '';
let agentToken = '';
const leads: Record<string, string> = {};

interface TimelineEvent {
  eventId: string;
  seq: number;
  kind: string;
  stepId: string;
  answer: string;
  promptText: string;
  promptSha256: string;
  ruleIds: string[];
}

interface CallRecord {
  id: string;
  state: string;
  outcome: string | null;
  callbackAt: string | null;
  flags: string[];
  deadAirMs: number | null;
}

async function callOf(leadId: string): Promise<{ call: CallRecord; timeline: { event: TimelineEvent }[] }> {
  const list = await api<{ items: { id: string }[] }>(server.url, 'GET', `/v1/calls?lead=${leadId}`, agentToken);
  const id = list.json.items[0]?.id;
  if (!id) throw new Error(`no call for lead ${leadId}: ${JSON.stringify(list.json)}`);
  const detail = await api<{ call: CallRecord; timeline: { event: TimelineEvent }[] }>(
    server.url,
    'GET',
    `/v1/calls/${id}`,
    agentToken,
  );
  return detail.json;
}

interface EdgeFacts {
  sipCallId: string;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  reason: string | null;
  mismatches: string[];
}

/** Clicks a script control and waits until its answer is recorded (durable) and the run moved on. */
async function act(page: Page, selector: string): Promise<void> {
  const seq = Number(await page.getAttribute('[data-testid=script-panel]', 'data-seq'));
  await page.click(selector);
  await page.waitForSelector(`[data-testid=script-panel][data-seq="${seq + 1}"]`, { timeout: 15_000 });
}

const answer = (id: string) => `[data-testid=script-panel] .answers button[data-action=answer]:nth-of-type(${id === 'yes' ? 1 : 2})`;
const confirm = '[data-testid=script-panel] button[data-action=confirm]';

async function hangUpAndWrap(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=wrap-up]', { timeout: 15_000 });
}

/** The outcome the wrap-up records: the only one the run allows. */
async function wrapOutcome(page: Page): Promise<string | null> {
  return await page.getAttribute('[data-testid=outcome-only]', 'data-outcome');
}

/** The desk as the agent sees it now: the page fits 1366x768 without scrolling, and axe finds nothing. */
/**
 * Issue 15 item 5: a team lead listens to the call in progress, and the agent's desk says so (KR shows
 * the indicator) until the session ends. The session row is written to the API's database here (this
 * API runs without the media edge's ng socket, which a real listen needs; the listen itself is proved
 * in test/e2e/review/live-board.test.ts); what is tested is the desk's path: renderer, bridge, main
 * process, GET /v1/live/calls/{id}/monitoring, the profile rule.
 */
async function monitoredByLead(page: Page, leadId: string): Promise<void> {
  const db = new Database(server.dbFile);
  const sessionId = `ls-e2e-${Date.now()}`;
  try {
    const call = db.prepare('SELECT id, team_id, sip_call_id FROM calls WHERE lead_id = ? AND ended_at IS NULL').get(leadId) as { id: string; team_id: string | null; sip_call_id: string | null };
    const lead = db.prepare("SELECT id FROM users WHERE username = 'lead1'").get() as { id: string };
    db.prepare(
      `INSERT INTO live_sessions (id, call_id, team_id, user_id, mode, state, media_call_id, lead_tag, leg_tags, access_log_id, started_at)
       VALUES (?, ?, ?, ?, 'listen', 'active', ?, 'lead-tag', '[]', 'access-e2e', ?)`,
    ).run(sessionId, call.id, call.team_id, lead.id, call.sip_call_id ?? 'none', new Date().toISOString());
  } finally {
    db.close();
  }
  const indicator = page.locator('[data-testid=monitoring-indicator]');
  await indicator.waitFor({ timeout: 15_000 });
  expect(await indicator.getAttribute('role')).toBe('status');
  expect(await indicator.textContent()).toContain('팀장이 통화를 듣고 있습니다');
  expect(await axeViolations(page)).toEqual([]);
  const end = new Database(server.dbFile);
  try {
    end.prepare("UPDATE live_sessions SET state = 'ended', ended_at = ? WHERE id = ?").run(new Date().toISOString(), sessionId);
  } finally {
    end.close();
  }
  await indicator.waitFor({ state: 'detached', timeout: 15_000 });
}

/** The in-call desk's screens fit 1366x768 without scrolling, in both languages. */
const screenCheck = (desk: Desk, name: string): Promise<void> => checkScreen(desk, name, { fits: true });
const screenCheckBoth = (desk: Desk, base: string): Promise<void> => checkScreenBothLanguages(desk, base, { fits: true });

beforeAll(async () => {
  ({ server, sip } = await startApiWithEdge());
  adminToken = (await login(server.url, 'admin')).token;
  agentToken = (await login(server.url, 'agent1')).token;
  const kr = (await campaigns(server.url, adminToken)).campaigns.find((c) => c.profile === 'KR');
  if (!kr) throw new Error('no KR campaign in the demo seed');
  // next-lead offers never-offered leads in id order (UUIDv7 = import order), before the demo seed's.
  const echo = sip.pstn.echo.replace('+82', '0');
  const plain = sip.pstn.slowHold.replace('+82', '0');
  const ids = await importLeads(server.url, adminToken, kr.id, [
    { name: '전체통화 고객', phone: echo, nightConsent: true },
    { name: '시간없음 고객', phone: echo, nightConsent: true },
    { name: '동의거부 고객', phone: echo, nightConsent: true },
    { name: '서버중단 고객', phone: echo, nightConsent: true },
    { name: 'English Customer', phone: echo, nightConsent: true },
    { name: '수신거부 고객', phone: plain, nightConsent: true },
    { name: '야간 고객', phone: '02-5550-0777', nightConsent: false },
    { name: '무음 고객', phone: sip.pstn.silent.replace('+82', '0'), nightConsent: true },
  ]);
  ['full', 'noTime', 'noConsent', 'apiDown', 'english', 'optOut', 'night', 'silent'].forEach((k, i) => (leads[k] = ids[i] ?? ''));
  // Import takes a KR number's zone from the number (always Asia/Seoul), so a lead for whom it is night
  // whatever the hour of the test run is a stored record whose zone says night: written to the database.
  const db = new Database(server.dbFile);
  try {
    db.prepare('UPDATE leads SET time_zone = ? WHERE id = ?').run(nightZone(), leads['night'] ?? '');
  } finally {
    db.close();
  }
  browser = await launchChromium();
  // The desk fetches the agent's SIP credentials itself after sign-in (auth_ephemeral, from the API).
  desk = await startDesk({
    apiUrl: server.url,
    browser,
    sip: { wsUrl: sip.wsUrl }, settings: { sip: { iceGatheringTimeoutMs: 300 } },
  });
  const page = desk.page;
  await desk.signIn('agent1');
  await page.waitForSelector('[data-testid=campaign-select]', { timeout: 15_000 });
  await page.selectOption('[data-testid=campaign-select]', kr.id);
  await page.waitForSelector('[data-testid=lead-card]', { timeout: 15_000 });
  // The campaign choice loads the first lead; put it back so each test starts from "next lead".
}, 180_000);

afterAll(async () => {
  await desk?.stop();
  await browser?.close().catch(() => undefined);
  await sip?.stop();
  await server?.stop();
});

describe('agent desk (real API, Kamailio, rtpengine, sipp customer, Chromium)', () => {
  it('full call: identify, time, source, consent, then the pitch unlocks; every answer is evidence in the ledger', async () => {
    const page = desk.page;
    await page.waitForSelector('#lead-name:text-is("전체통화 고객")');
    await expect(page.textContent('[data-testid=masked-number]')).resolves.toMatch(/\*{3,4}/);
    await page.waitForSelector('[data-testid=phone-state].ok', { timeout: 15_000 });
    await screenCheck(desk, 'desk-idle-ko');
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    // The campaign stays while the call is open; focus is on the script's first answer.
    expect(await page.isDisabled('[data-testid=campaign-select]')).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('confirm');
    expect(await page.textContent('[data-testid=step-title]')).toBe('신원 고지');
    const shown: string[] = [];
    const prompt = async () => shown.push((await page.textContent('[data-testid=prompt]')) ?? '');

    await prompt();
    expect(await page.isDisabled('[data-testid=pitch-button]')).toBe(true);
    await screenCheck(desk, 'desk-in-call-pitch-locked-ko');
    await monitoredByLead(page, leads['full'] ?? '');
    await act(page, confirm); // KR-ID
    await prompt();
    await act(page, answer('yes')); // CG-TIME
    await prompt();
    expect(await page.isDisabled('[data-testid=pitch-button]')).toBe(true);
    await act(page, confirm); // KR-SOURCE
    await prompt();
    expect(await page.getAttribute('[data-testid=pitch-lock]', 'data-locked')).toBe('true');
    await act(page, answer('yes')); // KR-MKT consent
    await prompt();
    expect(await page.getAttribute('[data-testid=pitch-lock]', 'data-locked')).toBe('false');
    expect(await page.isEnabled('[data-testid=pitch-button]')).toBe(true);
    await screenCheck(desk, 'desk-pitch-unlocked-ko');
    await act(page, '[data-testid=pitch-button]');
    await prompt();
    // KR-3P: the agency hands the applicant's data to the seller, so the provision consent comes before the sale.
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-3p]');
    expect(shown.at(-1)).toContain('제공받는 자: 한빛생명 / 이용 목적: 보험 계약의 체결 및 이행 / 제공 항목: 이름, 휴대전화번호, 생년월일 / 보유 및 이용 기간: 계약 종료 후 5년');
    expect(shown.at(-1)).toContain('거부할 권리');
    await screenCheckBoth(desk, 'desk-third-party-provision');
    await act(page, answer('yes')); // KR-3P provision consent
    await prompt();
    await act(page, '[data-testid=script-panel] button[data-action=record_outcome]:first-of-type'); // sale
    await page.waitForSelector('[data-testid=closing]');
    await hangUpAndWrap(page);
    await screenCheck(desk, 'desk-wrap-up-ko');
    expect(await wrapOutcome(page)).toBe('sale');
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('#lead-name:text-is("시간없음 고객")', { timeout: 15_000 });

    await expect.poll(async () => (await desk.main.handlers['outbox:status'](undefined)).pending, { timeout: 20_000 }).toBe(0);
    const { call, timeline } = await callOf(leads['full'] ?? '');
    expect(call.outcome).toBe('sale');
    expect(timeline.map((t) => [t.event.seq, t.event.stepId, t.event.kind, t.event.answer])).toEqual([
      [0, 'kr-id', 'disclosure', 'confirmed'],
      [1, 'cg-time', 'answer', 'yes'],
      [2, 'kr-source', 'disclosure', 'confirmed'],
      [3, 'kr-mkt', 'answer', 'yes'],
      [4, 'pitch', 'pitch', 'delivered'],
      [5, 'kr-3p', 'answer', 'yes'],
      [6, 'close', 'outcome', 'sale'],
    ]);
    expect((timeline[5]?.event as { consentKind?: string } | undefined)?.consentKind).toBe('third_party_provision');
    // The exact text the agent saw is the text in the evidence.
    expect(timeline.slice(0, 7).map((t) => t.event.promptText)).toEqual(shown);
    expect(timeline[0]?.event.ruleIds).toContain('KR-ID');

    // The edge's own view of the call (dialog events posted to the API) lands on the call record,
    // beside the desk's times, and agrees with them.
    const edge = await expect
      .poll(async () => (await api<{ edge: EdgeFacts | null }>(server.url, 'GET', `/v1/calls/${call.id}`, agentToken)).json.edge, { timeout: 15_000 })
      .toMatchObject({ answeredAt: expect.any(String), endedAt: expect.any(String) })
      .then(async () => (await api<{ edge: EdgeFacts }>(server.url, 'GET', `/v1/calls/${call.id}`, agentToken)).json.edge);
    expect(Date.parse(edge.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(edge.answeredAt ?? ''));
    expect(Date.parse(edge.answeredAt ?? '')).toBeLessThan(Date.parse(edge.endedAt ?? ''));
    expect(edge.reason).toBe('BYE from the desk');
    expect(edge.mismatches).toEqual([]);
    expect(call.flags).not.toContain('edge_mismatch');
  });

  it('CG-TIME: "no time" ends politely and schedules a callback', async () => {
    const page = desk.page;
    await page.waitForSelector('[data-testid=phone-state].ok');
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    await act(page, confirm);
    await act(page, answer('no'));
    expect(await page.getAttribute('[data-testid=script-panel]', 'data-step')).toBe('end-no-time');
    expect(await page.isDisabled('[data-testid=pitch-button]')).toBe(true);
    await act(page, '[data-testid=script-panel] button[data-action=record_outcome]:first-of-type'); // callback
    await hangUpAndWrap(page);
    expect(await wrapOutcome(page)).toBe('callback');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.fill('input[type=datetime-local]', local);
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('#lead-name:text-is("동의거부 고객")', { timeout: 15_000 });
    const { call } = await callOf(leads['noTime'] ?? '');
    expect(call.outcome).toBe('callback');
    expect(call.callbackAt).not.toBeNull();
  });

  it('CG-PITCH-LOCK: after a consent refusal the pitch control stays disabled', async () => {
    const page = desk.page;
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    await act(page, confirm);
    await act(page, answer('yes'));
    await act(page, confirm);
    await act(page, answer('no')); // KR-MKT refused
    expect(await page.getAttribute('[data-testid=script-panel]', 'data-step')).toBe('end-no-consent');
    expect(await page.isDisabled('[data-testid=pitch-button]')).toBe(true);
    expect(await page.getAttribute('[data-testid=pitch-lock]', 'data-locked')).toBe('true');
    await act(page, '[data-testid=script-panel] button[data-action=record_outcome]:first-of-type');
    await hangUpAndWrap(page);
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('#lead-name:text-is("서버중단 고객")', { timeout: 15_000 });
    const { call, timeline } = await callOf(leads['noConsent'] ?? '');
    expect(call.outcome).toBe('refused_consent');
    expect(timeline.some((t) => t.event.kind === 'pitch')).toBe(false);
    // Decision 0054: the desk's "no", delivered by its outbox, comes back on the desk's lead card (IPC
    // leads:get, parsed by the channel's contract) as a refusal of its own, never as a grant.
    await expect.poll(async () => (await desk.main.handlers['outbox:status'](undefined)).pending, { timeout: 20_000 }).toBe(0);
    const card = await desk.main.handlers['leads:get']({ leadId: leads['noConsent'] ?? '' });
    expect(card.refusals.map((r) => [r.kind, r.callId, r.form])).toEqual([['marketing_call', call.id, 'refusal']]);
    expect(card.grants.filter((g) => g.grantedAt === g.withdrawnAt)).toEqual([]);
  });

  it('the API killed during a call: answers wait in the outbox and arrive after the restart, none lost or doubled', async () => {
    const page = desk.page;
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    await act(page, confirm);
    await server.kill();
    await act(page, answer('yes'));
    await act(page, confirm);
    await act(page, answer('yes'));
    await page.waitForSelector('[data-testid=outbox-status].waiting', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=api-down]', { timeout: 20_000 });
    expect(Number(await page.getAttribute('[data-testid=outbox-status]', 'data-pending'))).toBeGreaterThanOrEqual(1);
    await screenCheckBoth(desk, 'desk-api-down');
    await server.restart();
    desk.main.deliverer.kick();
    await page.waitForSelector('[data-testid=outbox-status].clear', { timeout: 30_000 });
    await act(page, '[data-testid=pitch-button]');
    await act(page, answer('yes')); // KR-3P
    await act(page, '[data-testid=script-panel] button[data-action=record_outcome]:first-of-type');
    await hangUpAndWrap(page);
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('#lead-name:text-is("English Customer")', { timeout: 15_000 });
    await expect.poll(async () => (await desk.main.handlers['outbox:status'](undefined)).pending, { timeout: 20_000 }).toBe(0);
    agentToken = (await login(server.url, 'agent1')).token;
    const { timeline } = await callOf(leads['apiDown'] ?? '');
    const ids = timeline.map((t) => t.event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timeline.map((t) => t.event.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('in English: the same script and lock, screenshots of every state', async () => {
    const page = desk.page;
    await page.click('[data-testid=switch-language]');
    await page.waitForSelector('html[lang=en]');
    await screenCheck(desk, 'desk-idle-en');
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid=prompt]')).toMatch(/this is a sales call/i);
    await screenCheck(desk, 'desk-in-call-pitch-locked-en');
    await act(page, confirm);
    await act(page, answer('yes'));
    await act(page, confirm);
    await act(page, answer('yes'));
    await screenCheck(desk, 'desk-pitch-unlocked-en');
    await act(page, '[data-testid=pitch-button]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-3p]');
    expect(await page.textContent('[data-testid=prompt]')).toContain('(1) recipient: Hanbit Life; purpose: concluding and performing the insurance contract');
    await act(page, answer('no')); // KR-3P refused: no sale can be recorded
    // end-no-provision offers "not interested" and "refused consent" only.
    expect(await page.$$eval('[data-testid=script-panel] button[data-action=record_outcome]', (b) => b.length)).toBe(2);
    await act(page, '[data-testid=script-panel] button[data-action=record_outcome]:first-of-type'); // not interested
    await hangUpAndWrap(page);
    expect(await wrapOutcome(page)).toBe('not_interested');
    await screenCheck(desk, 'desk-wrap-up-en');
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('#lead-name:text-is("수신거부 고객")', { timeout: 15_000 });
    const { timeline } = await callOf(leads['english'] ?? '');
    expect(timeline.every((t) => (t.event as unknown as { locale: string }).locale === 'en')).toBe(true);
  });

  it('KR-OPTOUT: the acknowledgement is read, the agent confirms and the call ends; recorded once; the card shows the do-not-call list; only opt-out can be recorded', async () => {
    const page = desk.page;
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    expect(await page.isDisabled('[data-testid=campaign-select]')).toBe(true);
    await act(page, confirm);
    await act(page, '[data-testid=script-panel] button[data-action=opt_out]');
    // The run ended: the opt-out acknowledgement replaces the old question, and focus is on its button.
    await page.waitForSelector('[data-testid=acknowledgement]');
    expect(await page.textContent('[data-testid=acknowledgement]')).toMatch(/registering your refusal/);
    expect(await page.textContent('[data-testid=script-panel]')).not.toContain('Do you have a few minutes');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('acknowledge');
    await page.waitForSelector('[data-testid=opted-out], [data-testid=verdict] li[data-code=KR-DNC]');
    await screenCheckBoth(desk, 'desk-opt-out-acknowledgement');
    await page.focus('[data-testid=acknowledge]'); // the language button had it for the second screenshot
    await page.keyboard.press('Enter'); // read: hang up
    await page.waitForSelector('[data-testid=wrap-up]', { timeout: 15_000 });
    expect(await wrapOutcome(page)).toBe('opt_out');
    expect(await page.locator('[data-testid=outcome-select]').count()).toBe(0);
    // Delivered: the card shows the server's verdict, the internal do-not-call list.
    await page.waitForSelector('[data-testid=verdict] li[data-code=KR-DNC]', { timeout: 20_000 });
    await screenCheckBoth(desk, 'desk-wrap-up-opt-out');
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('[data-testid=lead-card]', { timeout: 15_000 });
    const again = await authorizeDial<{ type: string; reasons?: { code: string }[] }>(server.url, agentToken, leads['optOut'] ?? '');
    expect(again.status).toBe(422);
    expect((again.json.reasons ?? []).map((r) => r.code)).toContain('KR-DNC');
    const { call, timeline } = await callOf(leads['optOut'] ?? '');
    expect(call.outcome).toBe('opt_out');
    expect(timeline.filter((t) => t.event.kind === 'opt_out')).toHaveLength(1);
  });

  it('KR-NIGHT: next-lead passes over a lead where it is night now, and says how many and why', async () => {
    const page = desk.page;
    // The night lead came right after the opt-out lead: it was skipped, never shown.
    await page.waitForSelector('[data-testid=skipped]');
    expect(await page.textContent('[data-testid=skipped]')).toMatch(/night-time calling/);
    expect(await page.textContent('[data-testid=lead-card]')).not.toContain('야간 고객');
    await screenCheck(desk, 'desk-next-lead-skipped-en');
    await page.click('[data-testid=switch-language]');
    await page.waitForSelector('html[lang=ko]');
    expect(await page.textContent('[data-testid=skipped]')).toMatch(/야간 시간대/);
    await screenCheck(desk, 'desk-next-lead-skipped-ko');
    const refused = await authorizeDial<{ reasons?: { code: string }[] }>(server.url, agentToken, leads['night'] ?? '');
    expect(refused.status).toBe(422);
    expect((refused.json.reasons ?? []).map((r) => r.code)).toContain('KR-NIGHT');
  });

  it('dead air (issue 13 item 1): a customer who answers without audio is warned about, and the call record carries the dead air the desk reported, found by the review flag', async () => {
    const page = desk.page;
    // After the night lead was passed over, the card shows the last imported lead.
    await page.waitForSelector('#lead-name:text-is("무음 고객")', { timeout: 15_000 });
    await page.click('[data-testid=dial]');
    await page.waitForSelector('[data-testid=script-panel][data-step=kr-id]', { timeout: 20_000 });
    await page.waitForSelector('[data-warning=no_inbound_audio]', { timeout: 15_000 });
    await hangUpAndWrap(page);
    await page.click('[data-testid=wrap-done]');
    await page.waitForSelector('[data-testid=lead-card], [data-testid=no-leads]', { timeout: 15_000 });
    await expect.poll(async () => (await callOf(leads['silent'] ?? '')).call.state, { timeout: 15_000 }).toBe('ended');
    const { call } = await callOf(leads['silent'] ?? '');
    expect(call.flags).toContain('dead_air');
    expect(call.deadAirMs).toBeGreaterThanOrEqual(3_000);
    // Review (a reviewer's question): the flag filter returns it, and only calls with reported dead air.
    const flagged = await api<{ items: { id: string; deadAirMs: number | null }[] }>(server.url, 'GET', '/v1/review/calls?flag=dead_air&limit=50', adminToken);
    expect(flagged.json.items.map((r) => r.id)).toContain(call.id);
    expect(flagged.json.items.every((r) => (r.deadAirMs ?? 0) > 0)).toBe(true);
    const full = await callOf(leads['full'] ?? '');
    expect(typeof full.call.deadAirMs).toBe('number');
  });

  it('no phone number appears unmasked in the DOM, the outbox files or the logs', async () => {
    const numbers = [sip.pstn.echo, sip.pstn.slowHold, sip.pstn.silent, '+82255500777'];
    const national = numbers.map((n) => n.replace('+82', '0'));
    const html = await desk.page.content();
    const outboxText = readdirSync(desk.outboxDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
      .join('\n');
    const settingsText = readFileSync(join(desk.userData, 'settings.json'), 'utf8');
    for (const n of [...numbers, ...national, ...numbers.map((n) => n.slice(1))]) {
      expect(html, 'renderer DOM').not.toContain(n);
      expect(outboxText, 'outbox files').not.toContain(n);
      expect(settingsText, 'settings').not.toContain(n);
      expect(desk.consoleLog.join('\n'), 'renderer console').not.toContain(n);
      expect(server.output(), 'API log').not.toContain(n);
      expect(readFileSync(sip.edgeLog, 'utf8'), 'SIP edge log').not.toContain(n);
    }
  });
});
