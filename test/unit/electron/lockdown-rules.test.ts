// The pure rules of the desk's connection and production lock-down (electron/settings/connection.ts,
// electron/window/lockdown.ts, electron/window/security.ts).
import { describe, expect, it } from 'vitest';
import { apiUrlProblem, DEVELOPMENT_API_URL, policyFileCandidates, resolveConnection, sipWsUrlProblem } from '../../../electron/settings/connection';
import { appMenuTemplate, debugAccessRefusal } from '../../../electron/window/lockdown';
import { mayGrantPermission } from '../../../electron/window/security';

const files = (map: Record<string, string>) => (path: string) => map[path];

describe('API URL rule', () => {
  it('https origins only; http only to this machine and only in development builds', () => {
    expect(apiUrlProblem('https://api.example.com', { development: false })).toBeNull();
    expect(apiUrlProblem('https://api.example.com:8443', { development: false })).toBeNull();
    expect(apiUrlProblem('http://127.0.0.1:8787', { development: true })).toBeNull();
    expect(apiUrlProblem('http://localhost:8787', { development: true })).toBeNull();
    expect(apiUrlProblem('http://[::1]:8787', { development: true })).toBeNull();
    expect(apiUrlProblem('http://127.0.0.1:8787', { development: false })).toMatch(/https/);
    expect(apiUrlProblem('http://api.example.com', { development: true })).toMatch(/only to this machine/);
    expect(apiUrlProblem('ftp://api.example.com', { development: true })).toMatch(/https/);
    expect(apiUrlProblem('https://user:pw@api.example.com', { development: false })).toMatch(/credentials/);
    expect(apiUrlProblem('https://api.example.com/v1', { development: false })).toMatch(/origin only/);
    expect(apiUrlProblem('not a url', { development: false })).toMatch(/not a URL/);
  });
});

describe('connection provisioning', () => {
  const policy = '/etc/callgate/desk-policy.json';
  const installed = '/opt/Callgate/resources/desk-policy.json';

  it('packaged: the first policy file that exists wins; the environment is never read', () => {
    const r = resolveConnection({
      packaged: true,
      env: { CALLGATE_API_URL: 'https://evil.example' },
      policyFiles: [policy, installed],
      readFile: files({ [installed]: JSON.stringify({ apiUrl: 'https://installed.example' }), [policy]: JSON.stringify({ apiUrl: 'https://admin.example' }) }),
    });
    expect(r).toEqual({ ok: true, connection: { apiUrl: 'https://admin.example', source: 'policy', policyFile: policy, sip: { wsUrl: null, iceServers: [] } } });
  });

  it('packaged without a policy, or with a bad one: a clear error naming the file, never a fallback', () => {
    expect(resolveConnection({ packaged: true, env: {}, policyFiles: [policy, installed], readFile: files({}) })).toMatchObject({ ok: false, message: expect.stringContaining(policy) });
    expect(resolveConnection({ packaged: true, env: {}, policyFiles: [policy], readFile: files({ [policy]: '{"apiUrl": "http://api.example.com"}' }) })).toMatchObject({
      ok: false,
      message: `${policy}: the API URL must use https`,
    });
    expect(resolveConnection({ packaged: true, env: {}, policyFiles: [policy], readFile: files({ [policy]: '{"apiUrl": "https://a.example", "sipPassword": "x"}' }) })).toMatchObject({
      ok: false,
      message: expect.stringContaining('sipPassword'),
    });
    expect(resolveConnection({ packaged: true, env: {}, policyFiles: [policy], readFile: files({ [policy]: '{' }) })).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
  });

  it('development: CALLGATE_API_URL, else a policy file, else the local API of npm start', () => {
    expect(resolveConnection({ packaged: false, env: { CALLGATE_API_URL: 'http://127.0.0.1:9999' }, policyFiles: [], readFile: files({}) })).toEqual({
      ok: true,
      connection: { apiUrl: 'http://127.0.0.1:9999', source: 'development', policyFile: null, sip: { wsUrl: null, iceServers: [] } },
    });
    expect(resolveConnection({ packaged: false, env: { CALLGATE_API_URL: 'http://evil.example' }, policyFiles: [], readFile: files({}) })).toMatchObject({ ok: false });
    expect(resolveConnection({ packaged: false, env: {}, policyFiles: [], readFile: files({}) })).toMatchObject({ ok: true, connection: { apiUrl: DEVELOPMENT_API_URL } });
  });

  it('the SIP edge and ICE servers come from the policy too (packaged: never the environment); a bad one is a clear error naming the file', () => {
    const ice = [{ urls: 'turns:turn.example:5349', username: 'u', credential: 'c' }];
    const good = JSON.stringify({ apiUrl: 'https://a.example', sipWsUrl: 'wss://sip.a.example:7443', iceServers: ice });
    expect(resolveConnection({ packaged: true, env: { CALLGATE_SIP_WS_URL: 'wss://evil.example' }, policyFiles: [policy], readFile: files({ [policy]: good }) })).toEqual({
      ok: true,
      connection: { apiUrl: 'https://a.example', source: 'policy', policyFile: policy, sip: { wsUrl: 'wss://sip.a.example:7443', iceServers: ice } },
    });
    const bad = (sip: unknown) => resolveConnection({ packaged: true, env: {}, policyFiles: [policy], readFile: files({ [policy]: JSON.stringify({ apiUrl: 'https://a.example', ...(sip as object) }) }) });
    expect(bad({ sipWsUrl: 'ws://sip.a.example' })).toEqual({ ok: false, message: `${policy}: the SIP edge URL must use wss` });
    expect(bad({ sipWsUrl: 'ws://127.0.0.1:5066' })).toEqual({ ok: false, message: `${policy}: the SIP edge URL must use wss` });
    expect(bad({ iceServers: [{ urls: 'http://turn.example' }] })).toMatchObject({ ok: false, message: expect.stringContaining('iceServers.0.urls') });
    // Development: CALLGATE_SIP_WS_URL (ws only to this machine), else the policy's.
    expect(resolveConnection({ packaged: false, env: { CALLGATE_SIP_WS_URL: 'ws://127.0.0.1:5066' }, policyFiles: [policy], readFile: files({ [policy]: good }) })).toMatchObject({
      ok: true,
      connection: { sip: { wsUrl: 'ws://127.0.0.1:5066', iceServers: ice } },
    });
    expect(resolveConnection({ packaged: false, env: { CALLGATE_SIP_WS_URL: 'ws://sip.evil.example' }, policyFiles: [], readFile: files({}) })).toEqual({
      ok: false,
      message: 'CALLGATE_SIP_WS_URL: plain ws is allowed only to this machine (localhost)',
    });
  });

  it('SIP edge URL rule: wss; ws only to this machine in development; no credentials, query or fragment', () => {
    expect(sipWsUrlProblem('wss://sip.example.com:7443/ws', { development: false })).toBeNull();
    expect(sipWsUrlProblem('ws://localhost:5066', { development: true })).toBeNull();
    expect(sipWsUrlProblem('ws://localhost:5066', { development: false })).toMatch(/wss/);
    expect(sipWsUrlProblem('https://sip.example.com', { development: false })).toMatch(/wss, not https/);
    expect(sipWsUrlProblem('wss://u:p@sip.example.com', { development: false })).toMatch(/credentials/);
    expect(sipWsUrlProblem('wss://sip.example.com/?x=1', { development: false })).toMatch(/query/);
    expect(sipWsUrlProblem('nope', { development: false })).toMatch(/not a URL/);
  });

  it('policy locations are fixed paths per platform (no environment variable chooses the folder)', () => {
    expect(policyFileCandidates('linux', '/opt/Callgate/resources')).toEqual([policy, installed]);
    expect(policyFileCandidates('win32', 'C:\\Program Files\\Callgate\\resources')[0]).toBe('C:\\ProgramData\\Callgate\\desk-policy.json');
    expect(policyFileCandidates('darwin', '/Applications/Callgate.app/Contents/Resources')[0]).toBe('/Library/Application Support/Callgate/desk-policy.json');
  });
});

describe('debug access refusal (packaged builds)', () => {
  it('refuses debugger and DevTools-protocol switches, in either form', () => {
    for (const arg of ['--remote-debugging-port=9222', '--remote-debugging-port', '--remote-debugging-pipe', '--inspect', '--inspect=9229', '--inspect-brk=0', '--js-flags=--allow-natives-syntax']) {
      expect(debugAccessRefusal(['/opt/Callgate/callgate', arg], {}), arg).toContain(arg.split('=')[0]);
    }
    expect(debugAccessRefusal(['/opt/Callgate/callgate', '--lang=ko'], {})).toBeNull();
  });

  it('refuses the environment equivalents', () => {
    expect(debugAccessRefusal([], { ELECTRON_RUN_AS_NODE: '1' })).toMatch(/ELECTRON_RUN_AS_NODE/);
    expect(debugAccessRefusal([], { NODE_OPTIONS: '--inspect=0.0.0.0:9229' })).toMatch(/NODE_OPTIONS/);
    expect(debugAccessRefusal([], { NODE_OPTIONS: '--max-old-space-size=4096 -r ./hook.js' })).toMatch(/NODE_OPTIONS/);
    expect(debugAccessRefusal([], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBeNull();
  });
});

describe('menu and permissions', () => {
  it('the development menu keeps reload and DevTools; the production one does not', () => {
    const roles = (development: boolean) => JSON.stringify(appMenuTemplate({ development, platform: 'linux' }));
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toMatch(/toggleDevTools|reload|forceReload/);
    expect(JSON.stringify(appMenuTemplate({ development: false, platform: 'darwin' }))).toContain('appMenu');
  });

  it('audio only: a media check for video or an unknown type is refused', () => {
    expect(mayGrantPermission({ permission: 'media', requestingUrl: 'app://desk/', mediaTypes: ['audio'] })).toBe(true);
    expect(mayGrantPermission({ permission: 'media', requestingUrl: 'app://desk/', mediaTypes: ['video'] })).toBe(false);
    expect(mayGrantPermission({ permission: 'media', requestingUrl: 'app://desk/', mediaTypes: ['unknown'] })).toBe(false);
  });
});
