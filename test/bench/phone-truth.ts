// Phone bench, issue 13 part ("the phone tells the truth; calls connect faster"). Called from
// parts/phone.ts. One real stack (the shipped Kamailio edge with the in-test redeem stub, rtpengine,
// the sipp echo trunk), one Chromium:
// - INVITE -> Established of the adapter with a pre-warmed microphone and peer connection
//   (SipPort.prepareCall, then the agent "reads the lead card" for READ_MS) against bare sip.js
//   0.21.2 (no pre-warm) in the same browser; calls alternate so load hits both alike; every call
//   dials a single-use token (same edge redeem for both). p50 ratio and p95 reported.
// - Re-registered after the server is back: Kamailio killed for 1 s, 12 s and 30 s, the adapter on
//   its DEFAULT reconnect settings (500 ms-30 s backoff, server probe); time from "Kamailio accepts
//   connections again" to the adapter's `registered`. OUTAGE_SAMPLES per length (~4 min in all), so
//   the p95 of 5 samples is their maximum. No baseline (the goal is absolute: <= 5 s).
// - Soak: SOAK_CALLS calls (prepare, call, one quality sample, hang up) in one agent page; JS heap
//   after CDP HeapProfiler.collectGarbage and live timers/listeners (harness/live-handles.ts) after
//   the last call against after the first (warm-up) call; timers read right after the last call
//   and again once sip.js's transaction timers (<= 32 s) ran out. The harness's own event records are
//   emptied before each reading so only what the phone keeps counts.
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import type { PhoneSettingsInput } from '../../shared/phone/phone-settings';
import { AGENT_PAGE, openAgent, type Agent } from '../e2e/phone/agent';
import { launchChromium } from '../sip/browser';
import { servePages, type PageServer } from '../sip/pages';
import { speechWav } from '../sip/speech';
import { startSipStack, type SipStack, type StackUser } from '../sip/stack';
import { median, metric, percentile, type Metric } from './metric';
import { establish } from './phone-edge';

const BENCH_PAGE = fileURLToPath(new URL('../sip/bench-page.ts', import.meta.url));
const CALLS = 20;
const READ_MS = 500;
const OUTAGES_MS = [1_000, 12_000, 30_000] as const;
const OUTAGE_SAMPLES = 5;
const SOAK_CALLS = 100;

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function settingsFor(stack: SipStack, user: StackUser | undefined, extra: Partial<PhoneSettingsInput> = {}): PhoneSettingsInput {
  if (!user) throw new Error('not enough stack users');
  return { serverUrl: stack.wsUrl, aor: user.aor, authUser: user.authUser, authPassword: user.password, iceGatheringTimeoutMs: 300, ...extra };
}

/** Pre-warm, let the agent read, then INVITE -> Established (ms, timed in the page); hung up and ended. */
async function prewarmedCall(agent: Agent, target: string, waitForQuality = false): Promise<number> {
  await agent.must((h) => h.phone!.prepareCall());
  await pause(READ_MS);
  const { ms, id } = await establish(agent, target);
  if (waitForQuality) await agent.page.waitForFunction((cid) => window.agent.quality.some((q) => q.value.callId === cid), id, { timeout: 10_000 });
  await agent.must((h, cid) => h.phone!.hangUp(cid), id);
  await agent.waitForCall(id, 'ended');
  return ms;
}

interface PageLoad {
  readonly heapBytes: number;
  readonly timers: number;
  readonly listeners: number;
}

/** Empties the harness's records, forces GC, reads the heap and the live handles. */
async function pageLoad(page: Page): Promise<PageLoad> {
  await page.evaluate(() => {
    const h = window.agent;
    for (const list of [h.registration, h.calls, h.dtmf, h.quality, h.notices, h.log] as unknown[][]) list.length = 0;
  });
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const live = await page.evaluate(() => ({ timers: window.liveHandles.timers(), listeners: window.liveHandles.listeners() }));
    return { heapBytes: heap.usedSize, ...live };
  } finally {
    await cdp.detach();
  }
}

export async function truthBench(say: (what: string) => void): Promise<Record<string, Metric>> {
  let stack: SipStack | null = null;
  let pages: PageServer | null = null;
  let browser: Browser | null = null;
  try {
    say('truth: starting the SIP stack and Chromium');
    stack = await startSipStack({ agents: 5, customers: 0 });
    const s = stack;
    pages = await servePages([AGENT_PAGE, BENCH_PAGE]);
    browser = await launchChromium({ fakeAudioFile: speechWav(s.runDir) });
    const context = await browser.newContext();
    const [a0, a1, a2, a3, a4] = s.agents;
    const echo = s.pstn.echo;

    // (a) pre-warmed adapter vs bare sip.js.
    const warmAgent = await openAgent(context, pages, settingsFor(s, a0, { reconnect: { baseMs: 250, maxMs: 2_000 } }));
    await warmAgent.must((h) => h.phone!.register());
    const bare = await context.newPage();
    await bare.goto(pages.url(BENCH_PAGE));
    await bare.waitForFunction(() => typeof window.bench !== 'undefined');
    await bare.evaluate(([x, y]) => window.bench.setCallers(x, y), [settingsFor(s, a2), settingsFor(s, a1)] as const);
    const bareCall = (): Promise<number> => bare.evaluate((t) => window.bench.bareCall(t), s.dialUri(echo, a1));
    // One unmeasured call each (codec and ICE warm-up of the page).
    await prewarmedCall(warmAgent, s.dialUri(echo, a0));
    await bareCall();
    say(`truth: pre-warmed vs bare sip.js, ${CALLS} calls each`);
    const invite = { warm: [] as number[], bare: [] as number[] };
    for (let i = 0; i < CALLS; i++) {
      invite.warm.push(await prewarmedCall(warmAgent, s.dialUri(echo, a0)));
      await pause(READ_MS);
      invite.bare.push(await bareCall());
    }
    await bare.evaluate(() => window.bench.stopAll());
    await bare.close();
    await warmAgent.close();

    // (b) re-registered after the server is back, default reconnect settings.
    const longLived = await openAgent(context, pages, settingsFor(s, a3));
    await longLived.must((h) => h.phone!.register());
    const backAfter: Record<number, number[]> = {};
    for (const downMs of OUTAGES_MS) {
      const samples: number[] = [];
      for (let i = 0; i < OUTAGE_SAMPLES; i++) {
        say(`truth: ${downMs / 1000} s outage ${i + 1}/${OUTAGE_SAMPLES}`);
        const lossSeenFrom = await longLived.page.evaluate(() => window.agent.registration.length);
        const backAt = await s.restartKamailio(downMs);
        const at = await longLived.page
          .waitForFunction(
            (from) => window.agent.registration.slice(from).some((r) => r.value.state !== 'registered') && window.agent.registration.at(-1)?.value.state === 'registered' ? window.agent.registration.at(-1)?.at : undefined,
            lossSeenFrom,
            { timeout: 60_000, polling: 20 },
          )
          .then((h) => h.jsonValue() as Promise<number>);
        samples.push(at - backAt);
      }
      backAfter[downMs] = samples;
    }
    await longLived.close();

    // (c) soak.
    const soak = await openAgent(context, pages, settingsFor(s, a4, { reconnect: { baseMs: 250, maxMs: 2_000 }, qualityIntervalMs: 500 }));
    await soak.must((h) => h.phone!.register());
    await prewarmedCall(soak, s.dialUri(echo, a4), true);
    const before = await pageLoad(soak.page);
    say(`truth: soak, ${SOAK_CALLS} calls`);
    for (let i = 0; i < SOAK_CALLS; i++) {
      await prewarmedCall(soak, s.dialUri(echo, a4), true);
      if ((i + 1) % 25 === 0) say(`truth: soak call ${i + 1}/${SOAK_CALLS}`);
    }
    // The last call is over when the phone holds no call.
    await soak.page.waitForFunction(() => window.agent.phone!.diagnostics().liveCalls === 0, undefined, { timeout: 10_000 });
    const atOnce = await pageLoad(soak.page);
    // sip.js keeps each transaction's timers (Timer D/K, up to 32 s) past the call: timers must be
    // back to the warm-up level once those ran out, not grow with the number of calls.
    say('truth: soak: waiting for the timers to settle (45 s at most)');
    const settleStart = Date.now();
    await soak.page
      .waitForFunction((n) => window.liveHandles.timers() <= n, before.timers, { timeout: 45_000, polling: 250 })
      .catch(() => undefined);
    const settledMs = Date.now() - settleStart;
    const after = await pageLoad(soak.page);
    await soak.close();

    const out: Record<string, Metric> = {
      'phone.prewarmed_invite_to_established_p50_ms': metric(median(invite.warm), 'ms', median(invite.bare)),
      'phone.prewarmed_invite_to_established_p95_ms': metric(percentile(invite.warm, 95), 'ms', percentile(invite.bare, 95)),
    };
    for (const downMs of OUTAGES_MS) out[`phone.reregistered_after_${downMs / 1000}s_outage_p95_ms`] = metric(percentile(backAfter[downMs] ?? [], 95), 'ms', null);
    out['phone.soak_heap_growth_mb'] = metric((after.heapBytes - before.heapBytes) / 1e6, 'MB', null);
    out['phone.soak_live_timers_growth'] = metric(after.timers - before.timers, 'count', null);
    out['phone.soak_live_timers_growth_at_last_call'] = metric(atOnce.timers - before.timers, 'count', null);
    out['phone.soak_live_listeners_growth'] = metric(after.listeners - before.listeners, 'count', null);
    console.error(`phone-truth raw: invite warm ${JSON.stringify(invite.warm.map(Math.round))} bare ${JSON.stringify(invite.bare.map(Math.round))}; back after ${JSON.stringify(backAfter)}; soak before ${JSON.stringify(before)} right after the last call ${JSON.stringify(atOnce)} after ${settledMs} ms ${JSON.stringify(after)}`);
    return out;
  } finally {
    await browser?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    await stack?.stop();
  }
}
