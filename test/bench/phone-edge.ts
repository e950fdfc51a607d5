// Phone bench, SIP edge part (issue 10): what asking the API costs a call. Called from parts/phone.ts.
//
// Two identical edges in the same run (the shipped deploy/kamailio/kamailio.cfg, rtpengine, a sipp
// trunk each) and one Chromium running the real sip.js phone on both:
// - value: the edge redeems each dial token at the REAL API (a process on SQLite: conditional UPDATE,
//   access log), as in production;
// - baseline: the same config redeems at a constant-time local stub of the same route
//   (test/sip/edge-api-stub.ts: a map lookup, no database).
// Both baselines still pay the edge's own path (async task, http_client, JSON), so the ratio isolates
// the API's redemption work. A config switch that skipped the check would measure a little less, but it
// would also ship a way to turn dialing authority off; the shipped config has none.
// Calls alternate between the two edges so machine load hits both alike; one unmeasured call each
// first (codec and ICE warm-up). INVITE -> Established is timed in the page around SipPort.call().
// The redeem times are the edge's own (its log: "allowed in N us").
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { PhoneSettingsInput } from '../../shared/phone/phone-settings';
import { AGENT_PAGE, openAgent, type Agent } from '../e2e/phone/agent';
import { launchChromium } from '../sip/browser';
import { servePages, type PageServer } from '../sip/pages';
import { speechWav } from '../sip/speech';
import { startSipStack, type SipStack } from '../sip/stack';
import { api, campaigns, importLeads, login } from '../support/api-fixtures';
import type { ApiProcess } from '../support/api-process';
import { startApiWithEdge } from '../support/api-edge';
import { median, metric, percentile, type Metric } from './metric';

const CALLS = 20;
const DOMAIN = 'callgate.test';

/**
 * Calls `target` and times INVITE -> Established in the page (ms); the call's id with it. Rejects when
 * the call ends before it is established.
 */
export async function establish(agent: Agent, target: string): Promise<{ ms: number; id: string }> {
  return agent.must(
    (h, t) =>
      new Promise<{ ms: number; id: string }>((resolve, reject) => {
        let id = '';
        const t0 = performance.now();
        const off = h.phone!.onCallChange((c) => {
          if (c.id !== id) return;
          if (c.state === 'active') {
            off();
            resolve({ ms: performance.now() - t0, id });
          } else if (c.state === 'ended') {
            off();
            reject(new Error(`call ended before it was established: ${JSON.stringify(c.end)}`));
          }
        });
        h.phone!.call(t).then((x) => (id = x), reject);
      }),
    target,
  );
}

/** INVITE -> Established (ms) of one call to `target`, then hung up and ended. */
export async function timedCall(agent: Agent, target: string): Promise<number> {
  const { ms, id } = await establish(agent, target);
  await agent.must((h, cid) => h.phone!.hangUp(cid), id);
  await agent.waitForCall(id, 'ended');
  return ms;
}

/** Redeem times (ms) the edge logged for allowed dial tokens. */
function redeemTimes(stack: SipStack): number[] {
  return [...readFileSync(stack.edgeLog, 'utf8').matchAll(/redeem of \S+: allowed in (\d+) us/g)].map((m) => Number(m[1]) / 1000);
}

export async function edgeBench(say: (what: string) => void): Promise<Record<string, Metric>> {
  let server: ApiProcess | null = null;
  let real: SipStack | null = null;
  let stubbed: SipStack | null = null;
  let pages: PageServer | null = null;
  let browser: Browser | null = null;
  try {
    say('edge: starting the API with its edge, and a stub edge');
    ({ server, sip: real } = await startApiWithEdge({ domain: DOMAIN }));
    stubbed = await startSipStack({ agents: 1, customers: 0, domain: DOMAIN });
    const admin = (await login(server.url, 'admin')).token;
    const agentLogin = await login(server.url, 'agent1');
    const kr = (await campaigns(server.url, admin)).campaigns.find((c) => c.profile === 'KR');
    if (!kr) throw new Error('no KR campaign in the demo seed');
    const echo = real.pstn.echo.replace('+82', '0');
    const leads = await importLeads(server.url, admin, kr.id, Array.from({ length: CALLS + 1 }, (_, i) => ({ name: `벤치 고객 ${i + 1}`, phone: echo, nightConsent: true })));
    const authorize = async (leadId: string): Promise<string> => {
      await api(server!.url, 'POST', `/v1/campaigns/${kr.id}/next-lead`, agentLogin.token, { leadId });
      const r = await api<{ dialUri: string }>(server!.url, 'POST', `/v1/leads/${leadId}/dial-authorizations`, agentLogin.token, {});
      if (r.status !== 201) throw new Error(`dial authorization: HTTP ${r.status}`);
      return r.json.dialUri;
    };

    pages = await servePages([AGENT_PAGE]);
    browser = await launchChromium({ fakeAudioFile: speechWav(real.runDir) });
    const context = await browser.newContext();
    const creds = await api<{ authUser: string; password: string; aor: string }>(server.url, 'POST', '/v1/sip/credentials', agentLogin.token, {});
    const settings = (wsUrl: string, c: { aor: string; authUser: string; password: string }): PhoneSettingsInput => ({
      serverUrl: wsUrl,
      aor: c.aor,
      authUser: c.authUser,
      authPassword: c.password,
      iceGatheringTimeoutMs: 300,
      reconnect: { baseMs: 250, maxMs: 2_000 },
    });
    const viaApi = await openAgent(context, pages, settings(real.wsUrl, creds.json));
    const stubAgent = stubbed.agents[0];
    if (!stubAgent) throw new Error('no stub agent');
    const viaStub = await openAgent(context, pages, settings(stubbed.wsUrl, stubAgent));
    await viaApi.must((h) => h.phone!.register());
    await viaStub.must((h) => h.phone!.register());

    const samples = { api: [] as number[], stub: [] as number[] };
    const [warm, ...rest] = leads;
    await timedCall(viaApi, await authorize(warm ?? ''));
    await timedCall(viaStub, stubbed.dialUri(stubbed.pstn.echo, stubAgent));
    const apiRedeemsBefore = redeemTimes(real).length;
    const stubRedeemsBefore = redeemTimes(stubbed).length;
    say(`edge: ${CALLS} calls each through the real and the stub redeem`);
    for (let i = 0; i < CALLS; i++) {
      samples.api.push(await timedCall(viaApi, await authorize(rest[i] ?? '')));
      samples.stub.push(await timedCall(viaStub, stubbed.dialUri(stubbed.pstn.echo, stubAgent)));
      if ((i + 1) % 5 === 0) say(`edge: call ${i + 1}/${CALLS}`);
    }
    const apiRedeems = redeemTimes(real).slice(apiRedeemsBefore);
    const stubRedeems = redeemTimes(stubbed).slice(stubRedeemsBefore);
    if (apiRedeems.length !== CALLS || stubRedeems.length !== CALLS) throw new Error(`expected ${CALLS} redeems each, the edges logged ${apiRedeems.length} and ${stubRedeems.length}`);
    await viaApi.close();
    await viaStub.close();
    return {
      'phone.edge_invite_to_established_ms': metric(median(samples.api), 'ms', median(samples.stub)),
      'phone.edge_invite_to_established_p90_ms': metric(percentile(samples.api, 90), 'ms', percentile(samples.stub, 90)),
      'phone.edge_redeem_p50_ms': metric(median(apiRedeems), 'ms', median(stubRedeems)),
      'phone.edge_redeem_p99_ms': metric(percentile(apiRedeems, 99), 'ms', percentile(stubRedeems, 99)),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    await real?.stop();
    await stubbed?.stop();
    await server?.stop();
  }
}
