// The thin Electron glue, with `electron` mocked (the binary can't run here): the window's security
// settings, the permission and navigation locks, the IPC registration with its sender check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../shared/ipc/channels';
import * as fake from '../../support/electron-fake';

const h = { ...fake, electron: fake.electronFake };

vi.mock('electron', async () => (await import('../../support/electron-fake')).electronModule);

beforeAll(async () => {
  h.userData.dir = mkdtempSync(join(tmpdir(), 'cg-electron-'));
  await import('../../../electron/main'); // boots on import, as in the app
  await h.booted();
});

describe('desk window', () => {
  it('is isolated, sandboxed, without Node, with the preload only', () => {
    const prefs = h.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs['preload'])).toMatch(/preload\.cjs$/);
  });

  it('loads only the app origin, served by the privileged secure scheme', () => {
    expect(h.windows[0]!.loaded).toEqual(['app://desk/index.html']);
    expect(h.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ secure: true, standard: true }) }),
    ]);
  });

  it('takes the single-instance lock', () => {
    expect(h.electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('grants only the microphone, only to the app origin', () => {
    const ask = (permission: string, requestingUrl: string, mediaTypes: string[]) =>
      new Promise<boolean>((resolve) => h.permission.request!(null, permission, resolve, { requestingUrl, mediaTypes }));
    return Promise.all([
      expect(ask('media', 'app://desk/index.html', ['audio'])).resolves.toBe(true),
      expect(ask('media', 'app://desk/index.html', ['audio', 'video'])).resolves.toBe(false),
      expect(ask('media', 'https://evil.example/', ['audio'])).resolves.toBe(false),
      expect(ask('geolocation', 'app://desk/index.html', [])).resolves.toBe(false),
      expect(ask('notifications', 'app://desk/index.html', [])).resolves.toBe(false),
    ]);
  });

  it('blocks navigation, webviews and new windows on every webContents', () => {
    const contents = new h.FakeContents();
    h.appListeners.get('web-contents-created')!({}, contents);
    const prevented = vi.fn();
    contents.listeners.get('will-navigate')!({ preventDefault: prevented }, 'https://evil.example/');
    contents.listeners.get('will-navigate')!({ preventDefault: prevented }, 'app://desk/index.html');
    expect(prevented).toHaveBeenCalledTimes(1);
    const attach = vi.fn();
    contents.listeners.get('will-attach-webview')!({ preventDefault: attach });
    expect(attach).toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://callgate.dev/help' })).toEqual({ action: 'deny' });
    expect(h.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(h.electron.shell.openExternal).toHaveBeenCalledWith('https://callgate.dev/help');
  });
});

describe('IPC glue', () => {
  const desk = () => h.windows[0]!.webContents;
  const frame = (url: string, parent: unknown = null) => ({ url, parent });

  it('registers exactly the channels of the map', () => {
    expect([...h.handles.keys()].sort()).toEqual(Object.keys(IPC_CHANNELS).sort());
  });

  it('answers the desk window and refuses any other sender before parsing', async () => {
    const raw = h.handles.get('settings:get')!;
    const handler = async (...args: unknown[]) => await raw(...args);
    await expect(handler({ sender: desk(), senderFrame: frame('app://desk/index.html') }, undefined)).resolves.toMatchObject({ ok: true });
    await expect(handler({ sender: new h.FakeContents(), senderFrame: frame('app://desk/index.html') }, undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    await expect(handler({ sender: desk(), senderFrame: frame('https://evil.example/') }, undefined)).resolves.toMatchObject({ ok: false });
    await expect(handler({ sender: desk(), senderFrame: frame('app://desk/x', {}) }, undefined)).resolves.toMatchObject({ ok: false });
  });

  it('parses every payload with the channel schema: a bad one names its field and reaches no handler', async () => {
    const handler = h.handles.get('settings:update')!;
    const res = (await handler({ sender: desk(), senderFrame: frame('app://desk/index.html') }, { locale: 'fr' })) as {
      ok: boolean;
      error: { code: string; fields: { path: string }[] };
    };
    expect(res.ok).toBe(false);
    expect(res.error.code).toBe('invalid-payload');
    expect(res.error.fields[0]!.path).toBe('locale');
  });
});
