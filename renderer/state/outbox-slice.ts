import type { StateCreator } from 'zustand';
import type { OutboxStatus } from '../../shared/ipc/outbox';
import type { DeskState } from './store';

export interface OutboxSlice {
  /** Evidence not yet delivered to the central API (shown in the status bar). */
  outbox: OutboxStatus;
  setOutbox(status: OutboxStatus): void;
}

export const EMPTY_OUTBOX: OutboxStatus = { pending: 0, oldestPendingSince: null, rejected: 0, lastDeliveredAt: null, lastError: null };

export const createOutboxSlice: StateCreator<DeskState, [], [], OutboxSlice> = (set) => ({
  outbox: EMPTY_OUTBOX,
  setOutbox: (outbox) => set({ outbox }),
});
