import type { Campaign } from '../domain/campaign';
import type { ConsentRefusal } from '../domain/consent-refusal';
import type { ConsentGrant } from '../domain/consent-grant';
import type { Lead } from '../domain/lead';
import type { LocalizedText } from '../domain/locale';

/**
 * The contract of the pre-dial gate (DESIGN.md "Pre-dial verdict"). The same pure function runs on the
 * server (authoritative, at dial-authorization time) and on the desktop (to explain).
 */

/** One reason a dial is refused: `code` is a rule id of ../shared/COMPLIANCE.md (e.g. `KR-NIGHT`). */
export interface VerdictReason {
  readonly code: string;
  /** Finer detail for review and tests (e.g. `expired`, `recipient-missing`, `snapshot-stale`). */
  readonly detail: string;
  readonly message: LocalizedText;
  /** For `CG-INPUT`: the JSON path of the bad input (e.g. `lead.timeZone`, `grants[0].grantedAt`). */
  readonly path?: string;
}

/**
 * `allowed`, or every reason it is not. `localTime` is the callee's wall-clock time the gate judged,
 * `YYYY-MM-DDTHH:MM:SS` in the lead's time zone (absent when the input was too broken to compute it).
 */
export type Verdict =
  | { readonly allowed: true; readonly reasons: readonly []; readonly localTime: string }
  | { readonly allowed: false; readonly reasons: readonly VerdictReason[]; readonly localTime?: string };

/** A do-not-call source: the national registry snapshot or the company's own list. */
export interface DncLookup {
  has(e164: string): boolean;
  /** When the registry snapshot was taken (ISO instant); the company's own list has none. */
  readonly snapshotTakenAt?: string;
}

/** One earlier dial attempt of this lead (CG-ATTEMPTS). */
export interface AttemptRecord {
  readonly leadId: string;
  readonly campaignId: string;
  readonly at: string;
}

/** Everything the gate looks at; nothing else (no clock, no I/O inside). */
export interface GateInput {
  readonly lead: Lead;
  readonly grants: readonly ConsentGrant[];
  /** The person's refusals in calls (decision 0054); none when absent. */
  readonly refusals?: readonly ConsentRefusal[];
  readonly campaign: Campaign;
  /** The calling company's id is `campaign.callingCompanyId`. */
  readonly nationalDnc: DncLookup | undefined;
  readonly internalDnc: DncLookup;
  readonly attempts: readonly AttemptRecord[];
  readonly now: Date;
}
