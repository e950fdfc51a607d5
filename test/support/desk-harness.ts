// Runs the real desk renderer bundle in headless Chromium with the preload bridge provided over the
// real main-process services (outbox, API client, settings on a temp folder). Only the thin Electron
// IPC glue is not exercised here; electron/ has its own unit tests for it (electron mocked).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { serveFolder, type StaticServer } from './static-server';
import { DEMO_PASSWORD } from './api-process';
import type { Connection, ProvisionedSip } from '../../shared/ipc/connection';
import type { Settings } from '../../shared/ipc/settings';
import type { SecretCipher } from '../../electron/credentials/token-vault';
import type { DeskMain } from '../../electron/services/desk-main';

// electron-store imports `electron`, whose npm stub throws when its binary is absent. Pointing the stub
// at a dist path makes it load as a plain string: electron-store then runs as conf in the given folder.
process.env['ELECTRON_OVERRIDE_DIST_PATH'] ??= join(tmpdir(), 'no-electron-binary');

export const RENDERER_DIST = join(process.cwd(), 'dist', 'renderer');
/**
 * Screenshots taken by the e2e tests land in an ignored folder, so `npm test` rewrites no tracked file.
 * The reviewed set lives in docs/screenshots/; `npm run screenshots:accept` copies a run's shots there.
 */
export const SCREENSHOT_DIR = process.env['CALLGATE_SCREENSHOT_DIR'] ?? join(process.cwd(), '.tmp', 'screenshots');

/** The OS keychain can't run here: an obvious stand-in cipher (the boundary DEVELOPERS.md allows to mock). */
const testCipher: SecretCipher = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'test_keychain',
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0xa5)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0xa5)).toString('utf8'),
};

let bridgeScript: Promise<string> | undefined;
function harnessBridgeScript(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [join(process.cwd(), 'test', 'support', 'harness-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

export interface DeskOptions {
  readonly apiUrl: string;
  readonly settings?: Partial<Settings>;
  /** The provisioned SIP edge (and ICE servers) of this desk, as a policy file would give them (decision 0015). */
  readonly sip?: { readonly wsUrl: string; readonly iceServers?: ProvisionedSip['iceServers'] };
  /** Reuse a user-data folder (e.g. to restart the desk over the same outbox). */
  readonly userData?: string;
  readonly chromiumArgs?: readonly string[];
  readonly browser?: Browser;
}

export interface Desk {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly userData: string;
  readonly outboxDir: string;
  readonly main: DeskMain;
  readonly consoleLog: string[];
  /** Types the credentials into the login form and waits until the signed-in shell shows. */
  signIn(username: string, password?: string): Promise<void>;
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startDesk(options: DeskOptions): Promise<Desk> {
  const [{ openSettingsStore }, { Outbox }, { TokenVault }, { createDeskMain }, { contentSecurityPolicy }] = await Promise.all([
    import('../../electron/settings/settings-store'),
    import('../../electron/outbox/outbox'),
    import('../../electron/credentials/token-vault'),
    import('../../electron/services/desk-main'),
    import('../../electron/window/security'),
  ]);
  const userData = options.userData ?? mkdtempSync(join(tmpdir(), 'cg-desk-'));
  const outboxDir = join(userData, 'outbox');
  const settings = openSettingsStore({ cwd: userData, projectVersion: '0.1.0' });
  if (options.settings) settings.update(options.settings);
  const outbox = await Outbox.open(outboxDir);
  const vault = new TokenVault(testCipher, userData);

  const ownBrowser = options.browser === undefined;
  const browser = options.browser ?? (await launchChromium(options.chromiumArgs ?? []));
  // The screen the desk is designed for (and screenshotted at): 1366x768.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ko-KR' });
  const page = await context.newPage();
  const consoleLog: string[] = [];
  page.on('console', (m) => consoleLog.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`pageerror: ${e.message}`));

  const connection: Connection = {
    apiUrl: options.apiUrl,
    source: 'development',
    policyFile: null,
    sip: { wsUrl: options.sip?.wsUrl ?? null, iceServers: [...(options.sip?.iceServers ?? [])] },
  };
  const main = createDeskMain({
    // A development build's connection: the harness names the API and the SIP edge (no policy file here).
    connection,
    settings,
    vault,
    outbox,
    emit: (event, payload) => {
      void page.evaluate(([e, p]) => (window as unknown as { __callgateEvent?: (c: string, p: unknown) => void }).__callgateEvent?.(e as string, p), [event, payload] as const).catch(() => undefined);
    },
    openExternal: async () => undefined,
  });
  // The same sender check as electron/ipc/register.ts: only the desk's own top frame may call.
  await page.exposeBinding('__callgateInvoke', (source, channel: string, payload: unknown) => {
    if (source.frame !== page.mainFrame()) return { ok: false, error: { code: 'untrusted-sender', message: 'not the desk frame' } };
    return main.dispatch(channel, payload);
  });
  await page.addInitScript({ content: await harnessBridgeScript() });
  const server: StaticServer = await serveFolder(RENDERER_DIST, { 'content-security-policy': contentSecurityPolicy(connection.sip.wsUrl ?? '', options.apiUrl) });
  main.start();
  await page.goto(`${server.url}/index.html`);

  return {
    page,
    context,
    userData,
    outboxDir,
    main,
    consoleLog,
    async signIn(username, password = DEMO_PASSWORD) {
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.status-bar', { timeout: 20_000 });
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async stop() {
      // Uncaught errors of the page would otherwise vanish with it.
      const errors = consoleLog.filter((l) => l.startsWith('pageerror'));
      if (errors.length) console.error(errors.join('\n'));
      await main.stop();
      await context.close().catch(() => undefined);
      if (ownBrowser) await browser.close().catch(() => undefined);
      await server.close();
      await outbox.close();
    },
  };
}
