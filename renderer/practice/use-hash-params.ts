import { useEffect, useState } from 'react';

/** The query part of the URL hash (`#/practice?tab=trainees&trainee=u1`), kept in sync with hash changes. */
export function useHashParams(): [URLSearchParams, (change: Record<string, string | undefined>) => void] {
  const read = (): URLSearchParams => new URLSearchParams(/\?(.*)$/.exec(window.location.hash)?.[1] ?? '');
  const [params, setParams] = useState(read);
  useEffect(() => {
    const on = (): void => setParams(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const update = (change: Record<string, string | undefined>): void => {
    const next = read();
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    const base = window.location.hash.replace(/\?.*$/, '') || '#/practice';
    const q = next.toString();
    window.location.hash = `${base}${q ? `?${q}` : ''}`;
  };
  return [params, update];
}
