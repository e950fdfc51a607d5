// A packaged (production) desk, with `electron` mocked: no DevTools, no developer menu items, the API,
// SIP edge and ICE servers from the administrator's policy file only (CALLGATE_API_URL and
// CALLGATE_SIP_WS_URL ignored), a CSP built from those alone, audio-only permission checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as fake from '../../support/electron-fake';

vi.mock('electron', async () => (await import('../../support/electron-fake')).electronModule);

const POLICY_API = 'https://api.callgate.example';
const POLICY_SIP = 'wss://sip.callgate.example:7443';
const POLICY_ICE = [{ urls: 'turns:turn.callgate.example:5349', username: 'desk', credential: 'site-secret' }];

beforeAll(async () => {
  fake.electronFake.app.isPackaged = true;
  fake.userData.dir = mkdtempSync(join(tmpdir(), 'cg-electron-prod-'));
  writeFileSync(join(fake.resourcesDir, 'desk-policy.json'), JSON.stringify({ apiUrl: POLICY_API, sipWsUrl: POLICY_SIP, iceServers: POLICY_ICE }));
  // An agent's attempt to point the desk (its token, its evidence, its SIP credentials) at another server.
  vi.stubEnv('CALLGATE_API_URL', 'http://127.0.0.1:9');
  vi.stubEnv('CALLGATE_SIP_WS_URL', 'ws://127.0.0.1:9');
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

  it("connects where the administrator's policy file says; CALLGATE_API_URL and CALLGATE_SIP_WS_URL are ignored", async () => {
    await expect(invoke('connection:get')).resolves.toEqual({
      ok: true,
      value: { apiUrl: POLICY_API, source: 'policy', policyFile: join(fake.resourcesDir, 'desk-policy.json'), sip: { wsUrl: POLICY_SIP, iceServers: POLICY_ICE } },
    });
  });

  const csp = async (): Promise<string> => {
    const handler = fake.electronFake.protocol.handle.mock.calls[0]?.[1] as (r: { url: string }) => Promise<Response>;
    const res = await handler({ url: 'app://desk/index.html' });
    return res.headers.get('content-security-policy') ?? '';
  };

  it('the CSP names only the provisioned API and SIP edge; the renderer cannot change the SIP edge or ICE servers (a clear error, nothing stored)', async () => {
    expect(await csp()).toContain(`connect-src 'self' wss://sip.callgate.example:7443;`);
    expect(await csp()).toContain(`media-src 'self' blob: mediastream: ${POLICY_API};`);
    for (const sip of [{ iceGatheringTimeoutMs: 500, wsUrl: 'wss://evil.example' }, { iceGatheringTimeoutMs: 500, iceServers: [{ urls: 'turn:evil.example' }] }]) {
      const r = await invoke('settings:update', { sip });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(JSON.stringify(r)).toContain('provisioned by your administrator');
    }
    expect(await invoke('settings:get')).toMatchObject({ ok: true, value: { sip: { iceGatheringTimeoutMs: 500 } } });
    expect(JSON.stringify(await invoke('settings:get'))).not.toContain('evil.example');
    expect(await csp()).not.toContain('evil.example');
    await expect(invoke('connection:get')).resolves.toMatchObject({ value: { sip: { wsUrl: POLICY_SIP } } });
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
