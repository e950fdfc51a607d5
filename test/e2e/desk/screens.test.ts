// Every screen of the app that needs no SIP, in Korean and English at 1366x768: axe-core (in Chromium)
// reports no violation on any of them, and each is screenshotted for docs/screenshots. The in-call desk
// screens are checked the same way in desk-calls.test.ts (they need the SIP stack).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { checkScreen } from '../../support/screens';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { httpApi, importKrLeads, placeCall, STEP } from '../../integration/review/review-seed';
import { encodeLine } from '../../../electron/outbox/journal-scan';
import { eventRecord, RECORD_VERSION } from '../../../electron/outbox/records';
import { makeEvent } from '../../support/events';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import type { Page } from 'playwright-core';

const TEXTS = { ko, en } as const;

/** English words of zod's and the API's messages: none may show on a Korean screen (ids and codes may). */
const ENGLISH_MESSAGE = /\b(expected|must|invalid|required|unknown|received|the|is|not|has no|field|string|number)\b/i;

/** The problems the scenario editor lists (once the one at `path` shows), each as its path and its text. */
async function editorProblems(page: Page, path: string): Promise<{ path: string; text: string }[]> {
  await page.locator('[data-testid=editor-problems] li code', { hasText: path }).first().waitFor({ timeout: 15_000 });
  return page.$$eval('[data-testid=editor-problems] li', (items) =>
    items.map((li) => {
      const path = li.querySelector('code')?.textContent ?? '';
      return { path, text: (li.textContent ?? '').slice(path.length + 2) };
    }),
  );
}

/** In Korean: every problem has Hangul and no English sentence (quoted ids and action codes aside). */
function expectNoEnglish(lang: 'ko' | 'en', problems: readonly { path: string; text: string }[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.text, p.path).not.toContain('fieldError.');
    if (lang === 'ko') {
      expect(p.text, p.path).toMatch(/[\uac00-\ud7a3]/);
      expect(p.text.replace(/"[^"]*"|\([a-z_]+\)|[a-z_]+:[a-z_]+/g, ''), p.path).not.toMatch(ENGLISH_MESSAGE);
    }
  }
}

/**
 * A desk folder whose outbox holds what the settings screen must show: an answer the server refused for
 * good (with its rule), a record a newer desk wrote, and a torn last line a crash left.
 */
function userDataWithOutboxHistory(): string {
  const userData = mkdtempSync(join(tmpdir(), 'cg-screens-'));
  mkdirSync(join(userData, 'outbox'));
  const refused = makeEvent({ seq: 3 });
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const refusal = { type: 'https://callgate.dev/problems/event-refused', title: 'Event refused', detail: 'the pitch was recorded before the consent', ruleId: 'CG-PITCH-LOCK', status: null };
  const lines = [
    encodeLine(eventRecord(at, refused)),
    encodeLine({ v: RECORD_VERSION, t: 'x', at, id: refused.eventId, refusal }),
    encodeLine({ v: 9, t: 'e', at, e: { eventId: 'from-a-newer-desk' } }),
    '0badc0de {"v":1,"t":"e","at":"20',
  ];
  writeFileSync(join(userData, 'outbox', 'journal.ndjson'), lines.join(''));
  return userData;
}

let server: ApiProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startApi();
  const http = httpApi(server.url);
  const admin = (await login(server.url, 'admin')).token;
  const agent = (await login(server.url, 'agent1')).token;
  const grantedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const [a = '', b = ''] = await importKrLeads(http, admin, [
    { name: '화면 고객 1', phone: '010-0000-9201', grantedAt, nightConsent: true },
    { name: '화면 고객 2', phone: '010-0000-9202', grantedAt, nightConsent: true },
  ]);
  const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
  await placeCall(http, { token: agent, agentId: 'user-agent1', leadId: a, at: ago(3), answeredAfterSec: 5, outcome: 'sale', events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.provision('yes', 40), STEP.outcome('sale', 50)] });
  await placeCall(http, { token: agent, agentId: 'user-agent1', leadId: b, at: ago(2), answeredAfterSec: 4, outcome: 'opt_out', events: [STEP.id(6), STEP.time('yes', 10), STEP.optOut(14)] });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

/** The screen as it is now: axe finds nothing (no-scrolling is not asked here: review lists scroll). */
const check = (desk: Desk, name: string): Promise<void> => checkScreen(desk, name);

describe.each(['ko', 'en'] as const)('every screen passes axe-core (%s, 1366x768)', (lang) => {
  let desk: Desk;
  afterAll(async () => {
    await desk?.stop();
  });

  it('sign-in', async () => {
    desk = await startDesk({ apiUrl: server.url, browser, settings: { locale: lang }, userData: userDataWithOutboxHistory() });
    await desk.page.waitForSelector('input[name=username]');
    await check(desk, `login-${lang}`);
  });

  it('desk without a phone: Call is disabled and says why', async () => {
    await desk.signIn('agent1');
    const page = desk.page;
    // The campaign list loads, then the desk asks for the first lead of the chosen campaign.
    await page.waitForSelector('[data-testid=campaign-select] option[value=cmp-kr-insurance]', { state: 'attached', timeout: 20_000 });
    if ((await page.inputValue('[data-testid=campaign-select]')) !== 'cmp-kr-insurance') await page.selectOption('[data-testid=campaign-select]', 'cmp-kr-insurance');
    await page.waitForSelector('[data-testid=lead-card]', { timeout: 20_000 });
    expect(await page.isDisabled('[data-testid=dial]')).toBe(true);
    expect(await page.textContent('[data-testid=dial-block]')).toBe(lang === 'ko' ? '이 데스크에 전화가 설정되어 있지 않아 전화를 걸 수 없습니다.' : 'No phone is set up on this desk: calls are not possible.');
    expect(await page.textContent('[data-testid=phone-state]')).toContain(lang === 'ko' ? '설정 안 됨' : 'not set up');
    // The refused answer in the outbox shows in the status bar, in the screen's language.
    expect(await page.textContent('[data-testid=outbox-refused]')).toContain('CG-PITCH-LOCK');
    await check(desk, `desk-no-phone-${lang}`);
  });

  it('settings, with the connection and the evidence outbox', async () => {
    const page = desk.page;
    await page.click('[data-testid=tab-settings]');
    await page.waitForSelector('[data-testid=outbox-view]');
    expect(await page.textContent('[data-testid=api-url]')).toBe(server.url);
    // The SIP edge and ICE servers are shown as provisioned (none here), never editable (decision 0015).
    expect(await page.textContent('[data-testid=connection-info]')).toContain(lang === 'ko' ? '지정되지 않음' : 'none provisioned');
    expect(await page.locator('[data-testid=settings] input[name=sipWsUrl], [data-testid=settings] textarea[name=iceServers]').count()).toBe(0);
    // The refused answer, in the agent's language with its rule (the server's English detail is not shown),
    // the record a newer desk wrote, and what opening the journal repaired.
    const refused = (await page.textContent('[data-testid=outbox-refused-list] tbody tr')) ?? '';
    expect(refused).toContain('CG-PITCH-LOCK');
    expect(refused).not.toContain('the pitch was recorded before the consent');
    expect(await page.locator('[data-testid=outbox-unreadable] li').count()).toBe(1);
    expect(await page.textContent('[data-testid=outbox-recovery]')).toMatch(/\b32\b/);
    await check(desk, `settings-${lang}`);

    // A bad value (an empty hotkey): the problem is named by the field's label and said in the screen's
    // language, not zod's English ("Too small: expected string to have >=1 characters").
    const texts = TEXTS[lang];
    const confirmKey = page.getByLabel(texts.settings.hotkey.confirm, { exact: true });
    await confirmKey.fill('');
    await page.click('[data-testid=settings] button[type=submit]');
    const alert = page.locator('[data-testid=settings] [role=alert]');
    await alert.filter({ hasText: texts.fieldError.empty }).waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toBe(`${texts.settings.hotkey.confirm}: ${texts.fieldError.empty}`);
    if (lang === 'ko') expect(await alert.textContent()).not.toMatch(/[A-Za-z]{3,}/);
    // It is on screen (the line is under the form, below the fold at 1366x768).
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-testid=settings] [role=alert]')?.getBoundingClientRect();
      return r !== undefined && r.top >= 0 && r.bottom <= window.innerHeight;
    });
    await check(desk, `settings-error-${lang}`);
    await confirmKey.fill('Enter');
    await page.click('[data-testid=settings] button[type=submit]');
    await page.locator('[data-testid=settings] [role=status]').filter({ hasText: texts.settings.saved }).waitFor({ timeout: 10_000 });
  });

  it('practice: scenarios, briefing, the call, the score', async () => {
    const page = desk.page;
    await page.click('[data-testid=tab-practice]');
    await page.waitForSelector('[data-testid=scenario-list] [data-scenario]', { timeout: 15_000 });
    await check(desk, `practice-choose-${lang}`);
    await page.click('[data-scenario="kr-willing"]');
    await page.waitForSelector('[data-testid=briefing]');
    await check(desk, `practice-briefing-${lang}`);
    await page.click('[data-testid=practice-start]');
    await page.waitForSelector('[data-testid=practice-call] [data-testid=script-panel]');
    await page.waitForSelector('.bubble-customer', { timeout: 15_000 });
    await check(desk, `practice-call-${lang}`);
    await page.click('[data-testid=practice-hang-up]');
    await page.waitForSelector('[data-testid=practice-result]', { timeout: 20_000 });
    await check(desk, `practice-result-${lang}`);
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('input[name=username]');
  });

  it("practice for a trainer: the trainees' progress and the scenario editor", async () => {
    const page = desk.page;
    await desk.signIn('trainer1');
    await page.click('[data-testid=tab-practice]').catch(() => undefined);
    await page.click('[data-testid=practice-tab-trainees]');
    await page.waitForSelector('[data-testid=trainees-table]', { timeout: 15_000 });
    await check(desk, `practice-trainees-${lang}`);
    // A trainee's history and one attempt's score (the agent's text practice above).
    await page.click('[data-testid=trainees-table] tbody tr button');
    await page.waitForSelector('[data-testid=attempts-table] tbody tr', { timeout: 15_000 });
    await page.click('[data-testid=attempts-table] tbody tr button');
    await page.waitForSelector('.attempt-detail', { timeout: 15_000 });
    // The trainer reads someone else's score: not "Your score".
    expect(await page.textContent('.attempt-detail #score-title')).toBe(lang === 'ko' ? '이 연습의 점수' : 'Score of this attempt');
    await check(desk, `practice-trainee-attempt-${lang}`);
    await page.click('[data-testid=practice-tab-scenarios]');
    await page.waitForSelector('[data-testid=editor-text]', { timeout: 15_000 });
    await check(desk, `practice-scenarios-${lang}`);

    // The editor's problems in the screen's language: schema problems, then the script checks, then the
    // API's own (an id that exists already); never zod's or the server's English message.
    const texts = TEXTS[lang];
    await page.selectOption('[data-testid=editor-select]', 'kr-willing');
    await page.waitForFunction(() => ((document.querySelector('[data-testid=editor-text]') as HTMLTextAreaElement | null)?.value ?? '').includes('"kr-willing"'));
    const original = JSON.parse(await page.inputValue('[data-testid=editor-text]')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the test breaks chosen fields
    const edit = async (change: (json: Record<string, any>) => void): Promise<void> => { // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
      const json = structuredClone(original);
      change(json);
      await page.fill('[data-testid=editor-text]', JSON.stringify(json, null, 2));
    };
    await edit((json) => {
      json['colour'] = 'blue';
      json['steps']['kr-mkt']['expect'] = ['say_yes'];
      json['lead']['timeZone'] = 'Mars/Olympus';
      json['patience'] = 99;
    });
    await page.click('[data-testid=editor-check]');
    const schema = await editorProblems(page, 'lead.timeZone');
    // The list is below the text box: focus moved to it, so it is on screen.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'editor-problems-title');
    expect(await page.locator('[data-testid=editor-problems-title]').evaluate((h) => h.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expectNoEnglish(lang, schema);
    expect(schema).toEqual(
      expect.arrayContaining([
        { path: 'colour', text: texts.fieldError.unknownField },
        { path: 'steps.kr-mkt.expect[0]', text: texts.fieldError.format.actionKey },
        { path: 'lead.timeZone', text: texts.fieldError.hint.time_zone },
      ]),
    );
    await check(desk, `practice-scenarios-errors-${lang}`);
    await edit((json) => {
      json['steps']['kr-nothing'] = { expect: ['confirm'] };
      json['steps']['kr-id']['expect'] = ['answer:yes'];
    });
    await page.click('[data-testid=editor-check]');
    const checks = await editorProblems(page, 'steps.kr-nothing');
    expectNoEnglish(lang, checks);
    expect(checks.map((p) => p.path).sort()).toEqual(['steps.kr-id.expect[0]', 'steps.kr-nothing']);
    await edit((json) => {
      json['id'] = 'kr-angry';
    });
    await page.click('[data-testid=editor-save]');
    const server = await editorProblems(page, 'scenario.id');
    expectNoEnglish(lang, server);
    expect(server).toEqual([{ path: 'scenario.id', text: texts.fieldError.server.id_taken.replace('{{id}}', 'kr-angry') }]);
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('input[name=username]');
  });

  it("review: a team lead's workspace and a call's timeline", async () => {
    const page = desk.page;
    await desk.signIn('lead1');
    await page.waitForSelector('[data-testid=review] [data-call-id]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=kpi-calls]', { timeout: 20_000 });
    await check(desk, `review-workspace-${lang}`);
    // Every export asks why first (KR-ACCESS): the modal dialog.
    await page.click('[data-testid=export-csv]');
    await page.waitForSelector('[data-testid=export-dialog][open]');
    await check(desk, `review-export-dialog-${lang}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=export-dialog]', { state: 'detached' });
    await page.click('[data-testid=review] [data-call-id]');
    await page.waitForSelector('[data-testid=timeline]', { timeout: 15_000 });
    await check(desk, `review-timeline-${lang}`);
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('input[name=username]');
  });
});
