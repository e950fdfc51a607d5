// Node-side handle of the agent harness page (harness/agent-page.ts): the real SipJsPhone in Chromium.
import type { BrowserContext, Page } from 'playwright-core';
import type { CallState } from '../../../shared/phone/call-state';
import type { PhoneSettingsInput } from '../../../shared/phone/phone-settings';
import type { RegistrationState } from '../../../shared/phone/registration-state';
import type { CallSnapshot } from '../../../shared/phone/sip-port';
import type { PageServer } from '../../sip/pages';
import { waitUntil } from '../../sip/net';
import type { AgentHarness } from './harness/agent-page';

export const AGENT_PAGE = new URL('./harness/agent-page.ts', import.meta.url).pathname;

/** The outcome of a SipPort call made in the page, errors flattened to data. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; sipStatus: number | null; message: string };

export interface Agent {
  readonly page: Page;
  /** Runs `fn(harness, arg)` in the page and returns its result, a PhoneError as data. */
  run<T, A = undefined>(fn: (agent: AgentHarness, arg: A) => Promise<T> | T, arg?: A): Promise<Outcome<T>>;
  /** Like run, but throws if the phone rejected. */
  must<T, A = undefined>(fn: (agent: AgentHarness, arg: A) => Promise<T> | T, arg?: A): Promise<T>;
  /** Every snapshot of the call, in order. */
  history(callId: string): Promise<CallSnapshot[]>;
  waitForCall(callId: string, state: CallState, timeoutMs?: number): Promise<CallSnapshot>;
  waitForRegistration(state: RegistrationState, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function openAgent(context: BrowserContext, pages: PageServer, settings: PhoneSettingsInput): Promise<Agent> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[agent page] ${err.message}`));
  await page.goto(pages.url(AGENT_PAGE));
  await page.waitForFunction(() => typeof window.agent !== 'undefined');
  await page.evaluate((s) => window.agent.create(s), settings);

  const run = async <T, A>(fn: (agent: AgentHarness, arg: A) => Promise<T> | T, arg?: A): Promise<Outcome<T>> =>
    (await page.evaluate(
      async ([source, a]) => {
        const f = new Function(`return (${source})`)() as (h: AgentHarness, x: unknown) => unknown;
        try {
          return { ok: true, value: await f(window.agent, a) };
        } catch (err) {
          const e = err as { code?: string; sipStatus?: number | null; message?: string };
          return { ok: false, code: e.code ?? 'exception', sipStatus: e.sipStatus ?? null, message: e.message ?? String(err) };
        }
      },
      [fn.toString(), arg] as const,
    )) as Outcome<T>;

  const agent: Agent = {
    page,
    run,
    async must(fn, arg) {
      const outcome = await run(fn, arg);
      if (!outcome.ok) throw new Error(`phone refused: ${outcome.code} (${String(outcome.sipStatus)}) ${outcome.message}`);
      return outcome.value;
    },
    history: (callId) => page.evaluate((id) => window.agent.calls.filter((c) => c.value.id === id).map((c) => c.value), callId),
    async waitForCall(callId, state, timeoutMs = 10_000) {
      try {
        return await waitUntil(async () => (await agent.history(callId)).find((c) => c.state === state), timeoutMs, `call to reach '${state}'`);
      } catch (err) {
        const seen = (await agent.history(callId)).map((c) => c.state).join(' -> ');
        throw new Error(`${(err as Error).message}; states seen: ${seen || '(none)'}`, { cause: err });
      }
    },
    async waitForRegistration(state, timeoutMs = 10_000) {
      return await waitUntil(
        () => page.evaluate((s) => {
          const last = window.agent.registration.at(-1);
          return last && last.value.state === s ? last.at : undefined;
        }, state),
        timeoutMs,
        `registration to reach '${state}'`,
      );
    },
    async close() {
      await page.evaluate(() => window.agent.phone?.dispose()).catch(() => undefined);
      await page.close();
    },
  };
  return agent;
}
