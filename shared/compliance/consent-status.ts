import type { ConsentKind } from '../domain/consent-grant';
import { addDuration, type Duration } from './duration';
import { ms, type GateContext } from './gate-context';

/**
 * Whether the person's grants give consent of one kind to one company at `now`:
 * - `valid`: a grant names the company, is granted by now, is not withdrawn or superseded by a later
 *   withdrawal, is within `maxAge` of its grant or last re-confirmation, and matches `termsVersion`;
 * - `not-reconfirmed`: the only such grants are older than `maxAge` without re-confirmation (KR-RECONF);
 * - `terms-changed`: the only such grants were given under other provision terms (KR-3P);
 * - `withdrawn`: the person withdrew it (a withdrawal also voids every earlier grant to that company);
 * - `other-company`: grants of this kind exist but none names the company (exact id, no "partners");
 * - `missing`: no grant of this kind at all.
 */
export type ConsentStatus = 'valid' | 'not-reconfirmed' | 'terms-changed' | 'withdrawn' | 'other-company' | 'missing';

/** What a rule asks of the grants: a kind, the company it must name, and optional age and terms limits. */
export interface ConsentRequirement {
  readonly kind: ConsentKind;
  readonly companyId: string;
  readonly maxAge?: Duration | undefined;
  readonly termsVersion?: string | undefined;
}

/** The {@link ConsentStatus} of one requirement at the context's `now`. */
export function consentStatus(ctx: GateContext, req: ConsentRequirement): ConsentStatus {
  const { nowMs } = ctx;
  const ofKind = ctx.input.grants.filter((g) => g.kind === req.kind && ms(g.grantedAt) <= nowMs);
  if (ofKind.length === 0) return 'missing';
  const naming = ofKind.filter((g) => g.recipients.includes(req.companyId));
  if (naming.length === 0) return 'other-company';

  // A withdrawal (even one stamped later than now: we do not second-guess it) ends every grant given before it.
  let lastWithdrawal = Number.NEGATIVE_INFINITY;
  for (const g of naming) if (g.withdrawnAt !== undefined) lastWithdrawal = Math.max(lastWithdrawal, ms(g.withdrawnAt));
  const effective = naming.filter((g) => g.withdrawnAt === undefined && ms(g.grantedAt) > lastWithdrawal);
  if (effective.length === 0) return 'withdrawn';

  const maxAge = req.maxAge;
  const fresh = maxAge === undefined ? effective : effective.filter((g) => nowMs <= addDuration(confirmedAt(g, nowMs), maxAge));
  if (fresh.length === 0) return 'not-reconfirmed';
  if (req.termsVersion !== undefined && !fresh.some((g) => g.termsVersion === req.termsVersion)) return 'terms-changed';
  return 'valid';
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
