import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCallSlice, type CallSlice } from './call-slice';
import type { DeskDeps } from './deps';
import { createLeadSlice, type LeadSlice } from './lead-slice';
import { createOutboxSlice, type OutboxSlice } from './outbox-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';

/** The desk's one store, made of slices (zustand slices pattern); each slice file owns its part. */
export type DeskState = SessionSlice & SettingsSlice & OutboxSlice & LeadSlice & CallSlice;

export type DeskStore = StoreApi<DeskState>;

/** A fresh store over the given dependencies (one per app, one per test). */
export function createDeskStore(deps: DeskDeps): DeskStore {
  return createStore<DeskState>()((...a) => ({
    ...createSessionSlice(deps)(...a),
    ...createSettingsSlice(deps)(...a),
    ...createOutboxSlice(...a),
    ...createLeadSlice(deps)(...a),
    ...createCallSlice(deps)(...a),
  }));
}
