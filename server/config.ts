import { dirname, resolve } from 'node:path';
import { PROFILE_IDS, type ProfileId } from '../shared/domain/campaign';
import { isKnownTimeZone } from '../shared/domain/time-zone';

/** Everything the server reads from the environment, with defaults that need no environment at all. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** SQLite file (embedded default), used unless `databaseUrl` is set. */
  readonly sqliteFile: string;
  /** `postgres://...` selects PostgreSQL. */
  readonly databaseUrl: string | undefined;
  readonly pgSchema: string | undefined;
  /** Folder for DNC snapshot files (rebuilt into lookups at start). */
  readonly dataDir: string;
  readonly tokenTtlSec: number;
  /** How long an authenticated session is trusted without asking the database again (0: every request asks). */
  readonly sessionCacheMs: number;
  /** How long a dial authorization may be used. */
  readonly dialTtlSec: number;
  /** How long a lead offered to one agent is held from others. */
  readonly leadHoldSec: number;
  readonly loginPerAddressMax: number;
  readonly loginPerAddressWindowSec: number;
  readonly loginFailuresPerUserMax: number;
  readonly loginFailuresWindowSec: number;
  /** An event arriving later than this after it happened flags its call `late_events`. */
  readonly lateEventSec: number;
  /** Open calls whose script run the ingest keeps in memory (bounded LRU; a miss replays from the database). */
  readonly replayCacheCalls: number;
  /**
   * The contact center's IANA time zone: review days (KPIs, trends, rollups) are its calendar days and
   * the desk shows review times in it. Changing it rebuilds the rollups at the next start.
   */
  readonly centerTimeZone: string;
  readonly demoPassword: string | undefined;
  /** scrypt cost (log2 N) for new password hashes. */
  readonly scryptLog2N: number;
  readonly logLevel: string;
  /** Where the voice practice line receives SIP over UDP (`CALLGATE_PRACTICE_SIP=127.0.0.1:5070`); unset: text practice only. */
  readonly practiceSip: { readonly host: string; readonly port: number } | undefined;
  /** The address the practice line puts in SDP and binds RTP on (default: its SIP host). */
  readonly practiceMediaHost: string | undefined;
  /** The SIP edge's domain in practice dial URIs (`sip:p-<token>@DOMAIN`); default the line's own host:port. */
  readonly practiceDialDomain: string | undefined;
  /** How long the simulated customer's phone rings before they pick up. */
  readonly practiceRingMs: number;
  /** espeak-ng binary for the simulated customer's voice (default `espeak-ng` on PATH). */
  readonly espeakBinary: string | undefined;
  /** rtpengine's ng control socket (`host:port`); without it calls are not recorded. */
  readonly rtpengineNg: string | undefined;
  /** rtpengine's `--recording-dir` as this process sees it (pcaps are read, sealed and removed). */
  readonly rtpengineRecordingDir: string | undefined;
  /** Where sealed (encrypted) recordings are kept. */
  readonly recordingsDir: string;
  /** The recording keyring: base64 server keys, one per line, the first current (created if missing). */
  readonly recordingKeyFile: string;
  /** Days recordings are kept per profile (defaults: the profile's policy; never below its floor). */
  readonly recordingRetentionDays: Readonly<Partial<Record<ProfileId, number>>>;
  /** How long a playback or export link stays valid. */
  readonly playbackGrantTtlSec: number;
  /** How often the retention job deletes expired recordings (0: never; `npm run recordings:purge` does it by hand). */
  readonly recordingPurgeIntervalSec: number;
  /** KR-WITHDRAW notices: SMTP URL (unset: no notices are sent; overdue ones show as a review flag). */
  readonly smtpUrl: string | undefined;
  readonly noticeFrom: string;
  /** The notice address of a person: `{digits}` is replaced by the number's digits (e-mail-to-SMS gateway). */
  readonly noticeTo: string;
  readonly noticeIntervalSec: number;
  /** Ledger anchors: the Ed25519 signing key (PEM or base64 PKCS#8) from `CALLGATE_ANCHOR_KEY`; else `anchorKeyFile`. */
  readonly anchorKey: string | undefined;
  /** The anchor key file (PEM), generated on first start when missing; its public key beside it (`.pub`). */
  readonly anchorKeyFile: string;
  /** The anchor log (JSONL), kept outside the database. */
  readonly anchorLog: string;
  /** Anchor every this many ledger entries... */
  readonly anchorEveryEntries: number;
  /** ...and a changed head at least this often (seconds). */
  readonly anchorIntervalSec: number;
  /** How often the committed head is looked at (ms; 0: never by itself). */
  readonly anchorPollMs: number;
  /**
   * Redis for state shared by several API processes (rate limits), e.g. `redis://127.0.0.1:6379`; unset:
   * in-process state (one API process, the embedded default).
   */
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key this deployment uses. */
  readonly redisPrefix: string;
  /** KR-ACCESS: access-log retention in days (365; 730 once the company holds data of 50,000+ persons). */
  readonly accessLogRetentionDays: number | undefined;
  /**
   * The SIP edge's domain (`CALLGATE_EDGE_DOMAIN`): dial URIs `sip:d-<token>@DOMAIN`, SIP AORs
   * `sip:<userId>@DOMAIN`, and practice dial URIs when no practice domain is set. Unset: no edge is
   * configured (dial URIs name `callgate.invalid`, which nothing routes).
   */
  readonly edgeDomain: string | undefined;
  /**
   * The SIP edge's credential for the edge-only routes (`CALLGATE_EDGE_SECRET`, sent as
   * `Authorization: Bearer <secret>`). Unset: generated once and kept in `<dataDir>/keys/edge.secret`
   * (`createServer` fills it in). A desk never has it.
   */
  readonly edgeSecret: string | undefined;
  /**
   * The shared secret of Kamailio's auth_ephemeral (`CALLGATE_SIP_SECRET`): SIP passwords are
   * base64(HMAC-SHA1(secret, username)). Unset: generated once in `<dataDir>/keys/sip.secret`.
   */
  readonly sipSecret: string | undefined;
  /** Longest life of ephemeral SIP credentials (never past the session token's expiry). */
  readonly sipCredentialTtlSec: number;
  /** Edge-observed and desk-reported answer/end times further apart than this flag the call `edge_mismatch`. */
  readonly edgeTimeToleranceSec: number;
}

/** `host:port` (an optional `udp:` in front) of the practice line. */
function hostPort(name: string, raw: string | undefined): { host: string; port: number } | undefined {
  if (raw === undefined || raw === '') return undefined;
  const m = /^(?:udp:)?([^:\s]+):(\d{1,5})$/.exec(raw.trim());
  const port = Number(m?.[2]);
  if (!m || port > 65_535) throw new Error(`${name} must be host:port (e.g. 127.0.0.1:5070)`);
  return { host: m[1] as string, port };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

function optionalInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  return env[name] === undefined || env[name] === '' ? undefined : int(env, name, 0);
}

function zone(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!isKnownTimeZone(raw)) throw new Error(`${name} must be an IANA time zone such as Asia/Seoul (got ${raw})`);
  return raw;
}

/** A shared secret from the environment: at least 20 URL-safe characters (it travels in headers and configs). */
function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(raw)) throw new Error(`${name} must be 20-200 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')`);
  return raw;
}

/** The domain dial URIs and SIP AORs name when no edge is configured (RFC 6761: resolves nowhere). */
export const NO_EDGE_DOMAIN = 'callgate.invalid';

/** The KR profile is the default, so is a Korean center's zone. */
export const DEFAULT_CENTER_TIME_ZONE = 'Asia/Seoul';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const sqliteFile = resolve(env['CALLGATE_DB'] ?? 'data/callgate.sqlite');
  const dataDir = resolve(env['CALLGATE_DATA_DIR'] ?? dirname(sqliteFile));
  const retention: Partial<Record<ProfileId, number>> = {};
  for (const p of PROFILE_IDS) {
    const days = optionalInt(env, `CALLGATE_RECORDING_RETENTION_DAYS_${p}`);
    if (days !== undefined) retention[p] = days;
  }
  return {
    port: int(env, 'PORT', 8787),
    host: env['HOST'] ?? '127.0.0.1',
    sqliteFile,
    databaseUrl: env['DATABASE_URL'] || undefined,
    pgSchema: env['CALLGATE_PG_SCHEMA'] || undefined,
    dataDir,
    tokenTtlSec: int(env, 'CALLGATE_TOKEN_TTL_SEC', 8 * 3600),
    sessionCacheMs: int(env, 'CALLGATE_SESSION_CACHE_MS', 2000),
    dialTtlSec: int(env, 'CALLGATE_DIAL_TTL_SEC', 60),
    leadHoldSec: int(env, 'CALLGATE_LEAD_HOLD_SEC', 300),
    loginPerAddressMax: int(env, 'CALLGATE_LOGIN_PER_ADDRESS_MAX', 30),
    loginPerAddressWindowSec: int(env, 'CALLGATE_LOGIN_PER_ADDRESS_WINDOW_SEC', 60),
    loginFailuresPerUserMax: int(env, 'CALLGATE_LOGIN_FAILURES_PER_USER_MAX', 5),
    loginFailuresWindowSec: int(env, 'CALLGATE_LOGIN_FAILURES_WINDOW_SEC', 900),
    lateEventSec: int(env, 'CALLGATE_LATE_EVENT_SEC', 300),
    replayCacheCalls: int(env, 'CALLGATE_REPLAY_CACHE_CALLS', 10_000),
    centerTimeZone: zone(env, 'CALLGATE_CENTER_TZ', DEFAULT_CENTER_TIME_ZONE),
    demoPassword: env['CALLGATE_DEMO_PASSWORD'] || undefined,
    scryptLog2N: int(env, 'CALLGATE_SCRYPT_LOG2N', 15),
    logLevel: env['LOG_LEVEL'] ?? 'info',
    practiceSip: hostPort('CALLGATE_PRACTICE_SIP', env['CALLGATE_PRACTICE_SIP']),
    practiceMediaHost: env['CALLGATE_PRACTICE_MEDIA_IP'] || undefined,
    practiceDialDomain: env['CALLGATE_PRACTICE_DIAL_DOMAIN'] || undefined,
    practiceRingMs: int(env, 'CALLGATE_PRACTICE_RING_MS', 1000),
    espeakBinary: env['CALLGATE_ESPEAK'] || undefined,
    rtpengineNg: env['CALLGATE_RTPENGINE_NG'] || undefined,
    rtpengineRecordingDir: env['CALLGATE_RTPENGINE_RECORDING_DIR'] ? resolve(env['CALLGATE_RTPENGINE_RECORDING_DIR']) : undefined,
    recordingsDir: resolve(env['CALLGATE_RECORDINGS_DIR'] ?? `${dataDir}/recordings`),
    recordingKeyFile: resolve(env['CALLGATE_RECORDING_KEY_FILE'] ?? `${dataDir}/keys/recording.key`),
    recordingRetentionDays: retention,
    playbackGrantTtlSec: int(env, 'CALLGATE_PLAYBACK_GRANT_TTL_SEC', 600),
    recordingPurgeIntervalSec: int(env, 'CALLGATE_RECORDING_PURGE_INTERVAL_SEC', 3600),
    smtpUrl: env['CALLGATE_SMTP_URL'] || undefined,
    noticeFrom: env['CALLGATE_NOTICE_FROM'] ?? 'Callgate <notices@callgate.invalid>',
    noticeTo: env['CALLGATE_NOTICE_TO'] ?? '{digits}@sms.invalid',
    noticeIntervalSec: int(env, 'CALLGATE_NOTICE_INTERVAL_SEC', 600),
    redisUrl: env['CALLGATE_REDIS_URL'] || undefined,
    redisPrefix: env['CALLGATE_REDIS_PREFIX'] ?? 'callgate:',
    anchorKey: env['CALLGATE_ANCHOR_KEY'] || undefined,
    anchorKeyFile: resolve(env['CALLGATE_ANCHOR_KEY_FILE'] ?? `${dataDir}/keys/anchor.key`),
    anchorLog: resolve(env['CALLGATE_ANCHOR_LOG'] ?? `${dataDir}/ledger-anchors.jsonl`),
    anchorEveryEntries: Math.max(1, int(env, 'CALLGATE_ANCHOR_EVERY_ENTRIES', 1000)),
    anchorIntervalSec: int(env, 'CALLGATE_ANCHOR_INTERVAL_SEC', 300),
    anchorPollMs: int(env, 'CALLGATE_ANCHOR_POLL_MS', 1000),
    accessLogRetentionDays: env['CALLGATE_ACCESS_LOG_RETENTION_DAYS'] ? int(env, 'CALLGATE_ACCESS_LOG_RETENTION_DAYS', 365) : undefined,
    edgeDomain: env['CALLGATE_EDGE_DOMAIN'] || undefined,
    edgeSecret: secret(env, 'CALLGATE_EDGE_SECRET'),
    sipSecret: secret(env, 'CALLGATE_SIP_SECRET'),
    sipCredentialTtlSec: int(env, 'CALLGATE_SIP_CREDENTIAL_TTL_SEC', 3600),
    edgeTimeToleranceSec: int(env, 'CALLGATE_EDGE_TIME_TOLERANCE_SEC', 5),
  };
}

/** Defaults for tests: in-memory-ish paths are supplied by the caller. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  // A cheap scrypt cost keeps seeding fast; the stored parameters make verification follow it.
  const base = loadConfig({});
  const dataDir = overrides.dataDir ?? base.dataDir;
  return {
    ...base,
    logLevel: 'silent',
    scryptLog2N: 10,
    // Recordings and their keys live in the test's own data folder unless a test says otherwise.
    recordingsDir: `${dataDir}/recordings`,
    recordingKeyFile: `${dataDir}/keys/recording.key`,
    recordingPurgeIntervalSec: 0,
    // Anchors in the test's folder; tests drive them with `ctx.anchors.tick()` unless they set a poll.
    anchorKeyFile: `${dataDir}/keys/anchor.key`,
    anchorLog: `${dataDir}/ledger-anchors.jsonl`,
    anchorPollMs: 0,
    noticeIntervalSec: 0,
    ...overrides,
  };
}
