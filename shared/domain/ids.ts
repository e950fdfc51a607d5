import { v7 } from 'uuid';

/** A new time-ordered id (UUIDv7) for events, calls and attempts. */
export function newId(): string {
  return v7();
}
