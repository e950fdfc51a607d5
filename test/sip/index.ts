/**
 * The real SIP test stack, for any e2e test or bench that needs a phone line. What is known to work
 * on this machine, and the traps, are in /work/shared/SIP-TEST-STACK.md.
 *
 * ```ts
 * const stack = await startSipStack();            // rtpengine, sipp (PSTN customer), Kamailio
 * const pages = await servePages([CUSTOMER_PAGE, myPage]);
 * const browser = await launchChromium({ fakeAudioFile: speechWav(stack.runDir) });
 * const customer = await openBrowserCustomer(await browser.newContext(), pages, stack, stack.customers[0]!);
 * // phone settings: { serverUrl: stack.wsUrl, aor: stack.agents[0].aor, authUser, authPassword }
 * // dial customer.user.aor (browser, auto-answers) or stack.pstn.echo / busy / noAnswer ... (sipp)
 * await stack.restartKamailio();                   // SIGKILL the group, start again on the same ports
 * await browser.close(); await pages.close(); await stack.stop();
 * ```
 * Every process runs in its own process group and is killed with it (also on test-process exit).
 * A missing Debian package fails with its install command (test/support/system.ts).
 */
export { startSipStack, type SipStack, type SipStackOptions, type StackUser, type MediaDtmfEvent } from './stack';
export { PSTN } from './pstn-numbers';
export { launchChromium, CHROMIUM_FLAGS } from './browser';
export { servePages, CUSTOMER_PAGE, type PageServer } from './pages';
export { openBrowserCustomer, type BrowserCustomer } from './customer';
export type { AnswerMode, CustomerApi } from './customer-page';
export { speechWav } from './speech';
export { waitUntil } from './net';
