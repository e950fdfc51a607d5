/**
 * Freezes `value` and everything reachable from it (objects and arrays), so shared definitions (loaded
 * scripts and scenarios, the built-in profiles) cannot be changed by whoever holds them. For trees, not
 * for graphs with cycles.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
