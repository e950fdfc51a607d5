import type { StateCreator } from 'zustand';
import { EMPTY_OUTBOX_STATUS, type OutboxStatus } from '../../shared/ipc/outbox';
import type { CallQuality } from '../../shared/phone/call-quality';
import type { RegistrationSnapshot } from '../../shared/phone/registration-state';
import type { DeskState } from './store';

/** The desk's connections: undelivered evidence (the outbox) and the phone's registration. */
export interface OutboxSlice {
  /** Evidence not yet delivered to the central API (shown in the status bar). */
  outbox: OutboxStatus;
  /** The phone's registration; null when no phone is configured or signed in. */
  registration: RegistrationSnapshot | null;
  setOutbox(status: OutboxStatus): void;
  setRegistration(registration: RegistrationSnapshot | null): void;
  /** The last quality sample of the call in progress (getStats), or null. */
  quality: CallQuality | null;
  setQuality(quality: CallQuality | null): void;
}

export const createOutboxSlice: StateCreator<DeskState, [], [], OutboxSlice> = (set) => ({
  outbox: EMPTY_OUTBOX_STATUS,
  registration: null,
  setOutbox: (outbox) => set({ outbox }),
  setRegistration: (registration) => set({ registration }),
  quality: null,
  setQuality: (quality) => set({ quality }),
});
