// The API as its own process wired to a SIP edge of its own (the shipped Kamailio config, rtpengine,
// sipp): both started with the same fresh shared secrets and the edge's domain, so dial tokens are
// redeemed at the real API and SIP credentials come from it.
import { newEdgeSecrets, startSipStack, type EdgeSecrets, type SipStack, type SipStackOptions } from '../sip/stack';
import { startApi, type ApiProcess } from './api-process';

export interface ApiWithEdge {
  readonly server: ApiProcess;
  readonly sip: SipStack;
  readonly secrets: EdgeSecrets;
}

/**
 * Starts the API (with `env` besides the edge settings), then an edge redeeming at it (`stack`: more of
 * its options; no stack agents or customers unless asked). An edge that fails to start stops the API.
 */
export async function startApiWithEdge(o: { domain?: string; env?: Record<string, string>; stack?: Omit<SipStackOptions, 'api' | 'domain'> } = {}): Promise<ApiWithEdge> {
  const domain = o.domain ?? 'callgate.test';
  const secrets = newEdgeSecrets();
  const server = await startApi({ CALLGATE_EDGE_SECRET: secrets.edgeSecret, CALLGATE_SIP_SECRET: secrets.sipSecret, CALLGATE_EDGE_DOMAIN: domain, ...o.env });
  try {
    const sip = await startSipStack({ agents: 0, customers: 0, ...o.stack, domain, api: { url: server.url, secrets } });
    return { server, sip, secrets };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
