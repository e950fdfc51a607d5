// `npm run desk:browser`: the desk in Chromium, without the Electron binary (also what `npm start` opens
// when that binary cannot be fetched). window.callgate is provided over the real main-process services,
// like the e2e harness.
// - The API: the one `npm start` runs (http://127.0.0.1:$PORT, default 8787) if it answers, else it is
//   started here the same way (same database, data/callgate.sqlite), so the demo passwords printed at its
//   first start work; CALLGATE_API_URL names another one.
// - Without a display (no DISPLAY / WAYLAND_DISPLAY): under xvfb-run when it is installed, else headless,
//   saying so (a screenshot of the sign-in page shows it is up).
// Env: CALLGATE_API_URL, PORT, CHROMIUM_PATH (default /usr/bin/chromium), HEADLESS=1, CALLGATE_SIP_WS_URL
// (or SIP_WS_URL): the SIP edge the phone registers with (its credentials come from the API).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildRenderer } from '../../scripts/build.mjs';
import { apiIsUp, localApiUrl, startLocalApi } from '../../scripts/local-api.mjs';
import { launchChromium } from '../support/chromium';
import { startDesk } from '../support/desk-harness';

const env = process.env;

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

const noDisplay = process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'];
if (noDisplay && env['HEADLESS'] !== '1' && !env['CALLGATE_UNDER_XVFB'] && onPath('xvfb-run')) {
  console.log('desk: no display here: running under xvfb-run (a virtual display).');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...env, CALLGATE_UNDER_XVFB: '1' } });
  process.exit(r.status ?? 1);
}
const headless = env['HEADLESS'] === '1' || (noDisplay && !env['CALLGATE_UNDER_XVFB']);

const apiUrl = env['CALLGATE_API_URL'] ?? localApiUrl();
let api: Awaited<ReturnType<typeof startLocalApi>> | undefined;
if (!(await apiIsUp(apiUrl))) {
  if (env['CALLGATE_API_URL']) {
    console.error(`desk: no Callgate API answers at ${apiUrl} (CALLGATE_API_URL). Start it, or unset CALLGATE_API_URL to start the local one.`);
    process.exit(1);
  }
  console.log(`desk: starting the API at ${apiUrl} (the same database as npm start)...`);
  api = await startLocalApi();
} else console.log(`desk: using the API that already answers at ${apiUrl}.`);

await buildRenderer();
const browser = await launchChromium([], { headless, ...(env['CHROMIUM_PATH'] ? { executablePath: env['CHROMIUM_PATH'] } : {}) });
// The SIP identity and password come from the API after sign-in (ephemeral credentials); the edge's URL
// is provisioned here as a policy file would (decision 0015).
const sipWsUrl = env['CALLGATE_SIP_WS_URL'] ?? env['SIP_WS_URL'];
const desk = await startDesk({ apiUrl, browser, ...(sipWsUrl ? { sip: { wsUrl: sipWsUrl } } : {}) });
if (headless) {
  const shot = join(process.cwd(), '.tmp', 'desk-browser.png');
  mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
  await desk.page.waitForSelector('input[name=username]');
  await desk.page.screenshot({ path: shot });
  console.log(
    `desk: no display here (DISPLAY is not set${onPath('xvfb-run') ? '' : '; install xvfb for a virtual one'}), so Chromium runs headless: ` +
      `the desk is up against ${apiUrl} (sign-in page: ${shot}) but there is no window to use. Ctrl+C to stop.`,
  );
} else console.log(`desk: open in Chromium against ${apiUrl}. Ctrl+C to stop.`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await desk.stop();
  await browser.close();
  api?.child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
browser.on('disconnected', () => void stop());
