import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SipPort } from '../../shared/phone/sip-port';
import type { DeskState, DeskStore } from '../state/store';

export interface DeskContextValue {
  readonly store: DeskStore;
  readonly phone: () => SipPort | null;
}

export const DeskContext = createContext<DeskContextValue | null>(null);

function useDeskContext(): DeskContextValue {
  const ctx = useContext(DeskContext);
  if (!ctx) throw new Error('DeskContext is missing');
  return ctx;
}

/** Selects from the desk store (thin connected components; presentational ones take props). */
export function useDesk<T>(selector: (s: DeskState) => T): T {
  return useStore(useDeskContext().store, selector);
}

export function useDeskStore(): DeskStore {
  return useDeskContext().store;
}

/** The current phone (null when none is configured or signed in). */
export function useDeskPhone(): () => SipPort | null {
  return useDeskContext().phone;
}
