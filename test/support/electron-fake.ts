// A stand-in for the `electron` module (the binary cannot run here): records what the main process
// asks of it (windows, IPC handlers, permission handlers, the menu) so the glue can be tested.
// Use: vi.mock('electron', async () => (await import('../../support/electron-fake')).electronModule);
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

/** Electron's `process.resourcesPath` (where a packaged app's installed files are, the policy among them). */
export const resourcesDir = mkdtempSync(join(tmpdir(), 'cg-resources-'));
Object.assign(process, { resourcesPath: resourcesDir });

type Listener = (...args: unknown[]) => unknown;

export class FakeContents {
  listeners = new Map<string, Listener>();
  windowOpenHandler: Listener | undefined;
  sent: unknown[] = [];
  closedDevTools = 0;
  on(name: string, fn: Listener) {
    this.listeners.set(name, fn);
    return this;
  }
  setWindowOpenHandler(fn: Listener) {
    this.windowOpenHandler = fn;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  closeDevTools() {
    this.closedDevTools += 1;
  }
  reload() {}
}

export const windows: { options: Record<string, unknown>; webContents: FakeContents; loaded: string[] }[] = [];

class BrowserWindow {
  webContents = new FakeContents();
  loaded: string[] = [];
  constructor(public options: Record<string, unknown>) {
    windows.push(this);
  }
  once() {}
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
}

export const handles = new Map<string, Listener>();
export const appListeners = new Map<string, Listener>();
export const permission = { request: undefined as Listener | undefined, check: undefined as Listener | undefined };
export const userData = { dir: '' };
export const menu = { template: undefined as unknown };

export const electronFake = {
  app: {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    isReady: () => true,
    on: (name: string, fn: Listener) => appListeners.set(name, fn),
    whenReady: () => Promise.resolve(),
    getPath: () => userData.dir,
    getVersion: () => '0.1.0',
  },
  BrowserWindow,
  dialog: { showErrorBox: vi.fn() },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (built: unknown) => (menu.template = built),
  },
  ipcMain: { handle: (name: string, fn: Listener) => handles.set(name, fn), removeHandler: (name: string) => handles.delete(name), on: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s: string) => Buffer.from(s).reverse(),
    decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Listener) => (permission.request = fn),
      setPermissionCheckHandler: (fn: Listener) => (permission.check = fn),
    },
  },
  shell: { openExternal: vi.fn(async () => undefined) },
};

export const electronModule = { ...electronFake, default: electronFake };

/** Every menu item's role, depth first. */
export function menuRoles(): string[] {
  const walk = (items: unknown): string[] =>
    Array.isArray(items) ? items.flatMap((i: { role?: string; submenu?: unknown }) => [...(i.role ? [i.role] : []), ...walk(i.submenu)]) : [];
  return walk(menu.template);
}

/** Waits until the main process opened its window (it boots on import). */
export async function booted(): Promise<void> {
  for (let i = 0; i < 200 && windows[0]?.loaded.length !== 1; i++) await new Promise((r) => setTimeout(r, 10));
}
