import { join } from 'node:path';
import { DeskPolicySchema, type Connection, type ProvisionedSip } from '../../shared/ipc/connection';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What a provisioned address must be: its name in messages, its secure and plain schemes, origin only or not. */
interface UrlRule {
  readonly what: string;
  readonly secure: 'https' | 'wss';
  readonly plain: 'http' | 'ws';
  readonly originOnly: boolean;
}

/** The one rule for provisioned addresses (API, SIP edge): the secure scheme; the plain one only to this machine in development. */
function urlProblem(url: string, rule: UrlRule, build: { readonly development: boolean }): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (u.username || u.password) return `the ${rule.what} must not carry credentials`;
  if (rule.originOnly && (u.pathname !== '/' || u.search || u.hash)) return `the ${rule.what} must be an origin only, e.g. ${u.protocol}//${u.host}`;
  if (u.search || u.hash) return `the ${rule.what} must not have a query or fragment`;
  const scheme = u.protocol.replace(':', '');
  if (scheme === rule.secure) return null;
  if (scheme === rule.plain && build.development && LOOPBACK.has(u.hostname)) return null;
  if (scheme === rule.plain) return build.development ? `plain ${rule.plain} is allowed only to this machine (localhost)` : `the ${rule.what} must use ${rule.secure}`;
  return `the ${rule.what} must use ${rule.secure}, not ${scheme}`;
}

/**
 * Why `url` may not be the desk's API, or null when it may: an origin (no path, query, fragment or
 * credentials) over https; plain http only to this machine (localhost, 127.0.0.1, ::1) and only in a
 * development build. The bearer token and every consent event go there.
 */
export function apiUrlProblem(url: string, build: { readonly development: boolean }): string | null {
  return urlProblem(url, { what: 'API URL', secure: 'https', plain: 'http', originOnly: true }, build);
}

/**
 * Why `url` may not be the desk's SIP edge, or null when it may: a WebSocket URL without credentials,
 * query or fragment, over wss; plain ws only to this machine and only in a development build. The SIP
 * credentials go there, and it is the one SIP origin the desk's CSP allows (decision 0015).
 */
export function sipWsUrlProblem(url: string, build: { readonly development: boolean }): string | null {
  return urlProblem(url, { what: 'SIP edge URL', secure: 'wss', plain: 'ws', originOnly: false }, build);
}

/** The API a development build uses when nothing else is said: the one `npm start` runs. */
export const DEVELOPMENT_API_URL = 'http://127.0.0.1:8787';

export interface ConnectionInputs {
  /** A packaged (production) build: only the policy file counts, https only. */
  readonly packaged: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Policy files in the order they win (the administrator's system-wide one, then the one installed with the app). */
  readonly policyFiles: readonly string[];
  /** The file's text, or undefined when it does not exist. */
  readonly readFile: (path: string) => string | undefined;
}

export type ConnectionResult = { readonly ok: true; readonly connection: Connection } | { readonly ok: false; readonly message: string };

/**
 * Where the desk's API and SIP edge are. Packaged builds: the first policy file that exists, nothing
 * else (no environment override: an agent could otherwise point the desk, its token, its SIP
 * credentials and its evidence anywhere). Development builds: `CALLGATE_API_URL`, else the first policy
 * file, else the local API of `npm start`; the SIP edge from `CALLGATE_SIP_WS_URL`, else the policy
 * file, else none. A bad value is an error naming the file (or variable) and the rule, never a silent
 * fallback.
 */
export function resolveConnection(inputs: ConnectionInputs): ConnectionResult {
  const development = !inputs.packaged;
  const env = (name: string): string | undefined => (development ? inputs.env[name] || undefined : undefined);
  const sipOf = (where: string, policy: { sipWsUrl?: string | undefined; iceServers?: ProvisionedSip['iceServers'] | undefined } = {}): ProvisionedSip | string => {
    const envWs = env('CALLGATE_SIP_WS_URL');
    const wsUrl = envWs ?? policy.sipWsUrl ?? null;
    const problem = wsUrl === null ? null : sipWsUrlProblem(wsUrl, { development });
    if (problem) return `${envWs ? 'CALLGATE_SIP_WS_URL' : where}: ${problem}`;
    return { wsUrl, iceServers: policy.iceServers ?? [] };
  };
  const envUrl = env('CALLGATE_API_URL');
  if (envUrl) {
    const problem = apiUrlProblem(envUrl, { development });
    if (problem) return { ok: false, message: `CALLGATE_API_URL: ${problem}` };
    const sip = sipOf('CALLGATE_SIP_WS_URL');
    return typeof sip === 'string' ? { ok: false, message: sip } : { ok: true, connection: { apiUrl: new URL(envUrl).origin, source: 'development', policyFile: null, sip } };
  }
  for (const file of inputs.policyFiles) {
    const text = inputs.readFile(file);
    if (text === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { ok: false, message: `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
    }
    const policy = DeskPolicySchema.safeParse(json);
    if (!policy.success) return { ok: false, message: `${file}: ${policy.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
    const problem = apiUrlProblem(policy.data.apiUrl, { development });
    if (problem) return { ok: false, message: `${file}: ${problem}` };
    const sip = sipOf(file, policy.data);
    if (typeof sip === 'string') return { ok: false, message: sip };
    return { ok: true, connection: { apiUrl: new URL(policy.data.apiUrl).origin, source: 'policy', policyFile: file, sip } };
  }
  if (development) {
    const sip = sipOf('CALLGATE_SIP_WS_URL');
    return typeof sip === 'string' ? { ok: false, message: sip } : { ok: true, connection: { apiUrl: DEVELOPMENT_API_URL, source: 'development', policyFile: null, sip } };
  }
  return { ok: false, message: `no desk policy file: ask your administrator to install one at ${inputs.policyFiles.join(' or ')}` };
}

/**
 * Where an administrator's policy may be, per platform: system-wide first (writable by administrators
 * only), then the one installed with the app. Fixed paths: an environment variable (PROGRAMDATA...)
 * would let an agent's shell choose the folder.
 */
export function policyFileCandidates(platform: NodeJS.Platform, resourcesPath: string): string[] {
  const installed = join(resourcesPath, 'desk-policy.json');
  switch (platform) {
    case 'win32':
      return ['C:\\ProgramData\\Callgate\\desk-policy.json', installed];
    case 'darwin':
      return ['/Library/Application Support/Callgate/desk-policy.json', installed];
    default:
      return ['/etc/callgate/desk-policy.json', installed];
  }
}
