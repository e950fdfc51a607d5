import { consentStatus } from '../consent-status';
import { addDuration } from '../duration';
import { ms, type GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

const DAY_MS = 86_400_000;

/**
 * KR-DNC / US-NDNC / UK-TPS (national registry). First the snapshot: missing, dated in the future or older
 * than the profile's limit (UK: 28 days) refuses every lead of the campaign (see {@link checkDncSnapshot}).
 * Then the number: listed refuses, unless the profile has exceptions (US: an established business
 * relationship, which any do-not-call request to the company ends, or a valid written consent naming the
 * calling company; UK: the person told this caller they do not object, a grant naming it).
 */
export function checkNationalDnc(ctx: GateContext): VerdictReason[] {
  const cfg = ctx.profile.nationalDnc;
  if (cfg === undefined) return [];
  const reasons = checkDncSnapshot(ctx);
  const registry = ctx.input.nationalDnc;
  if (registry !== undefined && registry.has(ctx.input.lead.phoneE164) && !exempt(ctx)) {
    reasons.push(
      cfg.ruleId === 'KR-DNC' ? reason('KR-DNC', 'national-listed') : cfg.ruleId === 'UK-TPS' ? reason('UK-TPS', 'listed') : reason('US-NDNC', 'listed'),
    );
  }
  return reasons;
}

/**
 * The snapshot half of KR-DNC / US-NDNC alone: it depends only on the campaign's registry and `now`, so
 * the server can stop a whole campaign with it.
 */
export function checkDncSnapshot(ctx: Pick<GateContext, 'profile' | 'nowMs'> & { input: Pick<GateContext['input'], 'nationalDnc'> }): VerdictReason[] {
  const cfg = ctx.profile.nationalDnc;
  if (cfg === undefined) return [];
  const taken = ctx.input.nationalDnc?.snapshotTakenAt;
  const code = cfg.ruleId;
  if (taken === undefined) return [reason(code, 'snapshot-missing')];
  const takenMs = ms(taken);
  if (takenMs > ctx.nowMs) return [reason(code, 'snapshot-in-future')];
  if (ctx.nowMs > addDuration(takenMs, cfg.maxSnapshotAge)) {
    // Counted like a person would: 31 days and a minute is the snapshot's 32nd day.
    const params = { ageDays: Math.ceil((ctx.nowMs - takenMs) / DAY_MS), maxAge: cfg.maxSnapshotAge };
    return [reason(code, 'snapshot-stale', params)];
  }
  return [];
}

function exempt(ctx: GateContext): boolean {
  const cfg = ctx.profile.nationalDnc;
  if (cfg === undefined) return false;
  const { lead, campaign, internalDnc } = ctx.input;
  if (cfg.writtenConsent !== undefined) {
    if (consentStatus(ctx, { kind: cfg.writtenConsent, companyId: campaign.callingCompanyId }) === 'valid') return true;
  }
  const ebr = cfg.businessRelationship;
  const rel = lead.businessRelationship;
  if (ebr === undefined || rel === undefined) return false;
  // US-IDNC: a do-not-call request ends any established business relationship.
  if (rel.endedAt !== undefined || internalDnc.has(lead.phoneE164)) return false;
  const within = (iso: string | undefined, period: typeof ebr.afterPurchase): boolean => {
    if (iso === undefined) return false;
    const at = ms(iso);
    return at <= ctx.nowMs && ctx.nowMs <= addDuration(at, period);
  };
  return within(rel.lastPurchaseAt, ebr.afterPurchase) || within(rel.lastInquiryAt, ebr.afterInquiry);
}
