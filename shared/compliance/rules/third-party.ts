import { consentStatus } from '../consent-status';
import type { GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-3P: a lead obtained from another company is callable only if a third-party-provision grant names the
 * calling company among its recipients (exact company id; "and partners" names no one) and was given under
 * the provision terms now in force (grant.termsVersion === campaign.provisionTerms.version).
 */
export function checkThirdParty(ctx: GateContext): VerdictReason[] {
  const cfg = ctx.profile.thirdPartyProvision;
  const { lead, campaign } = ctx.input;
  if (cfg === undefined || lead.source.kind !== 'third_party') return [];
  if (campaign.provisionTerms === undefined) return [reason('KR-3P', 'campaign-terms-missing')];
  const status = consentStatus(ctx, {
    kind: cfg.kind,
    companyId: campaign.callingCompanyId,
    termsVersion: campaign.provisionTerms.version,
  });
  switch (status) {
    case 'valid':
      return [];
    case 'terms-changed':
      return [reason('KR-3P', 'terms-changed')];
    case 'withdrawn':
      return [reason('KR-3P', 'withdrawn')];
    case 'other-company':
      return [reason('KR-3P', 'recipient-missing')];
    default:
      return [reason('KR-3P', 'consent-missing')];
  }
}
