// QA scorecards in the desk (issue 15 item 4), end to end: the built renderer in Chromium, the bridge
// over the real main-process services, the real API process (SQLite). A lead opens a recorded call,
// scores it on the shipped scorecard while the recording is beside it (the evidence pre-fills the
// consent items; the lead overrides one and it is kept as overridden), the score the page previews is
// the score the server stores, and the QA KPIs of the period show it per team and agent. The agent then
// reads the score, the lead's comments and each answer in their own desk ("My scores"). Screenshots
// ko/en; axe-core finds nothing on either screen.
import { dirname } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/store';
import { api, login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { axeViolations } from '../../support/axe';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { checkScreenBothLanguages } from '../../support/screens';
import { conversation, seedStoredRecording } from '../../support/recording-seed';
import { httpApi, importKrLeads, placeCall, STEP, type EventSpec } from '../../integration/review/review-seed';

let server: ApiProcess;
let browser: Browser;
let lead: Desk;
let agent: Desk;
let leadToken = '';
let callId = '';
let preview = '';

/** The customer agreed to the recording 19 s in (after the marketing consent, as script v2 asks); the recording starts at 20 s. */
const RECORDING_YES: EventSpec = { kind: 'answer', answer: 'yes', stepId: 'kr-rec', ruleIds: ['KR-REC'], consentKind: 'recording', atSec: 19, text: '통화 내용을 녹음해도 되겠습니까?' };
const LEAD_COMMENT = '동의 후 안내는 좋았습니다. 고객 말을 끊지 않도록 주의해 주세요.';
const QUESTION_COMMENT = '고객이 질문할 때 두 번 끊었습니다.';

/** Answers every question the evidence left open: "yes" where it can, the top of a scale otherwise. */
async function answerTheRest(page: Page): Promise<void> {
  const open = await page.locator('[data-testid=qa-question]').evaluateAll((els) =>
    els.filter((q) => !q.querySelector('input[type=radio]:checked')).map((q) => q.getAttribute('data-question-id') ?? ''),
  );
  for (const id of open) {
    const q = page.locator(`[data-testid=qa-question][data-question-id="${id}"]`);
    const values = await q.locator('input[type=radio]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const pick = values.includes('yes') ? 'yes' : String(Math.max(...values.filter((v) => /^\d+$/.test(v)).map(Number)));
    await q.locator(`input[type=radio][value="${pick}"]`).check();
  }
}

beforeAll(async () => {
  server = await startApi();
  const admin = (await login(server.url, 'admin')).token;
  const agent1 = (await login(server.url, 'agent1')).token;
  leadToken = (await login(server.url, 'lead1')).token;
  const http = httpApi(server.url);
  const grantedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const [leadId] = await importKrLeads(http, admin, [{ name: '평가 고객', phone: '010-0000-9301', grantedAt, nightConsent: true }]);
  const at = new Date(Date.now() - 3 * 60_000);
  const store = await openSqliteStore(server.dbFile);
  try {
    // The demo KR campaign on the KR default script version 2, which asks the recording consent (kr-rec).
    const row = await store.db.get("SELECT body FROM campaigns WHERE id = 'cmp-kr-insurance'");
    await store.db.run("UPDATE campaigns SET body = ? WHERE id = 'cmp-kr-insurance'", [JSON.stringify({ ...JSON.parse(String(row?.['body'])), scriptVersion: 2 })]);
    callId = await placeCall(http, { token: agent1, agentId: 'user-agent1', leadId: leadId ?? '', at: at.toISOString(), answeredAfterSec: 5, outcome: 'sale', scriptVersion: 2,
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 17), RECORDING_YES, STEP.pitch(30), STEP.provision('yes', 40), STEP.outcome('sale', 50)] });
    await seedStoredRecording({ db: store.db, dataDir: dirname(server.dbFile), callId, startedAtMs: at.getTime() + 20_000, audio: conversation(25) });
  } finally {
    await store.close();
  }
  browser = await launchChromium();
  lead = await startDesk({ apiUrl: server.url, browser });
  await lead.signIn('lead1');
  await lead.page.waitForSelector('[data-testid=review]', { timeout: 20_000 });
}, 180_000);

afterAll(async () => {
  await agent?.stop();
  await lead?.stop();
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('QA scoring (real API, Chromium)', () => {
  it('a lead scores a call beside its recording: the evidence pre-fills, an override is kept, the preview is the stored score', async () => {
    const page = lead.page;
    await page.click(`[data-call-id="${callId}"]`);
    await page.waitForSelector('[data-testid=recording] [data-testid=waveform]');
    await page.click('[data-testid=qa-start]');
    await page.waitForSelector('[data-testid=qa-question]');
    // The shipped scorecard's consent items come pre-filled from the call's evidence, with the reason.
    const checked = async (id: string): Promise<string | null> =>
      page.locator(`[data-testid=qa-question][data-question-id="${id}"] input[type=radio]:checked`).evaluateAll((els) => (els[0] as HTMLInputElement | undefined)?.value ?? null);
    expect(await checked('consent-before-pitch')).toBe('yes');
    expect(await checked('opt-out-honoured')).toBe('na');
    expect(await checked('time-to-consent')).toBe('yes');
    // Recorded only after the recording consent: the server read the recording's start.
    expect(await checked('recording-consent')).toBe('yes');
    expect(await page.locator('[data-testid=qa-evidence]').count()).toBeGreaterThanOrEqual(4);
    await expect(page.textContent('[data-question-id="time-to-consent"] [data-testid=qa-evidence]')).resolves.toContain('12초');
    // The lead knows better on one item: the evidence's answer stays beside theirs.
    await page.locator('[data-question-id="script-followed"] input[value="no"]').check();
    await expect(page.textContent('[data-question-id="script-followed"] [data-testid=qa-evidence]')).resolves.toContain('다르게 답했습니다');
    expect(await page.isDisabled('[data-testid=qa-submit]')).toBe(true);
    await answerTheRest(page);
    await page.locator('[data-question-id="listening"] input[value="3"]').check();
    await page.locator('[data-question-id="listening"] .qa-comment').fill(QUESTION_COMMENT);
    await page.fill('[data-testid=qa-comment]', LEAD_COMMENT);
    preview = (await page.textContent('[data-testid=qa-preview]')) ?? '';
    expect(preview).toMatch(/^\d+(\.\d+)?점/);
    await page.evaluate(() => document.querySelector('[data-testid=qa-scoring]')?.scrollIntoView({ block: 'start' }));
    await checkScreenBothLanguages(lead, 'review-qa-scoring', { within: '[data-testid=qa-scoring]' });
    await page.click('[data-testid=qa-submit]');
    await page.waitForSelector('[data-testid=qa-saved]');
    expect(await page.locator('[data-testid=qa-past-item]').count()).toBe(1);

    const list = await api<{ items: { id: string; percent: number; comment: string }[] }>(server.url, 'GET', `/v1/qa/evaluations?call=${callId}`, leadToken);
    expect(list.json.items).toHaveLength(1);
    const stored = list.json.items[0];
    expect(preview.startsWith(`${stored?.percent}점`)).toBe(true);
    expect(stored?.comment).toBe(LEAD_COMMENT);
    const full = await api<{ answers: { questionId: string; value: unknown; overridden: boolean; comment: string }[] }>(server.url, 'GET', `/v1/qa/evaluations/${stored?.id}`, leadToken);
    expect(full.json.answers.find((a) => a.questionId === 'script-followed')).toMatchObject({ value: 'no', overridden: true });
    expect(full.json.answers.find((a) => a.questionId === 'listening')).toMatchObject({ value: 3, comment: QUESTION_COMMENT });
    await page.click('[data-testid=timeline-close]');
  });

  it('the QA KPIs of the period count it per team and agent', async () => {
    const page = lead.page;
    await page.waitForSelector('[data-testid=qa-kpi-total]');
    await page.waitForFunction(() => document.querySelector('[data-testid=qa-kpi-total] td')?.textContent === '1', undefined, { timeout: 10_000 });
    expect(await page.locator('[data-testid=qa-kpi-agent][data-agent-id="user-agent1"]').count()).toBe(1);
    expect(await page.locator('[data-testid=qa-kpi-team]').count()).toBeGreaterThanOrEqual(1);
    expect(await axeViolations(page, '[data-testid=qa-kpis]')).toEqual([]);
  });

  it('the agent reads the score, the comments and each answer in their desk (ko, en)', async () => {
    agent = await startDesk({ apiUrl: server.url, browser });
    const page = agent.page;
    await agent.signIn('agent1');
    await page.click('[data-testid=tab-scores]');
    await page.waitForSelector('[data-testid=score-item]');
    expect(await page.locator('[data-testid=score-item]').count()).toBe(1);
    await expect(page.textContent('[data-testid=score-item]')).resolves.toContain(LEAD_COMMENT);
    await page.click('[data-testid=score-item]');
    await page.waitForSelector('[data-testid=score-detail]');
    await expect(page.textContent('[data-testid=score-comment]')).resolves.toBe(LEAD_COMMENT);
    await expect(page.textContent('[data-testid=score-answer][data-question-id="listening"]')).resolves.toContain(QUESTION_COMMENT);
    await expect(page.textContent('[data-testid=score-answer][data-question-id="script-followed"]')).resolves.toContain('팀장이 증거와 다르게 답했습니다');
    // The agent sees their own score only: the percent the lead's page stored.
    expect(preview.startsWith((await page.textContent('[data-testid=score-detail] h2 strong'))?.trim() ?? '-')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await agent.screenshot('desk-my-scores-ko');
    await page.click('[data-testid=switch-language]');
    await page.waitForSelector('#scores-title:text-is("My QA scores")');
    await expect(page.textContent('[data-testid=score-answer][data-question-id="script-followed"]')).resolves.toContain('Your lead answered otherwise');
    expect(await axeViolations(page)).toEqual([]);
    await agent.screenshot('desk-my-scores-en');
    await page.click('[data-testid=switch-language]');
  });
});
