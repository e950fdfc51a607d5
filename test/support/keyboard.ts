// Keyboard-first checks for e2e tests: reach a control the way a keyboard user does.
import type { Page } from 'playwright-core';

/** Presses Tab until the element matching `selector` has focus (at most `max` presses). */
export async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
