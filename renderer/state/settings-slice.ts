import type { StateCreator } from 'zustand';
import type { Locale } from '../../shared/domain/locale';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/ipc/settings';
import { unwrap } from '../bridge';
import type { DeskDeps } from './deps';
import type { DeskState } from './store';

export interface SettingsSlice {
  settings: Settings;
  loadSettings(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  /** Takes settings the main process has just stored (after the settings form saved them). */
  applySettings(settings: Settings): void;
}

export const createSettingsSlice =
  (deps: DeskDeps): StateCreator<DeskState, [], [], SettingsSlice> =>
  (set) => ({
    settings: DEFAULT_SETTINGS,
    async loadSettings() {
      set({ settings: await unwrap(deps.bridge.settings.get(undefined)) });
    },
    async setLocale(locale) {
      set({ settings: await unwrap(deps.bridge.settings.update({ locale })) });
    },
    applySettings(settings) {
      set({ settings });
    },
  });
