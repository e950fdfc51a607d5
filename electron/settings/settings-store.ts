import ElectronStore from 'electron-store';
import { DEFAULT_SETTINGS, PROVISIONED_SIP_KEYS, SettingsPatchSchema, SettingsSchema, type Settings } from '../../shared/ipc/settings';

/**
 * Settings on disk through electron-store, with a schema (checked on every read and write) and
 * migrations keyed by app version. A store that fails its schema after migration (hand-edited,
 * damaged) is reset to the defaults rather than half-trusted.
 */
export interface SettingsStore {
  get(): Settings;
  /** Validates the patch (errors name the field) and stores it; returns the new settings. */
  update(patch: unknown): Settings;
  readonly path: string;
}

type Raw = Record<string, unknown>;

/** Keys earlier versions stored that are no longer settings (dropped on read, keeping the rest). */
const RETIRED_KEYS: readonly string[] = [
  'apiUrl', // provisioned by the administrator's policy since issue 12 (electron/settings/connection.ts)
];

/**
 * SIP keys earlier versions stored: the SIP identity comes from the API's ephemeral credentials since
 * issue 10; the edge URL and ICE servers from the administrator's policy since decision 0015.
 */
const RETIRED_SIP_KEYS: readonly string[] = ['aor', 'authUser', ...PROVISIONED_SIP_KEYS];

/**
 * Migrations, oldest first. 0.1.0 is the first schema; later versions add steps here
 * (electron-store runs each step whose version is newer than the one the file was written by).
 */
export const SETTINGS_MIGRATIONS: Record<string, (store: { get(k: string): unknown; set(k: string, v: unknown): void; store: Raw }) => void> = {
  '0.1.0': (store) => {
    // Fill any section missing from a file written before the schema existed.
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) if (store.get(key) === undefined) store.set(key, value);
  },
};

export interface SettingsStoreOptions {
  /** Folder of the settings file (absolute); electron-store's default is the app's userData. */
  readonly cwd?: string;
  /** App version, for migrations (Electron supplies it; tests pass one). */
  readonly projectVersion?: string;
}

export function openSettingsStore(options: SettingsStoreOptions = {}): SettingsStore {
  const store = new ElectronStore<Raw>({
    name: 'settings',
    defaults: DEFAULT_SETTINGS as unknown as Raw,
    migrations: SETTINGS_MIGRATIONS as never,
    clearInvalidConfig: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.projectVersion ? { projectVersion: options.projectVersion } : {}),
  });

  // conf keeps its migration bookkeeping under `__internal__` in the same file.
  function write(settings: Settings): void {
    for (const [key, value] of Object.entries(settings)) store.set(key, value);
  }

  function read(): Settings {
    for (const key of RETIRED_KEYS) if (store.has(key)) store.delete(key);
    for (const key of RETIRED_SIP_KEYS) if (store.has(`sip.${key}`)) store.delete(`sip.${key}` as never);
    const { __internal__: _bookkeeping, ...data } = store.store;
    const parsed = SettingsSchema.safeParse(data);
    if (parsed.success) return parsed.data;
    for (const key of Object.keys(data)) if (!(key in DEFAULT_SETTINGS)) store.delete(key);
    write(DEFAULT_SETTINGS);
    return DEFAULT_SETTINGS;
  }

  return {
    path: store.path,
    get: read,
    update(patch) {
      const change = SettingsPatchSchema.parse(patch);
      const next = SettingsSchema.parse({ ...read(), ...change });
      write(next);
      return next;
    },
  };
}
