// Node-side handle of a browser customer page (customer-page.ts) in a Playwright browser context.
import type { BrowserContext, Page } from 'playwright-core';
import type { AnswerMode, CustomerAudioStats, CustomerEvent } from './customer-page';
import type { PageServer } from './pages';
import { CUSTOMER_PAGE } from './pages';
import type { StackUser } from './stack';

export interface BrowserCustomer {
  readonly page: Page;
  readonly user: StackUser;
  setAnswerMode(mode: AnswerMode, delayMs?: number): Promise<void>;
  events(): Promise<CustomerEvent[]>;
  sessionState(): Promise<string | null>;
  hangUp(): Promise<void>;
  call(target: string): Promise<void>;
  sendInfoDtmf(digit: string): Promise<number>;
  stats(): Promise<CustomerAudioStats | null>;
  close(): Promise<void>;
}

/** Opens the customer page in `context`, registers `user`, and answers as `answer` says. */
export async function openBrowserCustomer(
  context: BrowserContext,
  pages: PageServer,
  stack: { readonly wsUrl: string },
  user: StackUser,
  answer: AnswerMode = 'auto',
): Promise<BrowserCustomer> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[customer page] ${err.message}`));
  await page.goto(pages.url(CUSTOMER_PAGE));
  await page.waitForFunction(() => typeof window.customer !== 'undefined');
  await page.evaluate((c) => window.customer.start(c), { wsUrl: stack.wsUrl, aor: user.aor, user: user.authUser, password: user.password, answer, answerDelayMs: 0 });
  return {
    page,
    user,
    setAnswerMode: (mode, delayMs = 0) => page.evaluate(([m, d]) => window.customer.setAnswerMode(m, d), [mode, delayMs] as const),
    events: () => page.evaluate(() => window.customer.events()),
    sessionState: () => page.evaluate(() => window.customer.sessionState()),
    hangUp: () => page.evaluate(() => window.customer.hangUp()),
    call: (target) => page.evaluate((t) => window.customer.call(t), target),
    sendInfoDtmf: (digit) => page.evaluate((d) => window.customer.sendInfoDtmf(d), digit),
    stats: () => page.evaluate(() => window.customer.stats()),
    close: async () => {
      await page.evaluate(() => window.customer.stop()).catch(() => undefined);
      await page.close();
    },
  };
}
