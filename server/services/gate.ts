import type { VerdictDto } from '../../shared/api/common';
import type { Verdict } from '../../shared/compliance/verdict';
import type { Campaign } from '../../shared/domain/campaign';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import type { Lead } from '../../shared/domain/lead';
import type { AppContext } from '../context';
import { attemptHistory } from '../store/dial-attempts';
import { isOnInternalDnc } from '../store/internal-dnc';
import { grantsOf } from '../store/leads';
import type { Sql } from '../store/sql';

export interface GateRun {
  readonly verdict: Verdict;
  readonly grants: ConsentGrant[];
  readonly onInternalDnc: boolean;
}

/**
 * Gathers what the pre-dial gate reads (grants, internal and national DNC, attempt history) and runs it
 * at `now`. The server's verdict is the authoritative one.
 */
export async function runGate(ctx: AppContext, sql: Sql, lead: Lead, campaign: Campaign, now: Date): Promise<GateRun> {
  const grants = await grantsOf(sql, lead.id);
  const listed = await isOnInternalDnc(sql, lead.phoneE164);
  const attempts = await attemptHistory(sql, lead.id);
  const verdict = ctx.gate({
    lead,
    grants,
    campaign,
    nationalDnc: ctx.nationalDnc.get(campaign.profile),
    internalDnc: { has: (n: string) => listed && n === lead.phoneE164 },
    attempts,
    now,
  });
  return { verdict, grants, onInternalDnc: listed };
}

/** The verdict as plain JSON for a response. */
export function verdictDto(v: Verdict): VerdictDto {
  return {
    allowed: v.allowed,
    reasons: v.reasons.map((r) => ({
      code: r.code,
      detail: r.detail,
      message: { ko: r.message.ko, en: r.message.en },
      ...(r.path !== undefined ? { path: r.path } : {}),
    })),
    ...(v.localTime !== undefined ? { localTime: v.localTime } : {}),
  };
}
