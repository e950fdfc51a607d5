// The desk bench's first-paint measurement (test/support/desk-paint.ts): the built renderer, served
// without a main process behind the stand-in bridge, renders its sign-in screen and paints; a page that
// never paints fails within the deadline naming what it waited for, with the errors the page threw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../support/chromium';
import { RENDERER_DIST } from '../../support/desk-harness';
import { firstContentfulPaint, STAND_IN_BRIDGE } from '../../support/desk-paint';
import { serveFolder, type StaticServer } from '../../support/static-server';

let browser: Browser;
let desk: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  desk = await serveFolder(RENDERER_DIST);
});

afterAll(async () => {
  await desk.close();
  await browser.close();
});

it('the desk behind the stand-in bridge shows its sign-in screen and paints', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript({ content: STAND_IN_BRIDGE });
  const fcp = await firstContentfulPaint(page, `${desk.url}/index.html`, 20_000);
  expect(fcp).toBeGreaterThan(0);
  await page.waitForSelector('input[type=password]', { timeout: 10_000 });
  expect(errors).toEqual([]);
  await ctx.close();
});

it('a page that throws before it renders fails within the deadline, naming its error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-nopaint-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset=utf-8><div id=root></div><script>throw new Error("no bridge here")</script>');
  const site = await serveFolder(dir);
  const ctx = await browser.newContext();
  try {
    const t0 = Date.now();
    await expect(firstContentfulPaint(await ctx.newPage(), `${site.url}/index.html`, 1_000)).rejects.toThrow(/timed out after 1000 ms: first contentful paint of .* \(page errors: no bridge here\)/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  } finally {
    await ctx.close();
    await site.close();
  }
});
