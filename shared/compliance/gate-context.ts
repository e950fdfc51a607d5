import type { LocalTime } from '../domain/time-zone';
import type { ParsedGateInput } from './gate-input';
import type { JurisdictionProfile } from './profiles';

/** What every rule reads: the validated input, the profile, and values computed once per evaluation. */
export interface GateContext {
  readonly input: ParsedGateInput;
  readonly profile: JurisdictionProfile;
  readonly nowMs: number;
  /** The callee's wall-clock time at `now` in the lead's time zone (via Intl). */
  readonly local: LocalTime;
}

/** An instant of already-validated input (zod checked the ISO format) as epoch milliseconds. */
export function ms(iso: string): number {
  return Date.parse(iso);
}
