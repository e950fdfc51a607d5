import type { StoreApi } from 'zustand/vanilla';

/** A slice's own `set`: a patch (or a function of the slice) merged into that slice only. */
export type SetPart<P> = (patch: Partial<P> | ((part: P) => Partial<P>)) => void;
export type GetPart<P> = () => P;

/**
 * `set`/`get` scoped to one key of the app store, so a workspace's slice (review, practice) keeps its own
 * names (`phase`, `saving`, `run`...) without colliding with the desk's, and reads like a small store.
 */
export function nested<S, K extends keyof S>(key: K, set: StoreApi<S>['setState'], get: () => S): [SetPart<S[K]>, GetPart<S[K]>] {
  const setPart: SetPart<S[K]> = (patch) =>
    set((s) => ({ [key]: { ...s[key], ...(typeof patch === 'function' ? patch(s[key]) : patch) } }) as unknown as Partial<S>);
  return [setPart, () => get()[key]];
}
