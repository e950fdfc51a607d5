import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './keyring';

/**
 * The short-lived capability an audio link carries (`?grant=`): which recording, for whom, for what
 * (play or export), until when, signed with a key derived from the recording keyring. Issuing one is
 * what is access-logged (with the reason); the player then fetches ranges with it. A grant names one
 * recording only and expires in minutes, so a copied link is worth little.
 */
export interface AudioGrant {
  readonly recordingId: string;
  readonly userId: string;
  readonly purpose: 'play' | 'export';
  readonly expiresAtMs: number;
}

function macKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'callgate-audio-grant-v1', 32));
}

export function signGrant(g: AudioGrant, keyring: Keyring): string {
  const server = keyring.current();
  const body = Buffer.from(JSON.stringify({ r: g.recordingId, u: g.userId, p: g.purpose, e: g.expiresAtMs, k: server.id }), 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', macKey(server.key)).update(body).digest('base64url')}`;
}

/** The grant, if `token` is one this keyring signed, for `recordingId`, and not expired at `now`; else null. */
export function checkGrant(token: string, recordingId: string, keyring: Keyring, now: Date): AudioGrant | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  let v: { r?: unknown; u?: unknown; p?: unknown; e?: unknown; k?: unknown };
  try {
    v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof v;
  } catch {
    return null;
  }
  const server = typeof v.k === 'string' ? keyring.byId(v.k) : undefined;
  if (!server) return null;
  const want = createHmac('sha256', macKey(server.key)).update(body).digest();
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  if (v.r !== recordingId || typeof v.u !== 'string' || (v.p !== 'play' && v.p !== 'export') || typeof v.e !== 'number') return null;
  if (now.getTime() > v.e) return null;
  return { recordingId: v.r, userId: v.u, purpose: v.p, expiresAtMs: v.e };
}
