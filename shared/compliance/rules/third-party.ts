import { consentStatus, termsDifferences } from '../consent-status';
import type { GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-3P, two halves:
 * - a lead obtained from another company is callable only if a third-party-provision grant names the
 *   calling company among its recipients (exact company id; "and partners" names no one) and was given
 *   under the provision terms now in force: the same version, purpose, items and retention (a change of
 *   any of these needs new consent);
 * - when the calling company is not the seller, a sale hands the person's data to the seller: the
 *   campaign must name the recipients (`saleProvision`, the seller among them) so the call can ask the
 *   provision consent before the sale.
 */
export function checkThirdParty(ctx: GateContext): VerdictReason[] {
  const cfg = ctx.profile.thirdPartyProvision;
  if (cfg === undefined) return [];
  const { lead, campaign } = ctx.input;
  const reasons: VerdictReason[] = [];
  if (cfg.saleRecipients && campaign.callingCompanyId !== campaign.sellerCompanyId) {
    const named = campaign.saleProvision?.recipients.some((r) => r.companyId === campaign.sellerCompanyId) ?? false;
    if (!named) reasons.push(reason('KR-3P', 'sale-recipients-missing'));
  }
  if (lead.source.kind !== 'third_party') return reasons;
  const terms = campaign.provisionTerms;
  if (terms === undefined) return [...reasons, reason('KR-3P', 'campaign-terms-missing')];
  const status = consentStatus(ctx, { kind: cfg.kind, companyId: campaign.callingCompanyId, terms });
  switch (status) {
    case 'valid':
      return reasons;
    case 'terms-changed': {
      // Name what changed against the newest grant naming the company (the one the person last agreed to).
      const naming = ctx.input.grants.filter((g) => g.kind === cfg.kind && g.recipients.includes(campaign.callingCompanyId) && g.withdrawnAt === undefined);
      const latest = naming.reduce<(typeof naming)[number] | undefined>((a, g) => (a === undefined || g.grantedAt > a.grantedAt ? g : a), undefined);
      return [...reasons, reason('KR-3P', 'terms-changed', { changed: latest ? termsDifferences(latest, terms) : ['version'] })];
    }
    case 'withdrawn':
      return [...reasons, reason('KR-3P', 'withdrawn')];
    case 'other-company':
      return [...reasons, reason('KR-3P', 'recipient-missing')];
    default:
      return [...reasons, reason('KR-3P', 'consent-missing')];
  }
}
