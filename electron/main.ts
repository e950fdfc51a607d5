// The Electron main process: one desk window with the security checklist applied, the typed IPC,
// and the services of electron/services/desk-main.ts. Kept thin: the logic lives in plain modules.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenVault } from './credentials/token-vault';
import { registerIpc } from './ipc/register';
import { Outbox } from './outbox/outbox';
import { createDeskMain } from './services/desk-main';
import { policyFileCandidates, resolveConnection } from './settings/connection';
import { openSettingsStore } from './settings/settings-store';
import { appMenuTemplate, debugAccessRefusal } from './window/lockdown';
import { serveRenderer } from './window/serve-renderer';
import { APP_ORIGIN, APP_SCHEME, contentSecurityPolicy, mayGrantPermission, mayNavigate, mayOpenExternal, secureWebPreferences } from './window/security';

/** A development build runs from the repository (`npm start`); a packaged one is locked down. */
const development = !app.isPackaged;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let deskWindow: BrowserWindow | undefined;

/** Every webContents the app ever creates gets the same locks: no webviews, no navigation, no popups; no DevTools in production. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (!development) contents.on('devtools-opened', () => contents.closeDevTools());
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Stops before any window opens, saying why (in a dialog and on stderr). */
function refuseToStart(message: string): void {
  console.error(`[callgate] ${message}`);
  if (app.isReady()) dialog.showErrorBox('Callgate', message);
  app.exit(1);
}

export async function bootstrap(): Promise<void> {
  if (!development) {
    const refusal = debugAccessRefusal(process.argv, process.env);
    if (refusal) return refuseToStart(refusal);
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (deskWindow?.isMinimized()) deskWindow.restore();
    deskWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ development, platform: process.platform })));
  // Where the API and the SIP edge are: the administrator's policy file (development builds:
  // CALLGATE_API_URL / CALLGATE_SIP_WS_URL, or the local API).
  const resolved = resolveConnection({ packaged: !development, env: process.env, policyFiles: policyFileCandidates(process.platform, process.resourcesPath), readFile: readText });
  if (!resolved.ok) return refuseToStart(`the desk has no valid API address: ${resolved.message}`);
  const userData = app.getPath('userData');
  const settings = openSettingsStore();
  const outbox = await Outbox.open(join(userData, 'outbox'));
  const vault = new TokenVault(safeStorage, userData);
  const rendererDir = join(__dirname, '..', 'renderer');

  // The CSP names only provisioned origins (the API, the SIP edge), fixed for the life of the process.
  const csp = contentSecurityPolicy(resolved.connection.sip.wsUrl ?? '', resolved.connection.apiUrl);
  protocol.handle(APP_SCHEME, (request) => serveRenderer(request.url, rendererDir, csp));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(mayGrantPermission({ permission, requestingUrl: details.requestingUrl, mediaTypes }));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    mayGrantPermission({ permission, requestingUrl: details.requestingUrl ?? requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : [] }),
  );

  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 960,
    minHeight: 640,
    title: 'Callgate',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs'), { development }),
  });
  deskWindow = win;
  win.once('ready-to-show', () => win.show());

  const desk = createDeskMain({
    connection: resolved.connection,
    settings,
    vault,
    outbox,
    emit: (event, payload) => {
      if (!win.isDestroyed()) win.webContents.send(event, payload);
    },
    openExternal: (url) => shell.openExternal(url),
    log: (m) => console.log(`[callgate] ${m}`),
  });
  registerIpc(ipcMain, desk.dispatch, (sender) => sender === win.webContents);
  desk.start();
  app.on('before-quit', () => {
    void desk.stop().then(() => outbox.close());
  });

  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

void bootstrap().catch((err: unknown) => {
  console.error('[callgate] start failed:', err);
  app.exit(1);
});
