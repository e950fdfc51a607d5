/**
 * The desk window's security policy (Electron security checklist), as pure functions so each rule is
 * unit-tested without Electron: the app's own origin, the CSP, what may be navigated to, opened
 * externally, or granted as a permission.
 */

/** The renderer is served from this privileged, secure custom scheme (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Links the agent may open in the system browser: the project's help pages only. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['https://callgate.dev/'];

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** In-window navigation: never (the desk is a single page; reloads of our own page only). */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/** `shell.openExternal` only for https URLs under an allow-listed prefix. */
export function mayOpenExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_ALLOW_LIST.some((prefix) => u.href.startsWith(prefix));
  } catch {
    return false;
  }
}

/** What a permission request carries that matters here. */
export interface PermissionAsk {
  readonly permission: string;
  readonly requestingUrl: string;
  /** For `media`: which kinds (audio, video). */
  readonly mediaTypes?: readonly string[];
}

/**
 * Only the microphone (and the choice of speaker), only for the app's own origin. Video, notifications,
 * geolocation...: no. Used for permission requests and checks alike (a check names one media type;
 * `unknown` is not audio).
 */
export function mayGrantPermission(ask: PermissionAsk): boolean {
  if (!isAppUrl(ask.requestingUrl)) return false;
  if (ask.permission === 'media') return (ask.mediaTypes ?? []).length > 0 && (ask.mediaTypes ?? []).every((t) => t === 'audio');
  // Choosing the speaker (setSinkId) asks for this one.
  return ask.permission === 'speaker-selection';
}

/**
 * The Content-Security-Policy of the desk. Scripts and styles only from the app itself; network only to
 * the SIP server's WebSocket (the central API is reached through the main process, not from the page;
 * only the recording player's media element may read the API's audio links, which carry their own grant).
 */
export function contentSecurityPolicy(sipWsUrl: string, apiUrl = ''): string {
  let apiOrigin = '';
  try {
    if (apiUrl) {
      const u = new URL(apiUrl);
      if (u.protocol === 'https:' || u.protocol === 'http:') apiOrigin = ` ${u.protocol}//${u.host}`;
    }
  } catch {
    apiOrigin = '';
  }
  let sipOrigin = '';
  try {
    if (sipWsUrl) {
      const u = new URL(sipWsUrl);
      if (u.protocol === 'ws:' || u.protocol === 'wss:') sipOrigin = ` ${u.protocol}//${u.host}`;
    }
  } catch {
    sipOrigin = '';
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The recording player reads a short-lived playback link on the API (ranges); nothing else there.
    `media-src 'self' blob: mediastream:${apiOrigin}`,
    `connect-src 'self'${sipOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** webPreferences of the desk window: isolated, sandboxed, no Node; DevTools only in development builds. */
export function secureWebPreferences(preloadPath: string, build: { readonly development: boolean }): Record<string, unknown> {
  return {
    preload: preloadPath,
    devTools: build.development,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    webviewTag: false,
  };
}
