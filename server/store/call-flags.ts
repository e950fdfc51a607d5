import type { CallFlag } from '../../shared/api/calls';

/**
 * The column behind each review flag of a call (`calls.flag_*`, and the same column in `review_rollup`
 * counting the calls so flagged). The one list of flags on the server: the call DTO, the review
 * filters and the rollups are derived from it.
 */
export const FLAG_COLUMNS: Readonly<Record<CallFlag, string>> = {
  opt_out: 'flag_opt_out',
  late_events: 'flag_late_events',
  pitch_without_consent: 'flag_pitch_without_consent',
  consent_refused: 'flag_consent_refused',
  /** The server's replay refused an event of the call (issue 11); review lists them. */
  refused_events: 'flag_refused_events',
  edge_mismatch: 'flag_edge_mismatch',
  /** The desk reported dead air (its claim: `dead_air_ms`). */
  dead_air: 'flag_dead_air',
};
