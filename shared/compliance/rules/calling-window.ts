import { localTimeIn, type LocalTime } from '../../domain/time-zone';
import { consentStatus, maxAgeFor } from '../consent-status';
import type { GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-NIGHT / US-HOURS: the callee's local time must be in [from, until). Boundaries are to the second:
 * with 08:00-21:00, 20:59:59 is inside and 21:00:00 outside; 07:59:59 outside and 08:00:00 inside.
 * When the number may be in several zones (`lead.candidateTimeZones`), the window must hold in every one
 * of them: the most restrictive window of the candidates. KR lifts the window with a valid separate
 * night-call consent; a stale one also reports KR-RECONF.
 */
export function checkCallingWindow(ctx: GateContext): VerdictReason[] {
  const w = ctx.profile.callingWindow;
  if (w === undefined) return [];
  const outside = firstZoneOutside(ctx, secondsOf(w.from), secondsOf(w.until));
  if (outside === undefined) return [];

  const reasons: VerdictReason[] = [];
  if (w.exemptingConsent !== undefined) {
    const kind = w.exemptingConsent;
    const maxAge = maxAgeFor(ctx, kind);
    const status = consentStatus(ctx, { kind, companyId: ctx.input.campaign.callingCompanyId, maxAge });
    if (status === 'valid') return [];
    if (status === 'not-reconfirmed' && maxAge !== undefined) reasons.push(reason('KR-RECONF', 'overdue', { kind, maxAge }));
  }
  const { local, zone } = outside;
  const params = { localTime: `${pad(local.hour)}:${pad(local.minute)}`, from: w.from, until: w.until, candidateZone: zone };
  const main = w.ruleId === 'KR-NIGHT' ? reason('KR-NIGHT', 'outside-window', params) : reason('US-HOURS', 'outside-window', params);
  return [main, ...reasons];
}

/** The lead's zone if its local time is outside, else the first candidate zone that is (named). */
function firstZoneOutside(ctx: GateContext, from: number, until: number): { local: LocalTime; zone: string | undefined } | undefined {
  const inside = (t: LocalTime) => {
    const s = t.hour * 3600 + t.minute * 60 + t.second;
    return s >= from && s < until;
  };
  if (!inside(ctx.local)) return { local: ctx.local, zone: undefined };
  const lead = ctx.input.lead;
  for (const zone of lead.candidateTimeZones ?? []) {
    if (zone === lead.timeZone) continue;
    const local = localTimeIn(new Date(ctx.nowMs), zone);
    if (!inside(local)) return { local, zone };
  }
  return undefined;
}

function secondsOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
