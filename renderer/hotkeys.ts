import { useEffect, useRef } from 'react';

/**
 * Keyboard-first desk: one key per action, on the whole window. Keys typed into a text field are left
 * alone, and a key with Ctrl/Alt/Meta never triggers an action.
 */
export function useHotkeys(bindings: Readonly<Record<string, (() => void) | undefined>>): void {
  const ref = useRef(bindings);
  ref.current = bindings;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (typing && e.key !== 'Escape') return;
      // Enter on a focused button is the button's own click.
      if (e.key === 'Enter' && target?.tagName === 'BUTTON') return;
      const action = ref.current[e.key] ?? ref.current[e.key.toLowerCase()];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
