// The phone's UI pieces in Chromium: every control reachable by keyboard, every control named for
// assistive technology (Chromium's own accessibility tree), texts in Korean and English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../../shared/domain/locale';
import type { CallSnapshot } from '../../../shared/phone/sip-port';
import { phoneMessages } from '../../../renderer/phone/messages';
import { launchChromium } from '../../sip/browser';
import { servePages, type PageServer } from '../../sip/pages';
import type { ComponentsState } from './harness/components-page';

const PAGE = new URL('./harness/components-page.tsx', import.meta.url).pathname;
let browser: Browser;
let pages: PageServer;
let page: Page;

const NOW = 1_800_000_000_000;
const call = (patch: Partial<CallSnapshot> = {}): CallSnapshot => ({
  id: 'c1',
  direction: 'outgoing',
  remoteLabel: '***-5678',
  state: 'active',
  hold: 'none',
  media: { inbound: 'flowing', outbound: 'flowing', deadAirMs: 0 },
  muted: false,
  ringback: 'none',
  signalingLost: false,
  sipCallId: 'abc',
  startedAt: NOW,
  answeredAt: NOW,
  endedAt: null,
  end: null,
  ...patch,
});
const state = (patch: Partial<ComponentsState> = {}): ComponentsState => ({
  locale: 'en',
  now: NOW,
  registration: { state: 'registered', aor: 'sip:agent1@callgate.test', error: null, attempt: 0, nextAttemptAt: null, since: NOW },
  call: call(),
  devices: {
    inputs: [{ deviceId: 'mic-a', label: 'Headset mic' }, { deviceId: 'mic-b', label: '' }],
    outputs: [{ deviceId: 'spk-a', label: 'Headset' }],
    selectedInput: null,
    selectedOutput: null,
    canSelectOutput: true,
  },
  quality: { callId: 'c1', at: NOW, lossPercent: 0.5, jitterMs: 3, rttMs: 20, mos: 4.3, level: 'good', bytesReceived: 1, bytesSent: 1, audioEnergyReceived: 1 },
  sent: '',
  ...patch,
});

async function render(s: ComponentsState): Promise<void> {
  await page.evaluate((x) => window.components.render(x), s);
}

async function fired(): Promise<[string, unknown][]> {
  return await page.evaluate(() => window.components.fired.splice(0));
}

/** Interactive nodes of Chromium's accessibility tree with their computed names. */
async function interactiveNames(): Promise<{ role: string; name: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string }; ignored?: boolean }[] };
  await cdp.detach();
  const interactive = new Set(['button', 'combobox', 'textbox', 'meter', 'checkbox', 'link']);
  return nodes
    .filter((n) => !n.ignored && interactive.has(n.role?.value ?? ''))
    .map((n) => ({ role: n.role?.value ?? '', name: n.name?.value ?? '' }));
}

beforeAll(async () => {
  pages = await servePages([PAGE]);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (err) => console.error(`[components page] ${err.message}`));
  await page.goto(pages.url(PAGE));
  await page.waitForFunction(() => typeof window.components !== 'undefined');
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

describe('phone components', () => {
  for (const locale of ['en', 'ko'] as const satisfies readonly Locale[]) {
    it(`PHONE-UI-A11Y (${locale}): every control has an accessible name from the ${locale} messages`, async () => {
      const m = phoneMessages[locale];
      await render(state({ locale }));
      const nodes = await interactiveNames();
      expect(nodes.length).toBeGreaterThan(15);
      expect(nodes.filter((n) => n.name.trim() === '')).toEqual([]);
      const names = nodes.map((n) => n.name);
      for (const expected of [m.controls.hold, m.controls.mute, m.controls.hangUp, m.controls.transferTarget, m.controls.microphone, m.controls.speaker, m.controls.dialKey('#')]) {
        expect(names).toContain(expected);
      }
      await expect(page.getByRole('status').first().textContent()).resolves.toContain(m.registration.registered);
    });
  }

  it('PHONE-UI-KEYS: Tab reaches every control; Enter, Space and typed digits drive them', async () => {
    await render(state());
    // Walk the tab order once round.
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || !el.matches('button, select, input')) return null; // the page itself, between rounds
        return `${el.tagName}:${el.getAttribute('aria-label') ?? el.id}:${el.textContent ?? ''}`;
      });
      if (label === null) continue;
      if (reached.includes(label)) break;
      reached.push(label);
    }
    const focusable = await page.evaluate(() => [...document.querySelectorAll('button:not([disabled]), select:not([disabled]), input:not([disabled])')].length);
    expect(reached.length).toBe(focusable);

    await page.getByRole('button', { name: 'Hold' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Mute microphone' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Press 5' }).focus();
    await page.keyboard.type('9#');
    await page.getByRole('textbox', { name: 'Transfer to number or extension' }).fill('agent2');
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: 'Microphone' }).selectOption('mic-a');
    expect(await fired()).toEqual([
      ['hold', null],
      ['mute', true],
      ['key', '9'],
      ['key', '#'],
      ['transfer', 'agent2'],
      ['input', 'mic-a'],
    ]);
  });

  it('PHONE-UI-STATES: the buttons follow the call state; hold is never shown as done while pending', async () => {
    await render(state({ call: call({ state: 'incoming', direction: 'incoming' }) }));
    await page.getByRole('button', { name: 'Answer' }).click();
    await page.getByRole('button', { name: 'Decline' }).click();
    expect(await fired()).toEqual([
      ['answer', null],
      ['hangUp', null],
    ]);

    await render(state({ call: call({ state: 'holding' }) }));
    const hold = page.getByRole('button', { name: 'Hold' });
    expect(await hold.isDisabled()).toBe(true);
    expect(await hold.getAttribute('aria-busy')).toBe('true');
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);

    await render(state({ call: call({ state: 'held' }) }));
    await page.getByRole('button', { name: 'Resume' }).click();
    expect(await fired()).toEqual([['resume', null]]);

    await render(state({ call: call({ state: 'ended', end: { reason: 'busy', sipStatus: 486 } }), locale: 'ko' }));
    expect(await page.locator('.cg-phone-call-state').textContent()).toContain(phoneMessages.ko.endReason.busy);

    await render(
      state({
        registration: { state: 'reconnecting', aor: 'sip:a@b', error: { kind: 'unreachable', sipStatus: null }, attempt: 2, nextAttemptAt: NOW + 2_500, since: NOW },
      }),
    );
    expect(await page.locator('.cg-phone-registration').textContent()).toContain('Next attempt in 3 s');
    await page.getByRole('button', { name: 'Reconnect' }).click();
    expect(await fired()).toEqual([['retry', null]]);

    await render(state({ registration: { state: 'failed', aor: 'sip:a@b', error: { kind: 'auth_failed', sipStatus: 403 }, attempt: 0, nextAttemptAt: null, since: NOW } }));
    expect(await page.locator('.cg-phone-registration').textContent()).toContain(phoneMessages.en.wrongPassword);

    await render(state({ devices: { ...state().devices, canSelectOutput: false }, quality: null }));
    expect(await page.getByRole('combobox', { name: 'Speaker' }).isDisabled()).toBe(true);
    expect(await page.locator('.cg-phone-quality').textContent()).toContain(phoneMessages.en.controls.noQualityYet);
  });

  for (const locale of ['en', 'ko'] as const satisfies readonly Locale[]) {
    it(`PHONE-UI-TRUTH (${locale}): hold by the customer, both holding, no audio and silence are shown, never "good"`, async () => {
      const m = phoneMessages[locale];
      const warnings = async (): Promise<(string | null)[]> => await page.locator('.cg-phone-warnings li').evaluateAll((els) => els.map((e) => e.getAttribute('data-warning')));
      await render(state({ locale, call: call({ hold: 'remote' }) }));
      expect(await warnings()).toEqual(['held_by_remote']);
      expect(await page.getByRole('alert').textContent()).toContain(m.callWarning.heldByRemote);
      // The agent's own hold button still says Hold: the customer's hold is not ours to resume.
      expect(await page.getByRole('button', { name: m.controls.hold }).isEnabled()).toBe(true);

      await render(state({ locale, call: call({ state: 'held', hold: 'both' }) }));
      expect(await warnings()).toEqual(['held_both']);

      await render(
        state({
          locale,
          call: call({ media: { inbound: 'silent', outbound: 'silent', deadAirMs: 4_000 } }),
          quality: { callId: 'c1', at: NOW, lossPercent: null, jitterMs: 0, rttMs: null, mos: null, level: 'no_audio', bytesReceived: 0, bytesSent: 10, audioEnergyReceived: 0 },
        }),
      );
      expect(await warnings()).toEqual(['no_inbound_audio', 'no_outbound_audio']);
      const quality = page.locator('.cg-phone-quality');
      expect(await quality.getAttribute('data-level')).toBe('no_audio');
      expect(await quality.textContent()).toContain(m.quality.no_audio);
      expect(await quality.textContent()).not.toContain(m.quality.good);
      expect(await page.locator('.cg-phone-quality meter').count()).toBe(0);

      // An ended call shows its end, no stale warnings.
      await render(state({ locale, call: call({ state: 'ended', hold: 'remote', media: { inbound: 'silent', outbound: 'flowing', deadAirMs: 5_000 }, end: { reason: 'dialog_lost', sipStatus: 481 } }) }));
      expect(await warnings()).toEqual([]);
      expect(await page.locator('.cg-phone-call-state').textContent()).toContain(m.endReason.dialog_lost);
    });
  }
});
