// Phone bench: the sip.js adapter against bare sip.js in the same browser, same run, same real
// stack (Kamailio, rtpengine, sipp, Chromium). Figures: REGISTER (connect + digest) and
// INVITE -> Established medians, and the time to be registered again after a Kamailio restart
// (baseline: bare sip.js with a fixed 250 ms reconnect loop). `npm run bench -- phone`
import { fileURLToPath } from 'node:url';
import type { PhoneSettingsInput } from '../../../shared/phone/phone-settings';
import { launchChromium } from '../../sip/browser';
import { openBrowserCustomer } from '../../sip/customer';
import { waitUntil } from '../../sip/net';
import { CUSTOMER_PAGE, servePages } from '../../sip/pages';
import { speechWav } from '../../sip/speech';
import { startSipStack, type StackUser } from '../../sip/stack';
import { median, metric, progress, type Metric } from '../metric';
import { edgeBench } from '../phone-edge';
import { truthBench } from '../phone-truth';

const BENCH_PAGE = fileURLToPath(new URL('../../sip/bench-page.ts', import.meta.url));
const ROUNDS = 25;
const RESTARTS = 3;

export async function run(): Promise<Record<string, Metric>> {
  const say = progress('phone');
  say('starting the SIP stack and Chromium');
  const stack = await startSipStack({ agents: 6, customers: 1 });
  const pages = await servePages([BENCH_PAGE, CUSTOMER_PAGE]);
  const browser = await launchChromium({ fakeAudioFile: speechWav(stack.runDir) });
  try {
    const context = await browser.newContext();
    const settings = (user: StackUser | undefined): PhoneSettingsInput => {
      if (!user) throw new Error('not enough stack users');
      return { serverUrl: stack.wsUrl, aor: user.aor, authUser: user.authUser, authPassword: user.password, iceGatheringTimeoutMs: 300, reconnect: { baseMs: 250, maxMs: 2_000 } };
    };
    const [a1, a2, a3, a4, a5, a6] = stack.agents;
    const customer = await openBrowserCustomer(context, pages, stack, stack.customers[0] as StackUser, 'auto');
    const page = await context.newPage();
    await page.goto(pages.url(BENCH_PAGE));
    await page.waitForFunction(() => typeof window.bench !== 'undefined');
    await page.evaluate(([x, y]) => window.bench.startLongLived(x, y), [settings(a1), settings(a2)] as const);
    // Calls go out from a3 (adapter) and a4 (bare): set them up once, outside the timings.
    await page.evaluate(([x, y]) => window.bench.setCallers(x, y), [settings(a3), settings(a4)] as const);

    // Interleave adapter and bare samples so machine load affects both alike. The first call of a
    // page is slow (codec and ICE warm-up): one unmeasured call each first.
    say(`REGISTER and INVITE -> Established, adapter vs bare sip.js, ${ROUNDS} rounds`);
    const register = { adapter: [] as number[], bare: [] as number[] };
    const invite = { adapter: [] as number[], bare: [] as number[] };
    await page.evaluate((t) => window.bench.adapterCall(t), customer.user.aor);
    await page.evaluate((t) => window.bench.bareCall(t), customer.user.aor);
    for (let i = 0; i < ROUNDS; i++) {
      register.adapter.push(await page.evaluate((s) => window.bench.adapterRegister(s), settings(a5)));
      register.bare.push(await page.evaluate((s) => window.bench.bareRegister(s), settings(a6)));
      invite.adapter.push(await page.evaluate((t) => window.bench.adapterCall(t), customer.user.aor));
      await new Promise((r) => setTimeout(r, 100));
      invite.bare.push(await page.evaluate((t) => window.bench.bareCall(t), customer.user.aor));
      await new Promise((r) => setTimeout(r, 100));
      if ((i + 1) % 5 === 0) say(`round ${i + 1}/${ROUNDS}`);
    }

    const recovery = { adapter: [] as number[], bare: [] as number[] };
    for (let i = 0; i < RESTARTS; i++) {
      say(`Kamailio restart ${i + 1}/${RESTARTS}`);
      await page.evaluate(() => window.bench.resetReRegistered());
      const backAt = await stack.restartKamailio(300);
      const at = await waitUntil(
        async () => {
          const r = await page.evaluate(() => window.bench.reRegisteredAt());
          return r.adapter !== null && r.bare !== null ? r : undefined;
        },
        15_000,
        'both phones registered again',
        10,
      );
      recovery.adapter.push((at.adapter ?? 0) - backAt);
      recovery.bare.push((at.bare ?? 0) - backAt);
    }
    await page.evaluate(() => window.bench.stopAll());
    await customer.close();

    return {
      'phone.register_ms': metric(median(register.adapter), 'ms', median(register.bare)),
      'phone.invite_to_established_ms': metric(median(invite.adapter), 'ms', median(invite.bare)),
      'phone.reregister_after_restart_ms': metric(median(recovery.adapter), 'ms', median(recovery.bare)),
      ...(await edgeBench(say)),
      ...(await truthBench(say)),
    };
  } finally {
    await browser.close();
    await pages.close();
    await stack.stop();
  }
}
