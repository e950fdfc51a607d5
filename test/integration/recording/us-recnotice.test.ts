// US-RECNOTICE against a real rtpengine driven over ng (no SIP), SQLite and PostgreSQL: the recording
// notice is read only where the callee's state requires it (the US profile's state list, from the
// number's region), and the recording itself starts only once the notice was confirmed: what was said
// before it is not in the file. A callee in a state without the requirement hears no notice, and the
// call is not recorded at all (no notice, no recording).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { localTimeIn } from '../../../shared/domain/time-zone';
import { PROFILE_SCRIPT_RULES } from '../../../shared/script/profile-rules';
import { renderContextFor } from '../../../shared/script/render';
import { ScriptRun } from '../../../shared/script/script-run';
import { NgClient } from '../../../server/media/ng-client';
import { recordingOfCall } from '../../../server/store/recordings';
import type { CallRow } from '../../../server/store/calls';
import { startRtpengine, type RtpengineHandle } from '../../sip/rtpengine';
import { waitUntil } from '../../sip/net';
import { pcmuSdp, rtpEndpoint, type RtpEndpoint } from '../../support/rtp-endpoint';
import { shippedScript, step } from '../../support/script-events';
import { authorizeDial, DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';
import { bandLevel } from '../../support/tones';

const US = shippedScript('us-default');
const AGENT_TAG_PREFIX = 'agent-';

let rtpengine: RtpengineHandle;
let runDir: string;
let captureDir: string;
let ng: NgClient;

beforeAll(async () => {
  runDir = mkdtempSync(join(tmpdir(), 'cg-recnotice-'));
  captureDir = join(runDir, 'capture');
  rtpengine = await startRtpengine(runDir, 9, { recordingDir: captureDir });
  ng = NgClient.fromAddress(rtpengine.ng);
});

afterAll(async () => {
  ng?.close();
  await rtpengine?.stop();
  rmSync(runDir, { recursive: true, force: true });
});

/** A call's media at rtpengine between two plain-RTP parties, like Kamailio sets it up for a call. */
async function mediaCall(sipCallId: string, agentTag: string): Promise<{ agent: RtpEndpoint; customer: RtpEndpoint; packets(): Promise<number>; close(): Promise<void> }> {
  const agent = await rtpEndpoint(0x3333);
  const customer = await rtpEndpoint(0x4444);
  const offer = await ng.request('offer', { 'call-id': sipCallId, 'from-tag': agentTag, sdp: pcmuSdp(agent.port, '1') });
  const answer = await ng.request('answer', { 'call-id': sipCallId, 'from-tag': agentTag, 'to-tag': 'customer-tag', sdp: pcmuSdp(customer.port, '2') });
  const port = (sdp: unknown): number => Number(/m=audio (\d+)/.exec(String(sdp))?.[1]);
  customer.sendTo(port(offer['sdp']));
  agent.sendTo(port(answer['sdp']));
  return {
    agent,
    customer,
    packets: async () => agent.received(),
    close: async () => {
      agent.close();
      customer.close();
      await ng.request('delete', { 'call-id': sipCallId });
    },
  };
}

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
    s = await startTestServer(kind, {
      now: now(),
      config: { rtpengineNg: rtpengine.ng, rtpengineRecordingDir: captureDir },
      overrides: {
        clock: now,
        mediaTargetOf: (call: CallRow) => (call.sipCallId ? { mediaCallId: call.sipCallId, agentTag: `${AGENT_TAG_PREFIX}${call.id}` } : null),
      },
    });
    agent = await s.login('agent1');
  });

  afterAll(async () => {
    await s?.close();
  });

  async function openCall(leadId: string): Promise<{ id: string; leadId: string; campaignId: string; sipCallId: string }> {
    const auth = await authorizeDial(s, agent, leadId);
    expect(auth.status, auth.body).toBe(201);
    const sipCallId = `${newId()}@callgate.test`;
    const created = await s.request('POST', '/v1/calls', { token: agent, body: { attemptId: auth.json.attemptId, sipCallId } });
    expect(created.status, created.body).toBe(201);
    await s.request('PATCH', `/v1/calls/${created.json.id}`, { token: agent, body: { answeredAt: now().toISOString() } });
    return { id: created.json.id, leadId, campaignId: created.json.campaignId, sipCallId };
  }

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

  const ingest = async (events: ConsentEvent[]): Promise<void> => {
    const r = await s.request('POST', '/v1/consent-events', { token: agent, body: { events } });
    expect(r.status, r.body).toBe(200);
  };
  const recordingState = async (callId: string): Promise<string | undefined> => (await recordingOfCall(s.ctx.store.db, callId))?.state;
  const waitState = (callId: string, state: string): Promise<true> =>
    waitUntil(async () => ((await recordingState(callId)) === state ? true : undefined), 15_000, `recording of ${callId} to be ${state}`);
  const relayMore = async (media: { packets(): Promise<number> }, n: number): Promise<void> => {
    const start = await media.packets();
    await waitUntil(async () => ((await media.packets()) >= start + n ? true : undefined), 15_000, `${n} more packets through rtpengine`);
  };

  it('US-RECNOTICE: the state list is US profile data; California is on it, New York is not', () => {
    const regions = PROFILE_SCRIPT_RULES.US.recordingNotice?.regions ?? [];
    expect(regions).toContain('US-CA');
    expect(regions).not.toContain('US-NY');
  });

  it('US-RECNOTICE: a California callee hears the notice, and the recording starts only after it (nothing said before is in the file)', async () => {
    const call = await openCall('lead-us-la');
    const media = await mediaCall(call.sipCallId, `${AGENT_TAG_PREFIX}${call.id}`);
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
      expect(await recordingState(call.id)).toBeUndefined();
      // The notice: read in California (the step's onlyIf holds), and confirmed.
      media.agent.play(1000);
      media.customer.play(1400);
      const notice = await step(run, { type: 'confirm' });
      expect(notice).toMatchObject({ stepId: 'us-recnotice', kind: 'disclosure', answer: 'confirmed', ruleIds: ['US-RECNOTICE'] });
      await ingest([notice]);
      await waitState(call.id, 'recording');
      await relayMore(media, 50);
      const end = await s.request('PATCH', `/v1/calls/${call.id}`, { token: agent, body: { endedAt: now().toISOString(), outcome: 'not_interested' } });
      expect(end.status, end.body).toBe(200);
      await waitState(call.id, 'stored');
      const rec = await s.request('GET', `/v1/calls/${call.id}/recording`, { token: await s.login('lead1') });
      expect(rec.status, rec.body).toBe(200);
      // The first recorded sample comes after the notice was confirmed (the capture keeps real time).
      expect(Date.parse(rec.json.startedAt)).toBeGreaterThanOrEqual(Date.parse(notice.occurredAt) - offsetMs);
      const exported = await s.request('POST', `/v1/recordings/${rec.json.id}/inspection-export`, { token: await s.login('lead1'), body: { reason: 'US-RECNOTICE check', requestRef: 'REQ-US-1' } });
      expect(exported.status, exported.body).toBe(201);
      const file = join(runDir, `${call.id}-${kind}.wav`);
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
    const media = await mediaCall(call.sipCallId, `${AGENT_TAG_PREFIX}${call.id}`);
    try {
      const run = await usRun(call);
      const events = [await step(run, { type: 'confirm' }), await step(run, { type: 'answer', answerId: 'yes' }), await step(run, { type: 'answer', answerId: 'yes' }), await step(run, { type: 'deliver_pitch' })];
      expect(events.map((e) => e.stepId)).toEqual(['us-disc', 'cg-time', 'us-consent', 'pitch']);
      expect(events.some((e) => e.ruleIds.includes('US-RECNOTICE'))).toBe(false);
      await ingest(events);
      await relayMore(media, 25);
      await s.ctx.recordings.recorder?.idle();
      expect(await recordingState(call.id)).toBeUndefined();
      const end = await s.request('PATCH', `/v1/calls/${call.id}`, { token: agent, body: { endedAt: now().toISOString(), outcome: 'not_interested' } });
      expect(end.status, end.body).toBe(200);
      await s.ctx.recordings.recorder?.idle();
      expect(await recordingState(call.id)).toBeUndefined();
    } finally {
      await media.close();
    }
  });
});
