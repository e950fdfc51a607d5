// A packaged (production) desk, with `electron` mocked: no DevTools, no developer menu items, the API
// from the administrator's policy file only (CALLGATE_API_URL ignored), audio-only permission checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as fake from '../../support/electron-fake';

vi.mock('electron', async () => (await import('../../support/electron-fake')).electronModule);

const POLICY_API = 'https://api.callgate.example';

beforeAll(async () => {
  fake.electronFake.app.isPackaged = true;
  fake.userData.dir = mkdtempSync(join(tmpdir(), 'cg-electron-prod-'));
  writeFileSync(join(fake.resourcesDir, 'desk-policy.json'), JSON.stringify({ apiUrl: POLICY_API }));
  // An agent's attempt to point the desk (its token, its evidence) at another server.
  vi.stubEnv('CALLGATE_API_URL', 'http://127.0.0.1:9');
  await import('../../../electron/main');
  await fake.booted();
  vi.unstubAllEnvs();
});

const invoke = async (channel: string, payload?: unknown): Promise<unknown> => {
  const desk = fake.windows[0]!.webContents;
  return await fake.handles.get(channel)!({ sender: desk, senderFrame: { url: 'app://desk/index.html', parent: null } }, payload);
};

describe('packaged desk (production lock-down)', () => {
  it('has no DevTools: off in webPreferences, and closed at once if opened anyway', () => {
    const prefs = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs['devTools']).toBe(false);
    const contents = new fake.FakeContents();
    fake.appListeners.get('web-contents-created')!({}, contents);
    contents.listeners.get('devtools-opened')!();
    expect(contents.closedDevTools).toBe(1);
  });

  it('its menu has no developer items (no Toggle Developer Tools, no Reload)', () => {
    const roles = fake.menuRoles();
    expect(roles).toContain('copy');
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
  });

  it("connects where the administrator's policy file says; CALLGATE_API_URL is ignored", async () => {
    await expect(invoke('connection:get')).resolves.toEqual({
      ok: true,
      value: { apiUrl: POLICY_API, source: 'policy', policyFile: join(fake.resourcesDir, 'desk-policy.json') },
    });
  });

  it('no channel lets the renderer change the API', async () => {
    await expect(invoke('settings:update', { apiUrl: 'https://evil.example' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await expect(invoke('connection:get')).resolves.toMatchObject({ value: { apiUrl: POLICY_API } });
  });

  it('the permission check accepts audio only', () => {
    const check = (permission: string, mediaType?: string) =>
      fake.permission.check!(null, permission, 'app://desk', { requestingUrl: 'app://desk/index.html', isMainFrame: true, ...(mediaType ? { mediaType } : {}) });
    expect(check('media', 'audio')).toBe(true);
    expect(check('media', 'video')).toBe(false);
    expect(check('media', 'unknown')).toBe(false);
    expect(check('media')).toBe(false);
    expect(check('notifications')).toBe(false);
  });
});
