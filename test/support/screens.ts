// How an e2e test checks a screen for docs/screenshots: axe-core finds no violation (on the whole page,
// or on one part of it), and, for the desk's in-call screens, the page does not scroll at 1366x768;
// then the screenshot. One definition for every e2e file, so every screen is held to the same checks
// in Korean and English.
import { expect } from 'vitest';
import { axeViolations } from './axe';
import type { Desk } from './desk-harness';

export interface ScreenCheck {
  /** The whole page fits the window (no page scrolling at 1366x768). */
  readonly fits?: boolean;
  /** Run axe-core on this part of the page only (a panel shown beside others under test elsewhere). */
  readonly within?: string;
}

/** Checks the screen as it is now and screenshots it as `name`. */
export async function checkScreen(desk: Desk, name: string, o: ScreenCheck = {}): Promise<void> {
  const page = desk.page;
  if (o.fits) {
    const { height, inner } = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, inner: window.innerHeight }));
    expect(height, `${name}: the page scrolls at 1366x768`).toBeLessThanOrEqual(inner);
  }
  expect(await axeViolations(page, o.within), `${name}: axe`).toEqual([]);
  await desk.screenshot(name);
}

/**
 * The same check in the screen's language and in the other one (switched by the status bar's button,
 * then back): `${base}-ko` and `${base}-en`.
 */
export async function checkScreenBothLanguages(desk: Desk, base: string, o: ScreenCheck = {}): Promise<void> {
  const page = desk.page;
  const lang = (await page.getAttribute('html', 'lang')) === 'en' ? 'en' : 'ko';
  const other = lang === 'ko' ? 'en' : 'ko';
  await checkScreen(desk, `${base}-${lang}`, o);
  await page.click('[data-testid=switch-language]');
  await page.waitForSelector(`html[lang=${other}]`);
  await checkScreen(desk, `${base}-${other}`, o);
  await page.click('[data-testid=switch-language]');
  await page.waitForSelector(`html[lang=${lang}]`);
}
