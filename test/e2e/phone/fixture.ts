// One real SIP stack, one Chromium and the test pages, shared by the tests of one file.
import type { Browser, BrowserContext } from 'playwright-core';
import type { PhoneSettingsInput } from '../../../shared/phone/phone-settings';
import { launchChromium } from '../../sip/browser';
import { openBrowserCustomer, type BrowserCustomer } from '../../sip/customer';
import type { AnswerMode } from '../../sip/customer-page';
import { CUSTOMER_PAGE, servePages, type PageServer } from '../../sip/pages';
import { speechWav } from '../../sip/speech';
import { startSipStack, type SipStack, type StackUser } from '../../sip/stack';
import { AGENT_PAGE, openAgent, type Agent } from './agent';

export interface PhoneFixture {
  readonly stack: SipStack;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly pages: PageServer;
  /** Settings for agent `n` (0-based) with fast, test-friendly timers. */
  settings(n?: number, overrides?: Partial<PhoneSettingsInput>): PhoneSettingsInput;
  agent(n?: number, overrides?: Partial<PhoneSettingsInput>): Promise<Agent>;
  customer(n?: number, answer?: AnswerMode): Promise<BrowserCustomer>;
  customerUser(n?: number): StackUser;
  /**
   * What agent `n` dials to reach `number` behind the trunk (e.g. `stack.pstn.echo`): a single-use
   * dial URI (`sip:d-<token>@domain`) the edge redeems at the stack's in-test API. The one place the
   * dial target is made; the edge refuses the number itself (403).
   */
  dial(n: number, number: string): Promise<string>;
  close(): Promise<void>;
}

export async function startPhoneFixture(): Promise<PhoneFixture> {
  const stack = await startSipStack();
  const opened: { close(): Promise<void> }[] = [];
  let browser: Browser | null = null;
  let pages: PageServer | null = null;
  try {
    pages = await servePages([AGENT_PAGE, CUSTOMER_PAGE]);
    browser = await launchChromium({ fakeAudioFile: speechWav(stack.runDir) });
    const context = await browser.newContext();
    const p = pages;
    const fixture: PhoneFixture = {
      stack,
      browser,
      context,
      pages: p,
      settings: (n = 0, overrides = {}) => {
        const user = stack.agents[n];
        if (!user) throw new Error(`no agent ${n}`);
        return {
          serverUrl: stack.wsUrl,
          aor: user.aor,
          authUser: user.authUser,
          authPassword: user.password,
          iceGatheringTimeoutMs: 300,
          reconnect: { baseMs: 250, maxMs: 2_000 },
          qualityIntervalMs: 500,
          ...overrides,
        };
      },
      async agent(n = 0, overrides = {}) {
        const agent = await openAgent(context, p, fixture.settings(n, overrides));
        opened.push(agent);
        return agent;
      },
      async customer(n = 0, answer = 'auto') {
        const customer = await openBrowserCustomer(context, p, stack, fixture.customerUser(n), answer);
        opened.push(customer);
        return customer;
      },
      dial: async (n, number) => stack.dialUri(number, stack.agents[n]),
      customerUser(n = 0) {
        const user = stack.customers[n];
        if (!user) throw new Error(`no customer ${n}`);
        return user;
      },
      async close() {
        for (const o of opened.reverse()) await o.close().catch(() => undefined);
        await browser?.close();
        await p.close();
        await stack.stop();
      },
    };
    return fixture;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    await stack.stop();
    throw err;
  }
}
