// KR-ACCESS monthly access review end to end: the built renderer in Chromium, the bridge over the real
// main-process services, the real central API (SQLite). Agents read unmasked numbers through real dial
// authorizations; a heavier reader's lines are added to the access log. The privacy officer (admin)
// opens the access-review screen by keyboard, sees who read how many numbers with the outlier flagged,
// switches months, and the screen is checked with axe-core and photographed in Korean and English.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logAccess } from '../../../server/identity/access-log';
import { openSqliteStore } from '../../../server/store/store';
import { api, authorizeDial, login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { axeViolations } from '../../support/axe';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { tabTo } from '../../support/keyboard';
import { httpApi, importKrLeads } from '../../integration/review/review-seed';

let server: ApiProcess;
let browser: Browser;
let desk: Desk;
/** The month the server counts (UTC calendar), and the one before it. */
const month = new Date().toISOString().slice(0, 7);
const previousMonth = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
})();

const users = (page: Page) => page.locator('[data-testid=access-user]');

beforeAll(async () => {
  server = await startApi();
  const admin = (await login(server.url, 'admin')).token;
  const agent1 = (await login(server.url, 'agent1')).token;
  const http = httpApi(server.url);
  const grantedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const leads = await importKrLeads(
    http,
    admin,
    ['010-0000-9201', '010-0000-9202', '010-0000-9203'].map((phone, i) => ({ name: `점검 고객 ${i + 1}`, phone, grantedAt, nightConsent: true })),
  );
  // agent1's calls read three unmasked numbers the way calls do: a dial authorization each, redeemed by
  // the SIP edge (the access-logged read, decision 0010).
  const edgeSecret = readFileSync(join(dirname(server.dbFile), 'keys', 'edge.secret'), 'utf8').trim();
  for (const id of leads) {
    const r = await authorizeDial<{ dialUri: string }>(server.url, agent1, id);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const token = /^sip:d-([^@]+)@/.exec(r.json.dialUri)?.[1];
    expect((await api(server.url, 'POST', '/v1/edge/dial-tokens/redeem', edgeSecret, { token, sipUser: 'user-agent1', sipCallId: `${id}@desk` })).status).toBe(200);
  }
  // agent2 read two numbers, and lead1's account forty: far more than its peers.
  const store = await openSqliteStore(server.dbFile);
  try {
    const at = new Date().toISOString();
    for (let i = 0; i < 2; i++) await logAccess(store.db, { at, userId: 'user-agent2', action: 'dial_target', subjectType: 'lead', subjectId: `lead-a${i}`, reason: 'dial', address: null });
    for (let i = 0; i < 40; i++) await logAccess(store.db, { at, userId: 'user-lead1', action: 'dial_target', subjectType: 'lead', subjectId: `lead-b${i}`, reason: 'dial', address: null });
    await logAccess(store.db, { at, userId: 'user-lead1', action: 'export', subjectType: 'calls', subjectId: 'filter', reason: 'monthly QA', address: null });
  } finally {
    await store.close();
  }
  browser = await launchChromium();
  desk = await startDesk({ apiUrl: server.url, browser });
  await desk.signIn('admin');
}, 180_000);

afterAll(async () => {
  await desk?.stop();
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('KR-ACCESS monthly access review screen (real API, Chromium)', () => {
  it('KR-ACCESS: the privacy officer reaches it by keyboard and sees who read how many unmasked numbers, the outlier flagged first (ko)', async () => {
    const page = desk.page;
    await tabTo(page, '[data-testid=tab-access]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=access-table]', { timeout: 20_000 });
    expect(await page.evaluate(() => window.location.hash)).toBe('#/access');
    await expect(page.inputValue('[data-testid=access-month]')).resolves.toBe(month);
    expect(await users(page).count()).toBe(3);
    const first = users(page).first();
    await expect(first.getAttribute('data-user-id')).resolves.toBe('user-lead1');
    await expect(first.getAttribute('data-outlier')).resolves.toBe('true');
    await expect(first.locator('[data-testid=access-number-reads]').textContent()).resolves.toBe('40');
    await expect(first.textContent()).resolves.toContain('이상');
    const byUser = async (id: string) => page.locator(`[data-testid=access-user][data-user-id="${id}"]`);
    await expect((await byUser('user-agent1')).locator('[data-testid=access-number-reads]').textContent()).resolves.toBe('3');
    await expect((await byUser('user-agent1')).getAttribute('data-outlier')).resolves.toBe('false');
    await expect((await byUser('user-agent2')).locator('[data-testid=access-number-reads]').textContent()).resolves.toBe('2');
    await expect(page.textContent('[data-testid=access-outliers] .kpi-value')).resolves.toBe('1');
    await expect(page.textContent('[data-testid=access-median]  .kpi-value')).resolves.toBe('3');
    await expect(page.textContent('[data-testid=access-alert]')).resolves.toContain('1명');
    await expect(page.textContent('[data-testid=access-retention]')).resolves.toContain('365일');
    // No number in clear anywhere on the screen.
    expect(await page.textContent('[data-testid=access-review]')).not.toMatch(/\+82|1000009\d{3}/);
    // The month field and the (scrollable) table are keyboard stops.
    await tabTo(page, '[data-testid=access-month]');
    await tabTo(page, '[data-testid=access-table]');
    expect(await axeViolations(page)).toEqual([]);
    await desk.screenshot('access-review-ko');
  });

  it('KR-ACCESS: another month is a link of its own; a month nobody read anything shows that plainly', async () => {
    const page = desk.page;
    await page.evaluate((m) => (window.location.hash = `#/access?month=${m}`), previousMonth);
    await page.waitForSelector('[data-testid=access-empty]');
    await expect(page.inputValue('[data-testid=access-month]')).resolves.toBe(previousMonth);
    expect(await page.locator('[data-testid=access-alert]').count()).toBe(0);
    await page.evaluate((m) => (window.location.hash = `#/access?month=${m}`), month);
    await page.waitForSelector('[data-testid=access-table]');
    expect(await users(page).count()).toBe(3);
  });

  it('KR-ACCESS: the screen in English, 0 axe violations', async () => {
    const page = desk.page;
    await page.click('[data-testid=switch-language]');
    await page.waitForSelector('#access-title:text-is("Monthly access review")');
    await expect(users(page).first().textContent()).resolves.toContain('Outlier');
    await expect(page.textContent('[data-testid=access-alert]')).resolves.toContain('1 user stands out');
    expect(await axeViolations(page)).toEqual([]);
    await desk.screenshot('access-review-en');
    await page.click('[data-testid=switch-language]');
    await page.waitForSelector('#access-title:text-is("개인정보 접근기록 월간 점검")');
  });
});
