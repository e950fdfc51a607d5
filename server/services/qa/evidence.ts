import type { QaEvidence } from '../../../shared/qa/evidence-facts';
import type { CallRow } from '../../store/calls';
import { campaignById } from '../../store/campaigns';
import { eventsOfCall } from '../../store/consent-events';
import { isOnInternalDnc } from '../../store/internal-dnc';
import { leadById } from '../../store/leads';
import { recordingOfCall, type RecordingRow } from '../../store/recordings';
import type { Sql } from '../../store/sql';

/**
 * What the server knows about one call for the QA auto-fill: its stored evidence events, the profile
 * of its campaign, whether the number is now on the internal do-not-call list, and when the call's
 * recording started (null when it was not recorded).
 */
export async function qaEvidenceOf(sql: Sql, call: CallRow): Promise<QaEvidence> {
  const events = (await eventsOfCall(sql, call.id)).map((r) => r.event);
  const campaign = await campaignById(sql, call.campaignId);
  if (!campaign) throw new Error(`call ${call.id} names a missing campaign`);
  const lead = await leadById(sql, call.leadId);
  return {
    recordingStartedAt: recordingStartOf(await recordingOfCall(sql, call.id)),
    profile: campaign.profile,
    answeredAt: call.answeredAt,
    events,
    optOutListed: lead ? await isOnInternalDnc(sql, lead.phoneE164) : false,
  };
}

/**
 * When the call's recording began: its first sample once stored (the ledgered time range), before that
 * the moment the API asked the media edge to record. A recording that never captured anything
 * (declined, failed) is no recording. A deleted one still tells when it began.
 */
function recordingStartOf(r: RecordingRow | undefined): string | null {
  if (!r || r.state === 'declined' || r.state === 'failed' || r.state === 'none') return null;
  return r.startedAt ?? r.requestedAt;
}
