// The desk's first contentful paint without a main process (the desk bench part and its e2e check):
// the built renderer served as static files with a stand-in bridge that reports "no session", so the
// sign-in screen renders; the time is Chromium's own paint entry.
import type { Page } from 'playwright-core';
import type { Connection } from '../../shared/ipc/connection';
import { EMPTY_OUTBOX_STATUS, type OutboxStatus } from '../../shared/ipc/outbox';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/ipc/settings';
import { waitUntil } from '../sip/net';

/**
 * What the stand-in bridge's reads answer, typed with the IPC contracts: a field a contract gains must
 * be given here (tsc), or the renderer may throw before it paints (the desk bench waited for ever when
 * the connection gained `sip`).
 */
const STAND_IN_VALUES: { settings: Settings; outbox: OutboxStatus; connection: Connection } = {
  settings: DEFAULT_SETTINGS,
  outbox: EMPTY_OUTBOX_STATUS,
  connection: { apiUrl: 'http://127.0.0.1:1', source: 'development', policyFile: null, sip: { wsUrl: null, iceServers: [] } },
};

/** An init script: `window.callgate` whose `on*` subscribe to nothing and whose calls answer `values[area]` (null: no session). */
export const STAND_IN_BRIDGE = `const values = ${JSON.stringify(STAND_IN_VALUES)}; window.callgate = new Proxy({}, { get: (_, area) => new Proxy({}, { get: (_, verb) => String(verb).startsWith('on') ? () => () => {} : async () => ({ ok: true, value: values[area] ?? null }) }) });`;

/**
 * Opens `url` in `page` and answers its first contentful paint (ms from navigation). Fails after
 * `timeoutMs` naming the page and the errors it threw (a page that throws before rendering never paints).
 */
export async function firstContentfulPaint(page: Page, url: string, timeoutMs = 30_000): Promise<number> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { timeout: timeoutMs });
  return await waitUntil(
    () => page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime),
    timeoutMs,
    () => `first contentful paint of ${url} (page errors: ${errors.length > 0 ? errors.join('; ') : 'none'})`,
    50,
  );
}
