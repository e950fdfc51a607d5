import { z } from 'zod';

/**
 * One ICE server (STUN/TURN). The phone never adds a public STUN server on its own: a call-centre
 * network uses the company's own servers or none (loopback and LAN need none).
 */
export const IceServerSchema = z.strictObject({
  urls: z.union([z.string().regex(/^(stun|turn|turns):/, 'expected a stun:, turn: or turns: URL'), z.array(z.string().regex(/^(stun|turn|turns):/, 'expected a stun:, turn: or turns: URL')).min(1)]),
  username: z.string().min(1).optional(),
  credential: z.string().min(1).optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

export const ReconnectBackoffSchema = z
  .strictObject({
    baseMs: z.number().int().min(50).max(60_000).default(500),
    maxMs: z.number().int().min(100).max(600_000).default(30_000),
  })
  .refine((b) => b.maxMs >= b.baseMs, { message: 'maxMs must be at least baseMs', path: ['maxMs'] });

/**
 * How the phone knows the SIP server still answers on an open connection (a frozen or black-holed
 * server never closes the socket): when nothing arrived for `intervalMs`, it sends an OPTIONS
 * keepalive; no answer within `timeoutMs` means the server is unresponsive, and the phone drops the
 * connection and reconnects. While reconnecting it asks the server over plain HTTP(S) every `probeIntervalMs`
 * (one at a time): the first that connects shows the server is back and the next attempt runs at
 * once, whatever the backoff said.
 */
export const LivenessSchema = z
  .strictObject({
    intervalMs: z.number().int().min(500).max(120_000).default(3_000),
    timeoutMs: z.number().int().min(200).max(60_000).default(2_500),
    probeIntervalMs: z.number().int().min(200).max(60_000).default(1_000),
  })
  .refine((l) => l.timeoutMs < l.intervalMs * 4, { message: 'timeoutMs must be under four keepalive intervals', path: ['timeoutMs'] });

/**
 * Everything the phone needs to reach its SIP server. Parsed with parsePhoneSettings; every field
 * but the four connection fields has a default.
 */
export const PhoneSettingsSchema = z.strictObject({
  /** SIP over WebSocket endpoint, e.g. `wss://sip.example.com:7443`. */
  serverUrl: z.url({ protocol: /^wss?$/, error: 'expected a ws:// or wss:// URL' }),
  /** The address of record, e.g. `sip:agent17@calls.example.com`. */
  aor: z.string().regex(/^sips?:[A-Za-z0-9._~+-]+@[A-Za-z0-9.-]+(:\d+)?$/, 'expected sip:user@domain'),
  authUser: z.string().min(1, 'must not be empty').max(128),
  authPassword: z.string().min(1, 'must not be empty').max(256),
  displayName: z.string().min(1).max(64).optional(),
  /** Default none: never a public STUN server. */
  iceServers: z.array(IceServerSchema).default([]),
  /** Cap on ICE candidate gathering per offer/answer; most of call setup time on a LAN. */
  iceGatheringTimeoutMs: z.number().int().min(50).max(10_000).default(500),
  registerExpiresSec: z.number().int().min(30).max(3600).default(300),
  /** An unanswered outgoing call is cancelled after this long and ends as `no_answer`. */
  noAnswerTimeoutMs: z.number().int().min(1_000).max(180_000).default(30_000),
  reconnect: ReconnectBackoffSchema.default({ baseMs: 500, maxMs: 30_000 }),
  /**
   * After the connection to the server is lost during a call, how long the phone waits for it to
   * come back and for the far end to confirm the call before ending it as `server_lost`.
   */
  callRecoveryTimeoutMs: z.number().int().min(1_000).max(60_000).default(8_000),
  /** How DTMF is sent when the caller does not say: RFC 4733 in the media, or SIP INFO. */
  dtmfMethod: z.enum(['rfc4733', 'info']).default('rfc4733'),
  /** How often call quality is sampled while a call is connected. */
  qualityIntervalMs: z.number().int().min(250).max(60_000).default(2_000),
  /** No audio packet from the far end for this long while expected: the `no_audio` warning. */
  noAudioAfterMs: z.number().int().min(1_000).max(60_000).default(3_000),
  liveness: LivenessSchema.default({ intervalMs: 3_000, timeoutMs: 2_500, probeIntervalMs: 1_000 }),
  /** A pre-warmed microphone and peer connection (SipPort.prepareCall) unused this long are released. */
  prewarmIdleMs: z.number().int().min(1_000).max(600_000).default(60_000),
});
export type PhoneSettings = z.infer<typeof PhoneSettingsSchema>;
export type PhoneSettingsInput = z.input<typeof PhoneSettingsSchema>;

export class PhoneSettingsError extends Error {
  override readonly name = 'PhoneSettingsError';
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(`invalid phone settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/**
 * Parses phone settings, filling defaults. Throws PhoneSettingsError naming each bad field by its
 * JSON path (e.g. `iceServers[0].urls`); it never echoes a value (the password is among them).
 */
export function parsePhoneSettings(input: unknown): PhoneSettings {
  const result = PhoneSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new PhoneSettingsError(
    result.error.issues.map((issue) => ({
      path: issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '') || '(root)',
      message: issue.message,
    })),
  );
}

/** The user and domain parts of the AOR (`sip:agent17@calls.example.com`). */
export function aorParts(aor: string): { readonly user: string; readonly domain: string } {
  const match = /^sips?:([^@]+)@(.+)$/.exec(aor);
  if (!match?.[1] || !match[2]) throw new PhoneSettingsError([{ path: 'aor', message: 'expected sip:user@domain' }]);
  return { user: match[1], domain: match[2] };
}
