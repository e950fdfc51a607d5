import { localTimeIn, type LocalTime } from '../domain/time-zone';
import { checkGateInput } from './gate-input';
import type { GateContext } from './gate-context';
import type { JurisdictionProfile } from './profiles';
import { checkAttempts } from './rules/attempts';
import { checkCallingWindow } from './rules/calling-window';
import { checkConsent } from './rules/consent';
import { checkInternalDnc } from './rules/internal-dnc';
import { checkNationalDnc } from './rules/national-dnc';
import { checkThirdParty } from './rules/third-party';
import type { GateInput, Verdict, VerdictReason } from './verdict';

/** The rules in the order their reasons are listed; each reads only the context. */
const RULES: readonly ((ctx: GateContext) => VerdictReason[])[] = [
  checkCallingWindow,
  checkConsent,
  checkThirdParty,
  checkNationalDnc,
  checkInternalDnc,
  checkAttempts,
];

/**
 * The pre-dial gate: may this lead be dialled now? A pure function (no clock, no I/O; `now` is input):
 * the same answer on the server (authoritative) and the desktop (to explain).
 *
 * Returns `allowed`, or EVERY reason it is not, each with its ../shared/COMPLIANCE.md rule id as `code`.
 * `profile` defaults to the campaign's built-in profile; a profile other than the campaign's is refused.
 * Malformed input never yields `allowed`: each problem is a `CG-INPUT` reason naming its JSON path, and
 * the other rules are not judged over data that failed validation. Throws only for a malformed profile.
 */
export function evaluateGate(input: GateInput, profile?: JurisdictionProfile): Verdict {
  const checked = checkGateInput(input, profile);
  if (!checked.ok) return { allowed: false, reasons: checked.reasons };

  const now = checked.input.now;
  const local = localTimeIn(now, checked.input.lead.timeZone);
  const ctx: GateContext = { input: checked.input, profile: checked.profile, nowMs: now.getTime(), local };
  const reasons = RULES.flatMap((rule) => rule(ctx));
  const localTime = formatLocal(local);
  return reasons.length === 0 ? { allowed: true, reasons: [], localTime } : { allowed: false, reasons, localTime };
}

function formatLocal(t: LocalTime): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}`;
}
