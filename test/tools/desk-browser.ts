// `npm run desk:browser`: the desk in a Chromium window for development, without the Electron binary.
// Starts the central API on its embedded SQLite (unless CALLGATE_API_URL is set), builds the renderer,
// and opens it with window.callgate provided over the real main-process services (like the e2e harness).
// Env: CALLGATE_API_URL, CHROMIUM_PATH (default /usr/bin/chromium), SIP_WS_URL / SIP_AOR / SIP_USER /
// SIP_PASSWORD to register the phone.
import { buildRenderer } from '../../scripts/build.mjs';
import { startApi } from '../support/api-process';
import { launchChromium } from '../support/chromium';
import { startDesk } from '../support/desk-harness';

const env = process.env;
const api = env['CALLGATE_API_URL'] ? undefined : await startApi({ CALLGATE_DEMO_PASSWORD: env['CALLGATE_DEMO_PASSWORD'] ?? 'callgate-demo' });
const apiUrl = env['CALLGATE_API_URL'] ?? api?.url ?? '';
await buildRenderer();
const browser = await launchChromium([], { headless: env['HEADLESS'] === '1', ...(env['CHROMIUM_PATH'] ? { executablePath: env['CHROMIUM_PATH'] } : {}) });
const sip = env['SIP_WS_URL'] && env['SIP_AOR'] && env['SIP_USER'] ? { wsUrl: env['SIP_WS_URL'], aor: env['SIP_AOR'], authUser: env['SIP_USER'], iceServers: [], iceGatheringTimeoutMs: 500 } : undefined;
const desk = await startDesk({ apiUrl, browser, ...(sip ? { settings: { sip } } : {}), ...(env['SIP_PASSWORD'] ? { sipPassword: env['SIP_PASSWORD'] } : {}) });
console.log(`desk: open in Chromium; API ${apiUrl}${api ? ` (demo password: ${env['CALLGATE_DEMO_PASSWORD'] ?? 'callgate-demo'})` : ''}. Ctrl+C to stop.`);
const stop = async (): Promise<void> => {
  await desk.stop();
  await browser.close();
  await api?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
browser.on('disconnected', () => void stop());
