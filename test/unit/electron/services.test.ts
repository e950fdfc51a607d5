import { mkdtempSync, mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { IPC_CHANNELS, IPC_EVENTS } from '../../../shared/ipc/channels';
import { DEFAULT_SETTINGS } from '../../../shared/ipc/settings';
import { createBridge } from '../../../electron/ipc/bridge';
import { TokenVault, type SecretCipher } from '../../../electron/credentials/token-vault';
import { contentSecurityPolicy, mayGrantPermission, mayOpenExternal } from '../../../electron/window/security';
import { serveRenderer } from '../../../electron/window/serve-renderer';

vi.mock('electron', () => ({ default: {} }));
const { openSettingsStore } = await import('../../../electron/settings/settings-store');

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

describe('settings (electron-store)', () => {
  it('starts from the defaults: no public STUN server, Korean first', () => {
    const s = openSettingsStore({ cwd: tmp('cg-set-'), projectVersion: '0.1.0' });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.get().sip).toEqual({ iceGatheringTimeoutMs: 500 });
  });

  it('stores a valid change and survives a reopen', () => {
    const cwd = tmp('cg-set-');
    openSettingsStore({ cwd, projectVersion: '0.1.0' }).update({ locale: 'en', sip: { iceGatheringTimeoutMs: 300 } });
    expect(openSettingsStore({ cwd, projectVersion: '0.1.0' }).get()).toMatchObject({ locale: 'en', sip: { iceGatheringTimeoutMs: 300 } });
  });

  it('refuses a bad change with the field path and changes nothing', () => {
    const s = openSettingsStore({ cwd: tmp('cg-set-'), projectVersion: '0.1.0' });
    // The SIP edge and ICE servers are provisioned (decision 0015): a change names why it is refused.
    expect(() => s.update({ sip: { ...DEFAULT_SETTINGS.sip, wsUrl: 'wss://evil.example' } })).toThrow(/provisioned by your administrator/);
    expect(() => s.update({ sip: { ...DEFAULT_SETTINGS.sip, iceServers: [{ urls: 'turn:evil.example' }] } })).toThrow(/provisioned by your administrator/);
    expect(() => s.update({ sip: { iceGatheringTimeoutMs: 1 } })).toThrow(/iceGatheringTimeoutMs/);
    expect(() => s.update({ apiUrl: 'https://evil.example' })).toThrow(/apiUrl|Unrecognized/);
    expect(() => s.update({ surprise: 1 })).toThrow();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('migrates a file written before the schema and resets a damaged one', () => {
    const cwd = tmp('cg-set-');
    writeFileSync(join(cwd, 'settings.json'), JSON.stringify({ locale: 'en' }));
    expect(openSettingsStore({ cwd, projectVersion: '0.1.0' }).get()).toMatchObject({ locale: 'en', hotkeys: DEFAULT_SETTINGS.hotkeys });
    const cwd2 = tmp('cg-set-');
    writeFileSync(join(cwd2, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, locale: 'xx' }));
    expect(openSettingsStore({ cwd: cwd2, projectVersion: '0.1.0' }).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('an older desk\'s SIP edge URL and ICE servers are dropped on read (provisioned now, decision 0015); the rest is kept', () => {
    const cwd = tmp('cg-set-');
    const old = { ...DEFAULT_SETTINGS, locale: 'en', sip: { wsUrl: 'wss://evil.example:7443', iceServers: [{ urls: 'turn:evil.example' }], iceGatheringTimeoutMs: 250 } };
    writeFileSync(join(cwd, 'settings.json'), JSON.stringify(old));
    const s = openSettingsStore({ cwd, projectVersion: '0.1.0' });
    expect(s.get()).toEqual({ ...DEFAULT_SETTINGS, locale: 'en', sip: { iceGatheringTimeoutMs: 250 } });
    expect(JSON.stringify(JSON.parse(readFileSync(s.path, 'utf8')))).not.toContain('evil.example');
  });
});

describe('TokenVault (safeStorage)', () => {
  const cipher = (backend: string, available = true): SecretCipher => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString(),
  });

  it('writes the token only encrypted, and reads it back', () => {
    const dir = tmp('cg-vault-');
    const v = new TokenVault(cipher('gnome_libsecret'), dir);
    expect(v.save('secret-token-123')).toEqual({ persisted: true });
    expect(readFileSync(join(dir, 'session.bin')).toString()).not.toContain('secret-token-123');
    expect(new TokenVault(cipher('gnome_libsecret'), dir).load()).toBe('secret-token-123');
  });

  it('refuses to store it where only the plain-text backend exists (memory only)', () => {
    const dir = tmp('cg-vault-');
    const v = new TokenVault(cipher('basic_text'), dir);
    expect(v.save('secret-token-123')).toEqual({ persisted: false, reason: 'plain-text-backend' });
    expect(existsSync(join(dir, 'session.bin'))).toBe(false);
    expect(v.load()).toBe('secret-token-123');
    expect(new TokenVault(cipher('basic_text'), dir).load()).toBeUndefined();
    expect(new TokenVault(cipher('x', false), dir).save('t')).toEqual({ persisted: false, reason: 'no-encryption' });
  });
});

describe('window security policy', () => {
  it('CSP allows only the app itself and the SIP server WebSocket', () => {
    const csp = contentSecurityPolicy('wss://sip.example.com:7443/ws');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' wss://sip.example.com:7443");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(contentSecurityPolicy('javascript:alert(1)')).toContain("connect-src 'self';");
  });

  it('CSP lets only media elements read the API (recording playback links); fetch and XHR still cannot', () => {
    const csp = contentSecurityPolicy('wss://sip.example.com:7443/ws', 'https://api.example.com/');
    expect(csp).toContain("media-src 'self' blob: mediastream: https://api.example.com;");
    expect(csp).toContain("connect-src 'self' wss://sip.example.com:7443;");
    expect(contentSecurityPolicy('', 'javascript:alert(1)')).toContain("media-src 'self' blob: mediastream:;");
  });

  it('opens externally only allow-listed https URLs', () => {
    expect(mayOpenExternal('https://callgate.dev/help/consent')).toBe(true);
    expect(mayOpenExternal('http://callgate.dev/help')).toBe(false);
    expect(mayOpenExternal('https://callgate.dev.evil.example/')).toBe(false);
    expect(mayOpenExternal('file:///etc/passwd')).toBe(false);
  });

  it('grants the speaker choice to the app, nothing to others', () => {
    expect(mayGrantPermission({ permission: 'speaker-selection', requestingUrl: 'app://desk/' })).toBe(true);
    expect(mayGrantPermission({ permission: 'speaker-selection', requestingUrl: 'https://x.example/' })).toBe(false);
    expect(mayGrantPermission({ permission: 'media', requestingUrl: 'app://desk/', mediaTypes: [] })).toBe(false);
  });

  it('serves only files inside the renderer folder, with the CSP header', async () => {
    const root = tmp('cg-r-');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'a.js'), 'x');
    writeFileSync(join(tmpdir(), 'outside.js'), 'secret');
    const ok = await serveRenderer('app://desk/index.html', root, "default-src 'none'");
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect((await serveRenderer('app://desk/assets/a.js', root, '')).status).toBe(200);
    expect((await serveRenderer('app://desk/../outside.js', root, '')).status).toBe(404);
    expect((await serveRenderer('app://desk/%2e%2e/outside.js', root, '')).status).toBe(404);
    expect((await serveRenderer('app://other/index.html', root, '')).status).toBe(404);
    expect((await serveRenderer('app://desk/missing.js', root, '')).status).toBe(404);
  });
});

describe('preload bridge', () => {
  it('exposes one method per channel and one onX per event, nothing else', async () => {
    const invoked: [string, unknown][] = [];
    const bridge = createBridge({
      invoke: async (c, p) => {
        invoked.push([c, p]);
        return { ok: true, value: null };
      },
      on: () => () => undefined,
    }) as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    const methods = Object.entries(bridge).flatMap(([area, verbs]) => Object.keys(verbs).map((v) => `${area}.${v}`));
    const expected = [
      ...Object.keys(IPC_CHANNELS).map((c) => c.replace(':', '.')),
      ...Object.keys(IPC_EVENTS).map((e) => {
        const [a, v] = e.split(':') as [string, string];
        return `${a}.on${v[0]!.toUpperCase()}${v.slice(1)}`;
      }),
    ];
    expect(methods.sort()).toEqual(expected.sort());
    await bridge['leads']!['next']!({ campaignId: 'c1' });
    expect(invoked).toEqual([['leads:next', { campaignId: 'c1' }]]);
    expect(() => bridge['outbox']!['onChanged']!('not a function')).toThrow(TypeError);
  });
});

describe('packaging', () => {
  it('installs the administrator\'s desk policy with the app, and it is a valid https policy', async () => {
    const config = parseYaml(readFileSync('electron-builder.yml', 'utf8')) as { extraResources: { from: string; to: string }[] };
    expect(config.extraResources).toContainEqual({ from: 'assets/desk-policy.json', to: 'desk-policy.json' });
    const { resolveConnection } = await import('../../../electron/settings/connection');
    const policy = resolveConnection({ packaged: true, env: {}, policyFiles: ['assets/desk-policy.json'], readFile: (p) => readFileSync(p, 'utf8') });
    expect(policy).toMatchObject({ ok: true, connection: { source: 'policy' } });
  });

  it('flips the Electron fuses: RunAsNode off and the rest that apply', () => {
    const config = parseYaml(readFileSync('electron-builder.yml', 'utf8')) as { electronFuses: Record<string, boolean>; asar: boolean };
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
