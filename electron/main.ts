// The Electron main process: one desk window with the security checklist applied, the typed IPC,
// and the services of electron/services/desk-main.ts. Kept thin: the logic lives in plain modules.
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { TokenVault } from './credentials/token-vault';
import { registerIpc } from './ipc/register';
import { Outbox } from './outbox/outbox';
import { createDeskMain } from './services/desk-main';
import { openSettingsStore } from './settings/settings-store';
import { serveRenderer } from './window/serve-renderer';
import { APP_ORIGIN, APP_SCHEME, contentSecurityPolicy, mayGrantPermission, mayNavigate, mayOpenExternal, secureWebPreferences } from './window/security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let deskWindow: BrowserWindow | undefined;

/** Every webContents the app ever creates gets the same locks: no webviews, no navigation, no popups. */
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
}

export async function bootstrap(): Promise<void> {
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
  const userData = app.getPath('userData');
  const settings = openSettingsStore();
  // `npm start` points the desk at the API it started (or at CALLGATE_API_URL).
  const apiFromEnv = process.env['CALLGATE_API_URL'];
  if (apiFromEnv && apiFromEnv !== settings.get().apiUrl) settings.update({ apiUrl: apiFromEnv });
  const outbox = await Outbox.open(join(userData, 'outbox'));
  const vault = new TokenVault(safeStorage, userData);
  const rendererDir = join(__dirname, '..', 'renderer');

  protocol.handle(APP_SCHEME, (request) => serveRenderer(request.url, rendererDir, contentSecurityPolicy(settings.get().sip.wsUrl)));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(mayGrantPermission({ permission, requestingUrl: details.requestingUrl, mediaTypes }));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    mayGrantPermission({ permission, requestingUrl: requestingOrigin, mediaTypes: ['audio'] }),
  );

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    title: 'Callgate',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  deskWindow = win;
  win.once('ready-to-show', () => win.show());

  const desk = createDeskMain({
    settings,
    vault,
    sipVault: new TokenVault(safeStorage, userData, 'sip'),
    outbox,
    emit: (event, payload) => {
      if (!win.isDestroyed()) win.webContents.send(event, payload);
    },
    openExternal: (url) => shell.openExternal(url),
    // The CSP names the SIP server; a new one takes effect with a reload of the page.
    onSettingsChanged: (previous, next) => {
      if (previous.sip.wsUrl !== next.sip.wsUrl && !win.isDestroyed()) win.webContents.reload();
    },
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
