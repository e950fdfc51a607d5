import type { ProvisionTerms } from '../domain/campaign';
import type { ConsentGrant, ConsentKind } from '../domain/consent-grant';
import { addDuration, type Duration } from './duration';
import { ms, type GateContext } from './gate-context';
import type { JurisdictionProfile } from './profiles';

/**
 * Whether the person's grants give consent of one kind to one company at `now`:
 * - `valid`: a grant names the company, is granted by now, is not withdrawn or superseded by a later
 *   withdrawal, is within `maxAge` of its grant or last re-confirmation, and was given under `terms`
 *   (the same version, purpose, items and retention);
 * - `not-reconfirmed`: the only such grants are older than `maxAge` without re-confirmation (KR-RECONF);
 * - `terms-changed`: the only such grants were given under other provision terms (KR-3P);
 * - `withdrawn`: the person withdrew it, or said no to it in a call (a withdrawal or a refusal naming the
 *   company voids every earlier grant to that company; a refusal is never a consent, decision 0054);
 * - `other-company`: grants of this kind exist but none names the company (exact id, no "partners");
 * - `missing`: no grant of this kind at all.
 */
export type ConsentStatus = 'valid' | 'not-reconfirmed' | 'terms-changed' | 'withdrawn' | 'other-company' | 'missing';

/** What a rule asks of the grants: a kind, the company it must name, and optional age and terms limits. */
export interface ConsentRequirement {
  readonly kind: ConsentKind;
  readonly companyId: string;
  readonly maxAge?: Duration | undefined;
  /** The provision terms in force; a grant given under other terms (any field) does not count (KR-3P). */
  readonly terms?: ProvisionTerms | undefined;
}

/** Which of the terms' fields a grant differs in (empty: given under exactly these terms). Items compare as a set. */
export function termsDifferences(g: Pick<ConsentGrant, 'termsVersion' | 'purpose' | 'items' | 'retention'>, terms: ProvisionTerms): string[] {
  const changed: string[] = [];
  if (g.termsVersion !== terms.version) changed.push('version');
  if (g.purpose !== terms.purpose) changed.push('purpose');
  const items = new Set(g.items);
  if (items.size !== new Set(terms.items).size || !terms.items.every((i) => items.has(i))) changed.push('items');
  if (g.retention !== terms.retention) changed.push('retention');
  return changed;
}

/** The {@link ConsentStatus} of one requirement at the context's `now`. */
export function consentStatus(ctx: GateContext, req: ConsentRequirement): ConsentStatus {
  const { nowMs } = ctx;
  const ofKind = ctx.input.grants.filter((g) => g.kind === req.kind && ms(g.grantedAt) <= nowMs);
  // A refusal (even one stamped later than now, like a withdrawal) counts against the company it names.
  const refusals = ctx.input.refusals.filter((r) => r.kind === req.kind && r.recipients.includes(req.companyId));
  if (ofKind.length === 0 && refusals.length === 0) return 'missing';
  const naming = ofKind.filter((g) => g.recipients.includes(req.companyId));
  if (naming.length === 0 && refusals.length === 0) return 'other-company';

  // A withdrawal or a refusal (even one stamped later than now: we do not second-guess it) ends every grant given before it.
  let lastWithdrawal = Number.NEGATIVE_INFINITY;
  for (const g of naming) if (g.withdrawnAt !== undefined) lastWithdrawal = Math.max(lastWithdrawal, ms(g.withdrawnAt));
  for (const r of refusals) lastWithdrawal = Math.max(lastWithdrawal, ms(r.refusedAt));
  const effective = naming.filter((g) => g.withdrawnAt === undefined && ms(g.grantedAt) > lastWithdrawal);
  if (effective.length === 0) return 'withdrawn';

  const maxAge = req.maxAge;
  const fresh = maxAge === undefined ? effective : effective.filter((g) => !isReconfirmationOverdue(reconfirmationDueMs(g, maxAge, nowMs), nowMs));
  if (fresh.length === 0) return 'not-reconfirmed';
  const terms = req.terms;
  if (terms !== undefined && !fresh.some((g) => termsDifferences(g, terms).length === 0)) return 'terms-changed';
  return 'valid';
}

/**
 * KR-RECONF, the one definition of "due": a grant must be re-confirmed `maxAge` after it was given or last
 * re-confirmed (months on the calendar: given 2024-02-29, due 2026-02-28). `nowMs` discards
 * re-confirmations stamped in the future. The gate and the server's due list both use this.
 */
export function reconfirmationDueMs(g: Pick<ConsentGrant, 'grantedAt' | 'reconfirmedAt'>, maxAge: Duration, nowMs: number): number {
  return addDuration(confirmedAt(g, nowMs), maxAge);
}

/** Overdue strictly after the due instant: at the due instant itself the consent still counts. */
export function isReconfirmationOverdue(dueMs: number, nowMs: number): boolean {
  return nowMs > dueMs;
}

/**
 * When a grant falls due for re-confirmation under `profile` (ISO instant), or undefined when the profile
 * does not age grants of its kind (KR ages marketing and night-call consents; US, UK, DE none).
 */
export function reconfirmationDueAt(
  g: Pick<ConsentGrant, 'kind' | 'grantedAt' | 'reconfirmedAt'>,
  profile: Pick<JurisdictionProfile, 'reconfirmation'>,
  now: Date,
): string | undefined {
  const r = profile.reconfirmation;
  if (r === undefined || !r.kinds.includes(g.kind)) return undefined;
  return new Date(reconfirmationDueMs(g, r.maxAge, now.getTime())).toISOString();
}

/** The latest of grant and re-confirmation (a re-confirmation stamped after now does not count). */
function confirmedAt(g: { grantedAt: string; reconfirmedAt?: string | undefined }, nowMs: number): number {
  const granted = ms(g.grantedAt);
  if (g.reconfirmedAt === undefined) return granted;
  const re = ms(g.reconfirmedAt);
  return re <= nowMs ? Math.max(granted, re) : granted;
}

/** The re-confirmation age limit for a kind under the profile (KR-RECONF), if any. */
export function maxAgeFor(ctx: GateContext, kind: ConsentKind): Duration | undefined {
  const r = ctx.profile.reconfirmation;
  return r !== undefined && r.kinds.includes(kind) ? r.maxAge : undefined;
}
