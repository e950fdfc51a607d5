import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCallSlice, type CallSlice } from './call-slice';
import type { DeskDeps } from './deps';
import { createLeadSlice, type LeadSlice } from './lead-slice';
import { nested } from './nested';
import { createOutboxSlice, type OutboxSlice } from './outbox-slice';
import { createPracticeSlice, type PracticeState } from './practice-slice';
import { createReviewSlice, type ReviewState } from './review-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';

/**
 * The app's one store, made of slices (zustand slices pattern); each slice file owns its part. The desk's
 * slices share the top level; the review and practice workspaces are slices under their own key (their
 * names would collide with the desk's), each with its own request generation, reset at sign-out.
 */
export type DeskState = SessionSlice &
  SettingsSlice &
  OutboxSlice &
  LeadSlice &
  CallSlice & {
    readonly review: ReviewState;
    readonly practice: PracticeState;
  };

export type DeskStore = StoreApi<DeskState>;

/** A fresh store over the given dependencies (one per app, one per test). */
export function createDeskStore(deps: DeskDeps): DeskStore {
  const store = createStore<DeskState>()((set, get, api) => {
    const review = nested<DeskState, 'review'>('review', set, get);
    const practice = nested<DeskState, 'practice'>('practice', set, get);
    return {
      ...createSessionSlice(deps)(set, get, api),
      ...createSettingsSlice(deps)(set, get, api),
      ...createOutboxSlice(set, get, api),
      ...createLeadSlice(deps)(set, get, api),
      ...createCallSlice(deps)(set, get, api),
      review: createReviewSlice({ bridge: deps.bridge, now: deps.now, ...(deps.reviewPageSize ? { pageSize: deps.reviewPageSize } : {}) })(...review),
      practice: createPracticeSlice(deps)(...practice),
    };
  });
  // An opt-out of this call: once the outbox delivered something, the lead card is reloaded so it shows
  // the server's verdict (the do-not-call list) instead of the desk's "opted out" note.
  store.subscribe((s, prev) => {
    if (s.call.optedOut && s.card && !s.card.onInternalDnc && s.outbox.lastDeliveredAt !== prev.outbox.lastDeliveredAt) void s.refreshLead();
  });
  return store;
}
