/** Settings of deploy/kamailio/kamailio.cfg (written to callgate-edge.cfg / callgate-secrets.cfg). */
export interface EdgeSettings {
  /** host:port for SIP over WebSocket (ws://). */
  readonly wsListen: string;
  /** host:port for plain SIP (UDP) towards the trunk and the practice line. */
  readonly sipListen: string;
  /** The domain of AORs and dial URIs (the API's CALLGATE_EDGE_DOMAIN). */
  readonly domain: string;
  /** IP:port of the carrier trunk; only its IP may send in-dialog plain SIP. */
  readonly trunk: string;
  /** IP:port of rtpengine's ng socket. */
  readonly rtpengineNg: string;
  /** The central API (http or https), no trailing slash needed. */
  readonly apiUrl: string;
  /** The API's voice practice line (CALLGATE_PRACTICE_SIP), IP:port. */
  readonly practice?: string;
  readonly apiTimeoutSec?: number;
  readonly asyncWorkers?: number;
  readonly children?: number;
  readonly tls?: { readonly listen: string; readonly config: string };
  readonly allowedOrigin?: string;
  /** Bearer credential of the API's edge routes (CALLGATE_EDGE_SECRET). */
  readonly edgeSecret: string;
  /** auth_ephemeral shared secret (CALLGATE_SIP_SECRET). */
  readonly sipSecret: string;
}

export const EDGE_CONFIG: string;
export function edgeSettingsText(settings: EdgeSettings): string;
export function edgeSecretsText(settings: EdgeSettings): string;
export function writeEdgeRunDir(dir: string, settings: EdgeSettings): string;
