// US-RECNOTICE against a real rtpengine driven over ng (no SIP), SQLite and PostgreSQL: the recording
// notice is read only where the callee's state requires it (the US profile's state list, from the
// number's region), and the recording itself starts only once the notice was confirmed: what was said
// before it is not in the file. A callee in a state without the requirement hears no notice, and the
// call is not recorded at all (no notice, no recording).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { localTimeIn } from '../../../shared/domain/time-zone';
import { PROFILE_SCRIPT_RULES } from '../../../shared/script/profile-rules';
import { renderContextFor } from '../../../shared/script/render';
import { ScriptRun } from '../../../shared/script/script-run';
import { shippedScript, step } from '../../support/script-events';
import { DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';
import { bandLevel } from '../../support/tones';
import { ingestConsent, openAnsweredCall, recordingState, relayMore, useMediaEdge, waitRecordingState } from './media-edge';

const US = shippedScript('us-default');
const edge = useMediaEdge('cg-recnotice-', { agent: 0x3333, customer: 0x4444 });

/**
 * The server's clock runs ahead of real time so that it is late morning in Los Angeles (US-HOURS allow
 * the call); the media edge's capture keeps real time, so recorded instants are compared minus the shift.
 */
function offsetToLaMorning(): number {
  const hour = localTimeIn(new Date(), 'America/Los_Angeles').hour;
  return ((11 - hour + 24) % 24) * 3_600_000;
}

describe.each(DB_KINDS)('US-RECNOTICE: notice by state, recording only after it (rtpengine over ng) on %s', (kind) => {
  let s: TestServer;
  const offsetMs = offsetToLaMorning();
  const now = (): Date => new Date(Date.now() + offsetMs);
  let agent = '';

  beforeAll(async () => {
    s = await startTestServer(kind, { now: now(), ...edge.serverOptions(now) });
    agent = await s.login('agent1');
  });

  afterAll(async () => {
    await s?.close();
  });

  const openCall = (leadId: string): Promise<{ id: string; leadId: string; campaignId: string; sipCallId: string }> => openAnsweredCall(s, agent, leadId, now());

  /** The desk's script run for a US lead: the lead card's region decides whether the notice step is read. */
  async function usRun(call: { id: string; leadId: string; campaignId: string; sipCallId: string }): Promise<ScriptRun> {
    const lead = await s.request('GET', `/v1/leads/${call.leadId}`, { token: agent });
    expect(lead.status, lead.body).toBe(200);
    return new ScriptRun({
      script: US,
      call: { callId: call.id, sipCallId: call.sipCallId, leadId: call.leadId, campaignId: call.campaignId, agentId: 'user-agent1', locale: 'en', practice: false, calleeTimeZone: lead.json.lead.timeZone },
      context: renderContextFor({
        campaign: { profile: 'US', purpose: { ko: '태양광 안내', en: 'solar panels' }, product: { ko: '태양광 패널', en: 'solar panels' } },
        callingCompany: { name: { ko: '누리콜센터', en: 'Nuri Call Center' }, contactNumber: '(800) 555-0199' },
        sellerCompany: { name: { ko: '선파워', en: 'SunPower Homes' } },
        lead: { source: { kind: 'own_customer', description: 'web inquiry', sameKindOfGoods: false }, timeZone: lead.json.lead.timeZone, region: lead.json.lead.region },
        agentName: 'Alex Kim',
      }),
      now,
      newId,
    });
  }

  const ingest = (events: ConsentEvent[]): Promise<void> => ingestConsent(s, agent, events);

  it('US-RECNOTICE: the state list is US profile data; California is on it, New York is not', () => {
    const regions = PROFILE_SCRIPT_RULES.US.recordingNotice?.regions ?? [];
    expect(regions).toContain('US-CA');
    expect(regions).not.toContain('US-NY');
  });

  it('US-RECNOTICE: a California callee hears the notice, and the recording starts only after it (nothing said before is in the file)', async () => {
    const call = await openCall('lead-us-la');
    const media = await edge.mediaCall(call);
    try {
      const run = await usRun(call);
      // The disclosure, before the notice: 440 Hz (agent) and 620 Hz (customer).
      media.agent.play(440);
      media.customer.play(620);
      await relayMore(media, 25);
      const disclosure = await step(run, { type: 'confirm' });
      expect(disclosure.stepId).toBe('us-disc');
      await ingest([disclosure]);
      await s.ctx.recordings.recorder?.idle();
      expect(await recordingState(s, call.id)).toBeUndefined();
      // The notice: read in California (the step's onlyIf holds), and confirmed.
      media.agent.play(1000);
      media.customer.play(1400);
      const notice = await step(run, { type: 'confirm' });
      expect(notice).toMatchObject({ stepId: 'us-recnotice', kind: 'disclosure', answer: 'confirmed', ruleIds: ['US-RECNOTICE'] });
      await ingest([notice]);
      await waitRecordingState(s, call.id, 'recording');
      await relayMore(media, 50);
      const end = await s.request('PATCH', `/v1/calls/${call.id}`, { token: agent, body: { endedAt: now().toISOString(), outcome: 'not_interested' } });
      expect(end.status, end.body).toBe(200);
      await waitRecordingState(s, call.id, 'stored');
      const rec = await s.request('GET', `/v1/calls/${call.id}/recording`, { token: await s.login('lead1') });
      expect(rec.status, rec.body).toBe(200);
      // The first recorded sample comes after the notice was confirmed (the capture keeps real time).
      expect(Date.parse(rec.json.startedAt)).toBeGreaterThanOrEqual(Date.parse(notice.occurredAt) - offsetMs);
      const exported = await s.request('POST', `/v1/recordings/${rec.json.id}/inspection-export`, { token: await s.login('lead1'), body: { reason: 'US-RECNOTICE check', requestRef: 'REQ-US-1' } });
      expect(exported.status, exported.body).toBe(201);
      const file = join(edge.runDir, `${call.id}-${kind}.wav`);
      writeFileSync(file, (await s.request('GET', exported.json.url)).rawPayload);
      expect(bandLevel(file, 1, 1000)).toBeGreaterThan(0.1);
      expect(bandLevel(file, 2, 1400)).toBeGreaterThan(0.1);
      for (const [ch, hz] of [[1, 440], [2, 620]] as const) expect(bandLevel(file, ch, hz), `${hz} Hz on channel ${ch}`).toBeLessThan(0.02);
    } finally {
      await media.close();
    }
  });

  it('US-RECNOTICE: a New York callee hears no notice, and the call is not recorded', async () => {
    const call = await openCall('lead-us-ny');
    const media = await edge.mediaCall(call);
    try {
      const run = await usRun(call);
      const events = [await step(run, { type: 'confirm' }), await step(run, { type: 'answer', answerId: 'yes' }), await step(run, { type: 'answer', answerId: 'yes' }), await step(run, { type: 'deliver_pitch' })];
      expect(events.map((e) => e.stepId)).toEqual(['us-disc', 'cg-time', 'us-consent', 'pitch']);
      expect(events.some((e) => e.ruleIds.includes('US-RECNOTICE'))).toBe(false);
      await ingest(events);
      await relayMore(media, 25);
      await s.ctx.recordings.recorder?.idle();
      expect(await recordingState(s, call.id)).toBeUndefined();
      const end = await s.request('PATCH', `/v1/calls/${call.id}`, { token: agent, body: { endedAt: now().toISOString(), outcome: 'not_interested' } });
      expect(end.status, end.body).toBe(200);
      await s.ctx.recordings.recorder?.idle();
      expect(await recordingState(s, call.id)).toBeUndefined();
    } finally {
      await media.close();
    }
  });
});
