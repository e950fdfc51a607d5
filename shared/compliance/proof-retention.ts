import type { ProfileId } from '../domain/campaign';
import { addDuration, type Duration } from './duration';

/**
 * How long the proof of a consent is kept, per profile: DE-7A (UWG 7a) 5 years from the grant and from
 * each use of it; US-RETAIN (TSR 2024) 5 years for consent copies as presented. A "use" is a dial the
 * consent allowed. KR keeps consent evidence for as long as the consent lasts plus its own rules (not a
 * fixed period here).
 */
export const PROOF_RETENTION: Readonly<Partial<Record<ProfileId, { readonly ruleId: 'DE-7A' | 'US-RETAIN'; readonly keep: Duration }>>> = Object.freeze({
  DE: { ruleId: 'DE-7A', keep: { months: 60 } },
  US: { ruleId: 'US-RETAIN', keep: { months: 60 } },
});

/** The instant until which a consent's proof must be kept: `keep` after the later of its grant and its last use. */
export function proofKeepUntil(grantedAt: string, uses: readonly string[], keep: Duration): string {
  const last = uses.reduce((m, u) => Math.max(m, Date.parse(u)), Date.parse(grantedAt));
  return new Date(addDuration(last, keep)).toISOString();
}
