import { addDuration } from '../duration';
import { consentStatus, maxAgeFor } from '../consent-status';
import { ms, type GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-CONSENT (and KR-RECONF for the marketing consent): prior consent to advertising calls naming the
 * calling company. Exception: the company's own customer, same kind of goods, within 6 months of the
 * last transaction. A withdrawal beats the exception: a person who said no is never called on it.
 * DE-CONSENT: the same prior express consent, with no exception and no re-confirmation age.
 */
export function checkConsent(ctx: GateContext): VerdictReason[] {
  const cfg = ctx.profile.consent;
  if (cfg === undefined) return [];
  const maxAge = maxAgeFor(ctx, cfg.kind);
  const status = consentStatus(ctx, { kind: cfg.kind, companyId: ctx.input.campaign.callingCompanyId, maxAge });
  if (status === 'valid') return [];
  if (cfg.ruleId === 'DE-CONSENT') {
    return [reason('DE-CONSENT', status === 'withdrawn' ? 'withdrawn' : status === 'other-company' ? 'other-company' : 'missing')];
  }
  if (status === 'withdrawn') return [reason('KR-CONSENT', 'withdrawn')];

  const exception = ownCustomerException(ctx);
  if (exception === 'applies') return [];
  switch (status) {
    case 'not-reconfirmed':
      // maxAge is set whenever this status is possible; the guard keeps the types honest.
      return maxAge === undefined
        ? [reason('KR-CONSENT', 'missing')]
        : [reason('KR-CONSENT', 'not-reconfirmed', { maxAge }), reason('KR-RECONF', 'overdue', { kind: cfg.kind, maxAge })];
    case 'other-company':
      return [reason('KR-CONSENT', 'other-company')];
    default:
      return exception !== undefined && cfg.ownCustomerException !== undefined
        ? [reason('KR-CONSENT', 'exception-expired', { within: cfg.ownCustomerException.within })]
        : [reason('KR-CONSENT', 'missing')];
  }
}

/** `applies`, `expired` (own customer, same goods, but too long ago), or undefined (not an own customer). */
function ownCustomerException(ctx: GateContext): 'applies' | 'expired' | undefined {
  const cfg = ctx.profile.consent?.ownCustomerException;
  const source = ctx.input.lead.source;
  if (cfg === undefined || source.kind !== 'own_customer' || !source.sameKindOfGoods || source.lastTransactionAt === undefined) {
    return undefined;
  }
  const tx = ms(source.lastTransactionAt);
  if (tx > ctx.nowMs) return undefined; // a transaction "in the future" is bad data, never an exception
  return ctx.nowMs <= addDuration(tx, cfg.within) ? 'applies' : 'expired';
}
