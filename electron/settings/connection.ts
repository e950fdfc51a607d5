import { join } from 'node:path';
import { DeskPolicySchema, type Connection } from '../../shared/ipc/connection';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why `url` may not be the desk's API, or null when it may: an origin (no path, query, fragment or
 * credentials) over https; plain http only to this machine (localhost, 127.0.0.1, ::1) and only in a
 * development build. The bearer token and every consent event go there.
 */
export function apiUrlProblem(url: string, build: { readonly development: boolean }): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (u.username || u.password) return 'the API URL must not carry credentials';
  if (u.pathname !== '/' || u.search || u.hash) return `the API URL must be an origin only, e.g. ${u.protocol}//${u.host}`;
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && build.development && LOOPBACK.has(u.hostname)) return null;
  if (u.protocol === 'http:') return build.development ? 'plain http is allowed only to this machine (localhost)' : 'the API URL must use https';
  return `the API URL must use https, not ${u.protocol.replace(':', '')}`;
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
 * Where the desk's API is. Packaged builds: the first policy file that exists, nothing else (no
 * environment override: an agent could otherwise point the desk, its token and its evidence anywhere).
 * Development builds: `CALLGATE_API_URL`, else the first policy file, else the local API of `npm start`.
 * A bad value is an error naming the file and the rule, never a silent fallback.
 */
export function resolveConnection(inputs: ConnectionInputs): ConnectionResult {
  const development = !inputs.packaged;
  const envUrl = inputs.env['CALLGATE_API_URL'];
  if (development && envUrl) {
    const problem = apiUrlProblem(envUrl, { development });
    return problem ? { ok: false, message: `CALLGATE_API_URL: ${problem}` } : { ok: true, connection: { apiUrl: new URL(envUrl).origin, source: 'development', policyFile: null } };
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
    return { ok: true, connection: { apiUrl: new URL(policy.data.apiUrl).origin, source: 'policy', policyFile: file } };
  }
  if (development) return { ok: true, connection: { apiUrl: DEVELOPMENT_API_URL, source: 'development', policyFile: null } };
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
