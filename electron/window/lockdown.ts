import type { MenuItemConstructorOptions } from 'electron';

/**
 * Production lock-down, as pure functions so each rule is unit-tested without Electron: a packaged desk
 * opens no debugger, no DevTools protocol and no DevTools (an agent with DevTools could drive the desk
 * by hand; DESIGN.md "Trust boundary"). Development builds keep them.
 */

/** Switches that open a debugger, the DevTools protocol, or pass flags straight to V8. */
const DEBUG_SWITCHES = [
  '--remote-debugging-port',
  '--remote-debugging-pipe',
  '--remote-debugging-address',
  '--remote-allow-origins',
  '--inspect',
  '--inspect-brk',
  '--inspect-port',
  '--inspect-publish-uid',
  '--debug',
  '--debug-brk',
  '--js-flags',
] as const;

/** What in NODE_OPTIONS opens a debugger or loads code before the app. */
const NODE_OPTIONS_REFUSED = /(^|\s)(--inspect|--debug|--require|-r|--import|--loader|--experimental-loader)(\b|=|\s|$)/;

/**
 * Why a packaged desk refuses to start with these arguments and this environment, or null. Checked
 * before anything else runs (the fuses of electron-builder.yml already disable the Node switches,
 * NODE_OPTIONS and NODE_EXTRA_CA_CERTS; the DevTools-protocol switches have no fuse, and this also names
 * the cause instead of ignoring it silently).
 */
export function debugAccessRefusal(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string | null {
  for (const arg of argv) {
    const name = arg.split('=', 1)[0] ?? '';
    if ((DEBUG_SWITCHES as readonly string[]).includes(name)) return `the desk does not start with ${name} (debugging is off in production builds)`;
  }
  if (env['ELECTRON_RUN_AS_NODE']) return 'the desk does not start with ELECTRON_RUN_AS_NODE set';
  const nodeOptions = env['NODE_OPTIONS'] ?? '';
  if (NODE_OPTIONS_REFUSED.test(nodeOptions)) return 'the desk does not start with a debugger or preloaded code in NODE_OPTIONS';
  return null;
}

/**
 * The application menu: editing, zoom, full screen and window items; in development builds also
 * reload and DevTools. No "Toggle Developer Tools" or "Reload" in a packaged desk (a reload mid-call
 * would drop the call's screen).
 */
export function appMenuTemplate(build: { readonly development: boolean; readonly platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const mac = build.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (build.development) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: 'View', submenu: view },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }] : [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
