import type { StateCreator } from 'zustand';
import type { Locale } from '../../shared/domain/locale';
import type { Connection } from '../../shared/ipc/connection';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/ipc/settings';
import { unwrap } from '../bridge';
import type { DeskDeps } from './deps';
import type { DeskState } from './store';

export interface SettingsSlice {
  settings: Settings;
  /** Where the desk connects (provisioned by the administrator; shown, never edited). */
  connection: Connection | null;
  loadSettings(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  /** Takes settings the main process has just stored (after the settings form saved them). */
  applySettings(settings: Settings): void;
}

export const createSettingsSlice =
  (deps: DeskDeps): StateCreator<DeskState, [], [], SettingsSlice> =>
  (set) => ({
    settings: DEFAULT_SETTINGS,
    connection: null,
    async loadSettings() {
      const [settings, connection] = await Promise.all([unwrap(deps.bridge.settings.get(undefined)), unwrap(deps.bridge.connection.get(undefined))]);
      set({ settings, connection });
    },
    async setLocale(locale) {
      set({ settings: await unwrap(deps.bridge.settings.update({ locale })) });
    },
    applySettings(settings) {
      set({ settings });
    },
  });
