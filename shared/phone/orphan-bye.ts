/**
 * What the phone does with the answer to a BYE it sends for a dialog dropped during an outage (an
 * "orphan": the far end may still have the call). One definition, used by the sip.js adapter
 * (renderer/phone/orphans.ts) and its tests.
 *
 * ```
 *  final answer to the BYE             verdict      what happens
 *  2xx                                 delivered    the far end ended the call: done
 *  481                                 gone         the far end no longer has the call: done
 *  none (no answer in time, transport  retry        sent again after a backoff (and after the next
 *  error), 408, 5xx                                 re-registration), at most ORPHAN_MAX_BYES BYEs,
 *                                                   then given up (logged)
 *  any other 3xx-6xx                   refused      a proxy refused it; sending it again would not
 *                                                   help: given up at once (logged)
 * ```
 */
export type OrphanByeVerdict = 'delivered' | 'gone' | 'retry' | 'refused';

/** BYEs sent for one orphan at most; after that the phone gives up (and logs it). */
export const ORPHAN_MAX_BYES = 5;
/** The wait before the second BYE; it doubles for each further one (1, 2, 4, 8 s). */
export const ORPHAN_RETRY_BASE_MS = 1_000;

export function orphanByeVerdict(sipStatus: number | null): OrphanByeVerdict {
  if (sipStatus === null || sipStatus === 408 || (sipStatus >= 500 && sipStatus < 600)) return 'retry';
  if (sipStatus >= 200 && sipStatus < 300) return 'delivered';
  if (sipStatus === 481) return 'gone';
  return 'refused';
}

/** The wait after the `byesSent`-th BYE got a retryable answer. */
export function orphanRetryDelayMs(byesSent: number): number {
  return ORPHAN_RETRY_BASE_MS * 2 ** Math.max(0, byesSent - 1);
}
