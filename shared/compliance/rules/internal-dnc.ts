import type { GateContext } from '../gate-context';
import { reason } from '../messages';
import type { VerdictReason } from '../verdict';

/**
 * KR-DNC / US-IDNC (the company's own list): a listed number is refused, and so is a lead with a recorded
 * do-not-call request (`businessRelationship.endedAt`) even if the list has not caught up yet.
 */
export function checkInternalDnc(ctx: GateContext): VerdictReason[] {
  const cfg = ctx.profile.internalDnc;
  const { lead, internalDnc } = ctx.input;
  if (internalDnc.has(lead.phoneE164)) {
    return [cfg.ruleId === 'KR-DNC' ? reason('KR-DNC', 'internal-listed') : reason('US-IDNC', 'internal-listed')];
  }
  if (cfg.recordedRequestRefuses && lead.businessRelationship?.endedAt !== undefined) {
    return [cfg.ruleId === 'KR-DNC' ? reason('KR-DNC', 'request-recorded') : reason('US-IDNC', 'request-recorded')];
  }
  return [];
}
