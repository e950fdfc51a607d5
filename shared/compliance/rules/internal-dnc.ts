import type { GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-DNC / US-IDNC / UK-TPS / DE-CONSENT (the company's own list): a listed number is refused, and so is
 * a lead with a recorded do-not-call request (`businessRelationship.endedAt`) even if the list has not
 * caught up yet.
 */
export function checkInternalDnc(ctx: GateContext): VerdictReason[] {
  const cfg = ctx.profile.internalDnc;
  const { lead, internalDnc } = ctx.input;
  const detail = internalDnc.has(lead.phoneE164)
    ? ('internal-listed' as const)
    : cfg.recordedRequestRefuses && lead.businessRelationship?.endedAt !== undefined
      ? ('request-recorded' as const)
      : undefined;
  if (detail === undefined) return [];
  switch (cfg.ruleId) {
    case 'KR-DNC':
      return [reason('KR-DNC', detail)];
    case 'US-IDNC':
      return [reason('US-IDNC', detail)];
    case 'UK-TPS':
      return [reason('UK-TPS', detail)];
    case 'DE-CONSENT':
      return [reason('DE-CONSENT', detail)];
  }
}
