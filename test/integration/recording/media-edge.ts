// The recording tests' media edge: a real rtpengine with pcap recording, driven over ng (no SIP), and
// two plain-RTP parties per call, set up the way Kamailio sets up a call's media. Also the few steps the
// recording tests take against the API the same way (open an answered call, ingest consent events, wait
// for a recording's state). One definition for recording-pipeline.test.ts and us-recnotice.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { NgClient } from '../../../server/media/ng-client';
import type { CallRow } from '../../../server/store/calls';
import { recordingOfCall } from '../../../server/store/recordings';
import { waitUntil } from '../../sip/net';
import { startRtpengine, type RtpengineHandle } from '../../sip/rtpengine';
import { pcmuSdp, rtpEndpoint, type RtpEndpoint } from '../../support/rtp-endpoint';
import { authorizeDial, type TestServer } from '../../support/server-harness';

/** The agent's from-tag at rtpengine for a call, as the server's mediaTargetOf names it. */
const agentTag = (callId: string): string => `agent-${callId}`;

export interface MediaCall {
  agent: RtpEndpoint;
  customer: RtpEndpoint;
  /** Packets rtpengine relayed to the agent: the customer's audio reached the edge and came back out. */
  packets(): Promise<number>;
  close(): Promise<void>;
}

export interface MediaEdge {
  /** The run's temporary folder (removed after the file's tests). */
  readonly runDir: string;
  /** rtpengine's capture folder (its pcaps/ holds what is being recorded). */
  readonly captureDir: string;
  /** The server options that point the API at this edge: its ng address, capture folder and media target. */
  serverOptions(clock: () => Date): { config: { rtpengineNg: string; rtpengineRecordingDir: string }; overrides: { clock: () => Date; mediaTargetOf: (call: CallRow) => { mediaCallId: string; agentTag: string } | null } };
  /** A call's media at rtpengine between two plain-RTP parties. */
  mediaCall(call: { id: string; sipCallId: string }): Promise<MediaCall>;
}

/**
 * Starts rtpengine before the file's tests and stops it after them (vitest hooks registered here).
 * `ssrc` tells the file's RTP parties apart from other files'.
 */
export function useMediaEdge(dirPrefix: string, ssrc: { agent: number; customer: number }): MediaEdge {
  let rtpengine: RtpengineHandle | undefined;
  let ng: NgClient | undefined;
  let runDir = '';
  const captureDir = (): string => join(runDir, 'capture');
  const started = (): { rtpengine: RtpengineHandle; ng: NgClient } => {
    if (!rtpengine || !ng) throw new Error('the media edge is used before its beforeAll ran');
    return { rtpengine, ng };
  };

  beforeAll(async () => {
    runDir = mkdtempSync(join(tmpdir(), dirPrefix));
    rtpengine = await startRtpengine(runDir, 9, { recordingDir: captureDir() });
    ng = NgClient.fromAddress(rtpengine.ng);
  });

  afterAll(async () => {
    ng?.close();
    await rtpengine?.stop();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  return {
    get runDir() {
      return runDir;
    },
    get captureDir() {
      return captureDir();
    },
    serverOptions: (clock) => ({
      config: { rtpengineNg: started().rtpengine.ng, rtpengineRecordingDir: captureDir() },
      overrides: {
        clock,
        mediaTargetOf: (call: CallRow) => (call.sipCallId ? { mediaCallId: call.sipCallId, agentTag: agentTag(call.id) } : null),
      },
    }),
    mediaCall: async ({ id, sipCallId }) => {
      const { ng: client } = started();
      const tag = agentTag(id);
      const agent = await rtpEndpoint(ssrc.agent);
      const customer = await rtpEndpoint(ssrc.customer);
      const offer = await client.request('offer', { 'call-id': sipCallId, 'from-tag': tag, sdp: pcmuSdp(agent.port, '1') });
      const answer = await client.request('answer', { 'call-id': sipCallId, 'from-tag': tag, 'to-tag': 'customer-tag', sdp: pcmuSdp(customer.port, '2') });
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
          await client.request('delete', { 'call-id': sipCallId });
        },
      };
    },
  };
}

/** Opens a call of the token's agent to `leadId` with a fresh SIP Call-ID, answered at `answeredAt`. */
export async function openAnsweredCall(s: TestServer, token: string, leadId: string, answeredAt: Date): Promise<{ id: string; leadId: string; campaignId: string; sipCallId: string }> {
  const auth = await authorizeDial(s, token, leadId);
  expect(auth.status, auth.body).toBe(201);
  const sipCallId = `${newId()}@callgate.test`;
  const created = await s.request('POST', '/v1/calls', { token, body: { attemptId: auth.json.attemptId, sipCallId } });
  expect(created.status, created.body).toBe(201);
  await s.request('PATCH', `/v1/calls/${created.json.id}`, { token, body: { answeredAt: answeredAt.toISOString() } });
  return { id: created.json.id, leadId, campaignId: created.json.campaignId, sipCallId };
}

/** Ingests consent events as the desk does; they must be accepted. */
export async function ingestConsent(s: TestServer, token: string, events: ConsentEvent[]): Promise<void> {
  const r = await s.ingest(token, events);
  expect(r.status, r.body).toBe(200);
}

/** The state of a call's recording, if it has one. */
export const recordingState = async (s: TestServer, callId: string): Promise<string | undefined> => (await recordingOfCall(s.ctx.store.db, callId))?.state;

/** Waits, on a condition, until the call's recording is in `state`. */
export const waitRecordingState = (s: TestServer, callId: string, state: string): Promise<true> =>
  waitUntil(async () => ((await recordingState(s, callId)) === state ? true : undefined), 15_000, `recording of ${callId} to be ${state}`);

/** Waits until `n` more packets were relayed to the agent (about n x 20 ms of audio), on a condition. */
export async function relayMore(media: { packets(): Promise<number> }, n: number): Promise<void> {
  const start = await media.packets();
  await waitUntil(async () => ((await media.packets()) >= start + n ? true : undefined), 15_000, `${n} more packets through rtpengine`);
}
