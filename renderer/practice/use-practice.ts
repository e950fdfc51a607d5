import { useCallback } from 'react';
import type { PracticeState } from '../state/practice-slice';
import { useDesk, useDeskStore } from '../desk/context';

/** Selects from the practice slice of the app store. */
export function usePractice<T>(selector: (s: PracticeState) => T): T {
  return useDesk((s) => selector(s.practice));
}

/** The practice slice as it is now, for event handlers (`practice().act(...)`). */
export function usePracticeNow(): () => PracticeState {
  const store = useDeskStore();
  return useCallback(() => store.getState().practice, [store]);
}
