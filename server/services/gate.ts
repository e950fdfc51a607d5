import type { VerdictDto } from '../../shared/api/common';
import type { Verdict } from '../../shared/compliance/verdict';
import type { Campaign } from '../../shared/domain/campaign';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import type { ConsentRefusal } from '../../shared/domain/consent-refusal';
import type { Lead } from '../../shared/domain/lead';
import type { AppContext } from '../context';
import { attemptHistory } from '../store/dial-attempts';
import { isOnInternalDnc } from '../store/internal-dnc';
import { consentRecordsOf } from '../store/consent-refusals';
import type { Sql } from '../store/sql';

export interface GateRun {
  readonly verdict: Verdict;
  readonly grants: ConsentGrant[];
  /** The person's refusals in calls (old-form rows read as refusals, decision 0054). */
  readonly refusals: ConsentRefusal[];
  readonly onInternalDnc: boolean;
}

/**
 * Gathers what the pre-dial gate reads (grants and refusals, internal and national DNC, attempt history) and runs it
 * at `now`. The server's verdict is the authoritative one. `forAttempt`: the gate runs again for an
 * attempt already recorded (the dial token's redemption at the edge), which must not count itself.
 */
export async function runGate(ctx: AppContext, sql: Sql, lead: Lead, campaign: Campaign, now: Date, forAttempt: string | null = null): Promise<GateRun> {
  const { grants, refusals } = await consentRecordsOf(sql, lead.id);
  const listed = await isOnInternalDnc(sql, lead.phoneE164);
  const attempts = await attemptHistory(sql, lead.id, forAttempt);
  const verdict = ctx.gate({
    lead,
    grants,
    refusals,
    campaign,
    nationalDnc: ctx.nationalDnc.get(campaign.profile),
    internalDnc: { has: (n: string) => listed && n === lead.phoneE164 },
    attempts,
    now,
  });
  return { verdict, grants, refusals, onInternalDnc: listed };
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
