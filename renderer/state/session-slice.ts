import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { IPC_CHANNELS } from '../../shared/ipc/channels';
import { unwrap } from '../bridge';
import { toUiError, type UiError } from '../errors';
import type { DeskDeps } from './deps';
import type { DeskState } from './store';

export type Session = z.output<(typeof IPC_CHANNELS)['session:login']['response']>;

export interface SessionSlice {
  session: Session | null;
  /** True until the stored session (if any) was checked at start. */
  restoring: boolean;
  loggingIn: boolean;
  loginError: UiError | null;
  restoreSession(): Promise<void>;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  sessionExpired(): void;
}

export const createSessionSlice =
  (deps: DeskDeps): StateCreator<DeskState, [], [], SessionSlice> =>
  (set, get) => {
    /** Nothing of the last user's review or practice may show (or land later) for the next one. */
    const forgetWorkspaces = (): void => {
      get().review.reset();
      get().practice.reset();
    };
    return {
      session: null,
      restoring: true,
      loggingIn: false,
      loginError: null,
      async restoreSession() {
        try {
          const session = await unwrap(deps.bridge.session.current(undefined));
          set({ session, restoring: false });
          if (session) await get().loadCampaigns();
        } catch {
          set({ session: null, restoring: false });
        }
      },
      async login(username, password) {
        set({ loggingIn: true, loginError: null });
        try {
          const session = await unwrap(deps.bridge.session.login({ username, password }));
          set({ session, loggingIn: false });
          await get().loadCampaigns();
        } catch (err) {
          set({ loggingIn: false, loginError: toUiError(err) });
        }
      },
      async logout() {
        await unwrap(deps.bridge.session.logout(undefined));
        get().resetDesk();
        forgetWorkspaces();
        set({ session: null });
      },
      sessionExpired() {
        forgetWorkspaces();
        set({ session: null, loginError: null });
      },
    };
  };
