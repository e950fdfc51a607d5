/**
 * The real SIP test stack, for any e2e test or bench that needs a phone line. What is known to work
 * on this machine, and the traps, are in /work/shared/SIP-TEST-STACK.md.
 *
 * ```ts
 * const stack = await startSipStack();            // rtpengine, sipp (the trunk), the shipped edge
 *                                                  // (deploy/kamailio/kamailio.cfg) + an in-test redeem API
 * const pages = await servePages([CUSTOMER_PAGE, myPage]);
 * const browser = await launchChromium({ fakeAudioFile: speechWav(stack.runDir) });
 * const customer = await openBrowserCustomer(await browser.newContext(), pages, stack, stack.customers[0]!);
 * // phone settings: { serverUrl: stack.wsUrl, aor: agent.aor, authUser: agent.authUser, authPassword: agent.password }
 * //   (auth_ephemeral credentials; stack.credentials(userId) makes more)
 * // dial customer.user.aor (browser, auto-answers), or a PSTN number through a single-use dial URI:
 * //   stack.dialUri(stack.pstn.echo, agent)  (busy / noAnswer ...: pstn-numbers.ts); the number itself is 403
 * // Dialing authority against the real API: startSipStack({ api: { url, secrets } }) (test/e2e/edge/).
 * await stack.restartKamailio();                   // SIGKILL the group, start again on the same ports
 * await browser.close(); await pages.close(); await stack.stop();
 * ```
 * Every process runs in its own process group and is killed with it (also on test-process exit).
 * A missing Debian package fails with its install command (test/support/system.ts).
 */
export { startSipStack, newEdgeSecrets, ephemeralCredentials, type SipStack, type SipStackOptions, type StackUser, type MediaDtmfEvent, type EdgeSecrets } from './stack';
export { PSTN } from './pstn-numbers';
export { launchChromium, CHROMIUM_FLAGS } from './browser';
export { servePages, CUSTOMER_PAGE, type PageServer } from './pages';
export { openBrowserCustomer, type BrowserCustomer } from './customer';
export type { AnswerMode, CustomerApi } from './customer-page';
export { speechWav } from './speech';
export { waitUntil } from './net';
