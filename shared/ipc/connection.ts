import { z } from 'zod';
import { IceServerSchema } from '../phone/phone-settings';

/** How many ICE servers a policy may name (far above any real site). */
export const MAX_ICE_SERVERS = 10;

/**
 * The SIP edge the desk's phone registers with and the ICE servers its WebRTC uses, provisioned like
 * the API address (decision 0015): never settings, never writable by the renderer, and the only SIP
 * origin the desk's Content-Security-Policy allows.
 */
export const ProvisionedSipSchema = z.strictObject({
  /** The edge's SIP-over-WebSocket URL (`wss://`; `ws://` only to this machine in development builds); null: no phone. */
  wsUrl: z.string().nullable(),
  iceServers: z.array(IceServerSchema).max(MAX_ICE_SERVERS),
});
export type ProvisionedSip = z.infer<typeof ProvisionedSipSchema>;

/**
 * Where the desk connects, provisioned by an administrator, never by the renderer (DESIGN.md "Trust
 * boundary"): the renderer may read it (`connection:get`), no channel writes it.
 */
export const ConnectionSchema = z.strictObject({
  /** The central API's origin, e.g. `https://callgate.example.com`. */
  apiUrl: z.string(),
  /** `policy`: the administrator's policy file; `development`: a development build's default or override. */
  source: z.enum(['policy', 'development']),
  /** The policy file it was read from (null in development). */
  policyFile: z.string().nullable(),
  /** The SIP edge and ICE servers (decision 0015). */
  sip: ProvisionedSipSchema,
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** The policy file an administrator installs with the desk (JSON). */
export const DeskPolicySchema = z.strictObject({
  /** The central API's origin: https (http only to this machine, and only in development builds). */
  apiUrl: z.string(),
  /** The SIP edge's WebSocket URL: wss (ws only to this machine, and only in development builds). */
  sipWsUrl: z.string().optional(),
  /** STUN/TURN servers of the site (none: loopback and LAN need none). */
  iceServers: z.array(IceServerSchema).max(MAX_ICE_SERVERS).optional(),
});
export type DeskPolicy = z.infer<typeof DeskPolicySchema>;
