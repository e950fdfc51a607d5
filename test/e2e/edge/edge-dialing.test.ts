// Dialing authority at the SIP edge (issue 10), with the parts that ship: deploy/kamailio/kamailio.cfg
// as is, rtpengine, a sipp trunk, the REAL central API (a process, so it can be killed and frozen) and
// Chromium running the real sip.js phone (renderer/phone) with SIP credentials the API issued.
// Only a dial URI the API authorized reaches the trunk; everything else is refused at the edge and the
// trunk (sipp) never sees an INVITE for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { callEndText, phoneMessages } from '../../../renderer/phone/messages';
import type { CallSnapshot } from '../../../shared/phone/sip-port';
import { launchChromium } from '../../sip/browser';
import { freeUdpPort, waitUntil } from '../../sip/net';
import { servePages, type PageServer } from '../../sip/pages';
import { speechWav } from '../../sip/speech';
import type { SipStack } from '../../sip/stack';
import { api, campaigns, importLeads, login } from '../../support/api-fixtures';
import { requireBinary } from '../../support/system';
import type { ApiProcess } from '../../support/api-process';
import { startApiWithEdge } from '../../support/api-edge';
import { AGENT_PAGE, openAgent, type Agent } from '../phone/agent';

const DOMAIN = 'callgate.test';
const DIAL_TTL_SEC = 5;

let server: ApiProcess;
let stack: SipStack;
let browser: Browser;
let context: BrowserContext;
let pages: PageServer;
let campaignId = '';
/** Every campaign of the demo seed (agent2 is given them all back after EDGE-ASSIGN). */
let allCampaignIds: string[] = [];
let adminToken = '';
const tokens: Record<'agent1' | 'agent2', string> = { agent1: '', agent2: '' };
const agents: Partial<Record<'agent1' | 'agent2', Agent>> = {};
const leadQueue: string[] = [];
/** A lead with a number of its own: EDGE-GATE opts it out, which lists its number (the others share the echo's). */
let optOutLead = '';

interface Authorization {
  attemptId: string;
  leadId: string;
  dialUri: string;
  label: string;
  expiresAt: string;
}

/** The agent takes the next imported lead (next-lead holds it for them) and gets a dial authorization. */
async function authorize(who: 'agent1' | 'agent2', leadId = leadQueue.shift()): Promise<Authorization> {
  if (!leadId) throw new Error('no more test leads');
  const offered = await api(server.url, 'POST', `/v1/campaigns/${campaignId}/next-lead`, tokens[who], { leadId });
  expect(offered.status, JSON.stringify(offered.json)).toBe(200);
  const r = await api<Authorization>(server.url, 'POST', `/v1/leads/${leadId}/dial-authorizations`, tokens[who], {});
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  expect(r.json.dialUri).toMatch(new RegExp(`^sip:d-[A-Za-z0-9_-]{43}@${DOMAIN.replace('.', '\\.')}$`));
  return r.json;
}

/** INVITEs that reached the trunk so far (the sipp customer logs one line per INVITE it receives). */
function trunkInvites(): number {
  return stack.sipp.logLines().filter((l) => / code \d+ telephone-event /.test(l)).length;
}

async function dial(who: 'agent1' | 'agent2', target: string): Promise<string> {
  const agent = agents[who];
  if (!agent) throw new Error(`${who} has no phone`);
  return await agent.must((h, t) => h.phone!.call(t), target);
}

/** Dials `target` as `who` and expects the edge to refuse it with `status`; the trunk sees nothing. */
async function refused(who: 'agent1' | 'agent2', target: string, status: 403 | 503): Promise<CallSnapshot> {
  const before = trunkInvites();
  const id = await dial(who, target);
  const ended = await agents[who]!.waitForCall(id, 'ended', 15_000);
  expect(ended.end).toMatchObject({ reason: 'failed', sipStatus: status });
  expect((await agents[who]!.history(id)).some((c) => c.state === 'active' || c.state === 'ringing')).toBe(false);
  expect(trunkInvites()).toBe(before);
  return ended;
}

async function hearsAudio(who: 'agent1' | 'agent2', callId: string, echoed = true): Promise<void> {
  const agent = agents[who]!;
  const first = await waitUntil(
    async () => {
      const s = await agent.must((h, id) => h.phone!.mediaStats(id), callId);
      return s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 ? s : undefined;
    },
    10_000,
    'the agent hears the customer (bytesReceived and totalAudioEnergy > 0)',
  );
  if (!echoed) return;
  // The customer echoes what it receives: energy that keeps coming back is the agent's own audio,
  // carried to the customer and back (both directions through rtpengine).
  await waitUntil(
    async () => {
      const s = await agent.must((h, id) => h.phone!.mediaStats(id), callId);
      return s && s.totalAudioEnergy > first.totalAudioEnergy && s.bytesSent > 0 ? s : undefined;
    },
    10_000,
    'echoed audio keeps arriving',
  );
}

beforeAll(async () => {
  requireBinary('espeak-ng'); // the practice line's voice
  const practice = `127.0.0.1:${await freeUdpPort()}`;
  ({ server, sip: stack } = await startApiWithEdge({
    domain: DOMAIN,
    env: { CALLGATE_DIAL_TTL_SEC: String(DIAL_TTL_SEC), CALLGATE_PRACTICE_SIP: practice, CALLGATE_PRACTICE_RING_MS: '200' },
    stack: { practice },
  }));
  const admin = (await login(server.url, 'admin')).token;
  adminToken = admin;
  tokens.agent1 = (await login(server.url, 'agent1')).token;
  tokens.agent2 = (await login(server.url, 'agent2')).token;
  const listed = (await campaigns(server.url, admin)).campaigns;
  allCampaignIds = listed.map((c) => c.id);
  const kr = listed.find((c) => c.profile === 'KR');
  if (!kr) throw new Error('no KR campaign in the demo seed');
  campaignId = kr.id;
  const echo = stack.pstn.echo.replace('+82', '0');
  leadQueue.push(...(await importLeads(server.url, admin, kr.id, Array.from({ length: 10 }, (_, i) => ({ name: `엣지 고객 ${i + 1}`, phone: echo, nightConsent: true })))));
  [optOutLead = ''] = await importLeads(server.url, admin, kr.id, [{ name: '수신거부 고객', phone: '010-0000-0777', nightConsent: true }]);
  pages = await servePages([AGENT_PAGE]);
  browser = await launchChromium({ fakeAudioFile: speechWav(stack.runDir) });
  context = await browser.newContext();
  for (const who of ['agent1', 'agent2'] as const) {
    const creds = await api<{ authUser: string; password: string; aor: string }>(server.url, 'POST', '/v1/sip/credentials', tokens[who], {});
    expect(creds.status).toBe(200);
    const agent = await openAgent(context, pages, {
      serverUrl: stack.wsUrl,
      aor: creds.json.aor,
      authUser: creds.json.authUser,
      authPassword: creds.json.password,
      iceGatheringTimeoutMs: 300,
      reconnect: { baseMs: 250, maxMs: 2_000 },
    });
    await agent.must((h) => h.phone!.register());
    agents[who] = agent;
  }
}, 180_000);

afterAll(async () => {
  for (const a of Object.values(agents)) await a?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await pages?.close().catch(() => undefined);
  await stack?.stop();
  await server?.stop();
});

describe('the SIP edge lets through only calls the API authorized (shipped config, real API)', () => {
  it('EDGE-TOKEN: a dial URI from the API reaches the customer behind the trunk, audio both ways', async () => {
    const auth = await authorize('agent1');
    expect(auth.label).toMatch(/\*{4}/);
    const before = trunkInvites();
    const id = await dial('agent1', auth.dialUri);
    const active = await agents.agent1!.waitForCall(id, 'active', 15_000);
    expect(trunkInvites()).toBe(before + 1);
    // The trunk got the lead's number, which the desk never had.
    expect(stack.sipp.callLog(active.sipCallId ?? '')[0]).toMatch(/^code 100 /);
    await hearsAudio('agent1', id);
    await agents.agent1!.must((h, cid) => h.phone!.hangUp(cid), id);
    await agents.agent1!.waitForCall(id, 'ended');
    await waitUntil(() => (stack.sipp.callLog(active.sipCallId ?? '').includes('BYE') ? true : undefined), 10_000, 'the customer got the BYE');
  });

  it('EDGE-RAW: a phone number (or any other non-token user) in the Request-URI is 403, nothing reaches the trunk', async () => {
    await refused('agent1', stack.pstn.echo, 403);
    await refused('agent1', `sip:${stack.pstn.echo}@${DOMAIN}`, 403);
    await refused('agent1', `sip:82255500100@${DOMAIN}`, 403);
    await refused('agent1', `sip:someone@${DOMAIN}`, 403);
    await refused('agent1', `sip:d-not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxx@${DOMAIN}`, 403);
  });

  it('EDGE-REUSE: a dial URI works once; dialled again it is 403 used and the trunk sees nothing', async () => {
    // A call of its own, dialled again right after it: EDGE-TOKEN's authorization could be past the short
    // DIAL_TTL_SEC by now on a loaded machine, and then the edge rightly says `expired`, not `used`.
    const auth = await authorize('agent1');
    const id = await dial('agent1', auth.dialUri);
    await agents.agent1!.waitForCall(id, 'active', 15_000);
    await agents.agent1!.must((h, cid) => h.phone!.hangUp(cid), id);
    await agents.agent1!.waitForCall(id, 'ended');
    expect((await refused('agent1', auth.dialUri, 403)).end?.edgeRefusal).toBe('used');
  });

  it('EDGE-GATE: an opt-out between the authorization and the dial: the gate, run again at redemption, refuses (403 gate-changed), the desk says why, the trunk sees nothing', async () => {
    const auth = await authorize('agent1', optOutLead);
    const optOut = await api(server.url, 'POST', `/v1/leads/${auth.leadId}/opt-out`, tokens.agent1, { channel: 'phone' });
    expect(optOut.status, JSON.stringify(optOut.json)).toBe(200);
    const ended = await refused('agent1', auth.dialUri, 403);
    expect(ended.end?.edgeRefusal).toBe('gate-changed');
    for (const locale of ['ko', 'en'] as const) {
      expect(callEndText(phoneMessages[locale], ended.end!)).toBe(phoneMessages[locale].edge.gateChanged);
    }
  });

  it("EDGE-ASSIGN: the agent taken off the lead's campaign between the authorization and the dial: 403 not-assigned, the desk says why, the trunk sees nothing", async () => {
    const auth = await authorize('agent2');
    const assign = async (campaignIds: string[]) => {
      const r = await api(server.url, 'PUT', '/v1/agents/user-agent2/campaigns', adminToken, { campaignIds });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    };
    await assign(allCampaignIds.filter((id) => id !== campaignId));
    try {
      const ended = await refused('agent2', auth.dialUri, 403);
      expect(ended.end?.edgeRefusal).toBe('not-assigned');
      for (const locale of ['ko', 'en'] as const) {
        expect(callEndText(phoneMessages[locale], ended.end!)).toBe(phoneMessages[locale].edge.notAssigned);
      }
    } finally {
      await assign(allCampaignIds);
    }
  });

  it('EDGE-EXPIRED: a dial URI past its expiry (dialTtlSec) is 403', async () => {
    const auth = await authorize('agent1');
    const expiresAt = Date.parse(auth.expiresAt);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(DIAL_TTL_SEC * 1000);
    await waitUntil(() => (Date.now() > expiresAt + 250 ? true : undefined), (DIAL_TTL_SEC + 2) * 1000, 'the authorization expired', 100);
    await refused('agent1', auth.dialUri, 403);
  });

  it("EDGE-OTHER-AGENT: another agent's dial URI is 403 for this agent, and still works for its owner", async () => {
    const theirs = await authorize('agent2');
    await refused('agent1', theirs.dialUri, 403);
    const id = await dial('agent2', theirs.dialUri);
    await agents.agent2!.waitForCall(id, 'active', 15_000);
    await agents.agent2!.must((h, cid) => h.phone!.hangUp(cid), id);
    await agents.agent2!.waitForCall(id, 'ended');
  });

  it('EDGE-SPOOF: a forged "in-dialog" INVITE (to-tag, a Route naming the edge) for a number is 403 and never reaches the trunk', async () => {
    const page = agents.agent1!.page;
    const wsPort = new URL(stack.wsUrl).port;
    const send = async (route: string): Promise<number> =>
      await page.evaluate(
        async ([url, r, trunk]) => {
          const ws = new WebSocket(url, 'sip');
          await new Promise((resolve, reject) => {
            ws.onopen = resolve;
            ws.onerror = reject;
          });
          const status = new Promise<number>((resolve) => {
            ws.onmessage = (e) => {
              const m = /^SIP\/2\.0 (\d{3})/.exec(String(e.data));
              if (m && m[1] !== '100') resolve(Number(m[1]));
            };
          });
          const callId = `spoof-${Math.random()}`;
          ws.send(
            [
              `INVITE sip:+8225550100@${trunk} SIP/2.0`,
              `Via: SIP/2.0/WS spoof.invalid;branch=z9hG4bK${callId}`,
              'Max-Forwards: 70',
              `Route: ${r}`,
              'From: <sip:spoof@callgate.test>;tag=spoof-from',
              'To: <sip:+8225550100@callgate.test>;tag=spoof-to',
              `Call-ID: ${callId}`,
              'CSeq: 2 INVITE',
              'Contact: <sip:spoof@spoof.invalid;transport=ws>',
              'Content-Length: 0',
              '',
              '',
            ].join('\r\n'),
          );
          const got = await Promise.race([status, new Promise<number>((resolve) => setTimeout(() => resolve(0), 5_000))]);
          ws.close();
          return got;
        },
        [stack.wsUrl, route, stack.sipp.hostPort] as const,
      );
    const before = trunkInvites();
    expect(await send(`<sip:127.0.0.1:${wsPort};transport=ws;lr;cgrtp=1>`)).toBe(403);
    expect(await send(`<sip:127.0.0.1:${wsPort};transport=ws;lr;cgrtp=1;cgsig=0123456789abcdef0123456789abcdef>`)).toBe(403);
    expect(trunkInvites()).toBe(before);
  });

  it('EDGE-PRACTICE: a practice dial URI (sip:p-<token>) reaches the practice line, never the trunk; the line takes its token once', async () => {
    const call = await api<{ dialUri: string }>(server.url, 'POST', '/v1/practice/voice-calls', tokens.agent1, { scenarioId: 'kr-no-time', scenarioRevision: 1, locale: 'en' });
    expect(call.status, JSON.stringify(call.json)).toBe(201);
    expect(call.json.dialUri).toMatch(new RegExp(`^sip:p-[A-Za-z0-9_-]+@${DOMAIN.replace('.', '\\.')}$`));
    const before = trunkInvites();
    const id = await dial('agent1', call.json.dialUri);
    await agents.agent1!.waitForCall(id, 'active', 15_000);
    await hearsAudio('agent1', id, false); // the simulated customer says hello
    await agents.agent1!.must((h, cid) => h.phone!.hangUp(cid), id);
    await agents.agent1!.waitForCall(id, 'ended');
    expect(trunkInvites()).toBe(before);
    // The line claimed the token: the same URI again is refused by the line, and still not at the trunk.
    const again = await dial('agent1', call.json.dialUri);
    const ended = await agents.agent1!.waitForCall(again, 'ended', 15_000);
    expect(ended.end?.reason).toBe('failed');
    expect(ended.end?.sipStatus).toBeGreaterThanOrEqual(400);
    expect(trunkInvites()).toBe(before);
  });

  it('EDGE-FAIL-CLOSED: API killed or frozen past the edge timeout: 503, the desk says why, nothing reaches the trunk; calls work again once it is back', async () => {
    const whileDown = await authorize('agent1');
    const whileFrozen = await authorize('agent1');
    await server.kill();
    const down = await refused('agent1', whileDown.dialUri, 503);
    for (const locale of ['ko', 'en'] as const) {
      expect(callEndText(phoneMessages[locale], down.end!)).toBe(phoneMessages[locale].edge.unavailable);
    }
    await server.restart();

    const pgid = server.pgid();
    if (pgid === undefined) throw new Error('no API process group');
    process.kill(-pgid, 'SIGSTOP');
    try {
      const t0 = Date.now();
      await refused('agent1', whileFrozen.dialUri, 503);
      // http_client's whole-second timeout (API_TIMEOUT_S = 2), not a hang.
      expect(Date.now() - t0).toBeLessThan(6_000);
    } finally {
      process.kill(-pgid, 'SIGCONT');
    }

    const again = await authorize('agent1');
    const id = await dial('agent1', again.dialUri);
    await agents.agent1!.waitForCall(id, 'active', 15_000);
    await agents.agent1!.must((h, cid) => h.phone!.hangUp(cid), id);
    await agents.agent1!.waitForCall(id, 'ended');
  });
});
