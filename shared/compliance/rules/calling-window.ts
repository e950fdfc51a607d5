import { consentStatus, maxAgeFor } from '../consent-status';
import type { GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-NIGHT / US-HOURS: the callee's local time must be in [from, until). Boundaries are to the second:
 * with 08:00-21:00, 20:59:59 is inside and 21:00:00 outside; 07:59:59 outside and 08:00:00 inside.
 * KR lifts the window with a valid separate night-call consent; a stale one also reports KR-RECONF.
 */
export function checkCallingWindow(ctx: GateContext): VerdictReason[] {
  const w = ctx.profile.callingWindow;
  const { hour, minute, second } = ctx.local;
  const now = hour * 3600 + minute * 60 + second;
  if (now >= secondsOf(w.from) && now < secondsOf(w.until)) return [];

  const reasons: VerdictReason[] = [];
  if (w.exemptingConsent !== undefined) {
    const kind = w.exemptingConsent;
    const status = consentStatus(ctx, { kind, companyId: ctx.input.campaign.callingCompanyId, maxAge: maxAgeFor(ctx, kind) });
    if (status === 'valid') return [];
    const maxAge = maxAgeFor(ctx, kind);
    if (status === 'not-reconfirmed' && maxAge !== undefined) reasons.push(reason('KR-RECONF', 'overdue', { kind, maxAge }));
  }
  const params = { localTime: `${pad(hour)}:${pad(minute)}`, from: w.from, until: w.until };
  const main = w.ruleId === 'KR-NIGHT' ? reason('KR-NIGHT', 'outside-window', params) : reason('US-HOURS', 'outside-window', params);
  return [main, ...reasons];
}

function secondsOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
