import { z } from 'zod';
import { E164Schema } from '../domain/phone-number';
import { IsoInstantSchema, ObservedInstantSchema } from './common';

/**
 * The SIP edge contract (issue 10, decision records 0010 and 0011; server/README.md "SIP edge contract").
 *
 * The desk never holds a customer's number nor a long-lived SIP password:
 * - a dial authorization gives the desk `sip:d-<token>@<edgeDomain>` and a masked label;
 * - the edge (Kamailio) redeems the token at `POST /v1/edge/dial-tokens/redeem` with the edge secret
 *   and only then routes the INVITE to the trunk;
 * - the desk registers with ephemeral `auth_ephemeral` credentials from `POST /v1/sip/credentials`;
 * - the edge reports what it saw of each call (`POST /v1/edge/call-events`).
 */

/** The user part of a dial URI starts with this; the rest is the opaque token. */
export const DIAL_URI_USER_PREFIX = 'd-';
/** The user part of a practice dial URI (the edge routes it to the practice line, never a trunk). */
export const PRACTICE_URI_USER_PREFIX = 'p-';

/** A dial token: 32 random bytes, base64url (43 characters, no padding). */
export const DialTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a 43-character base64url dial token');

/** `sip:d-<token>@<domain>`. */
export function dialUriOf(token: string, domain: string): string {
  return `sip:${DIAL_URI_USER_PREFIX}${token}@${domain}`;
}

/**
 * `POST /v1/sip/credentials`: Kamailio `auth_ephemeral` credentials (username format 1,
 * `<expiryUnixSeconds>:<userId>`; password base64(HMAC-SHA1(secret, username))). They expire no later
 * than the session token; the desk fetches new ones before `expiresAt`.
 */
export const SipCredentialsSchema = z
  .strictObject({
    username: z.string(),
    password: z.string(),
    /** The digest auth user (same as `username`). */
    authUser: z.string(),
    /** The address of record to register: `sip:<userId>@<edgeDomain>`. */
    aor: z.string(),
    expiresAt: IsoInstantSchema,
  })
  .meta({ id: 'SipCredentials' });
export type SipCredentials = z.infer<typeof SipCredentialsSchema>;

/**
 * Why the edge must refuse an INVITE (the `reason` member of a `dial-token-refused` problem).
 * `not-assigned`: the agent no longer works the lead's campaign (taken off it since the authorization,
 * decision 0016). `gate-changed`: the pre-dial gate, run again at redemption, no longer allows the call
 * (an opt-out, a withdrawn consent, the night-time window, a DNC listing since the authorization); the
 * problem's `reasons` carry the gate's reason codes.
 */
export const DIAL_TOKEN_REFUSALS = ['unknown', 'used', 'expired', 'wrong-agent', 'session-ended', 'not-assigned', 'gate-changed'] as const;
export const DialTokenRefusalSchema = z.enum(DIAL_TOKEN_REFUSALS);
export type DialTokenRefusal = z.infer<typeof DialTokenRefusalSchema>;

/** `POST /v1/edge/dial-tokens/redeem` (edge secret). */
export const DialTokenRedeemRequestSchema = z
  .strictObject({
    /** The token as found in the Request-URI user part after `d-`. */
    token: z.string().min(1).max(200),
    /** The user id part of the authenticated auth_ephemeral username (`<expiry>:<userId>`). */
    sipUser: z.string().min(1).max(100),
    /** The INVITE's Call-ID: a retry with the same Call-ID by the same agent gets the same answer. */
    sipCallId: z.string().min(1).max(200),
  })
  .meta({ id: 'DialTokenRedeemRequest' });
export type DialTokenRedeemRequest = z.infer<typeof DialTokenRedeemRequestSchema>;

export const DialTokenRedeemResponseSchema = z
  .strictObject({
    /** Where the edge routes the call. Personal data: the edge must not log it. */
    target: E164Schema,
    attemptId: z.string(),
    leadId: z.string(),
  })
  .meta({ id: 'DialTokenRedeemResponse' });
export type DialTokenRedeemResponse = z.infer<typeof DialTokenRedeemResponseSchema>;

/** What the edge saw of a call: INVITE sent to the trunk, 200 OK from it, BYE/CANCEL/failure. */
export const EDGE_CALL_EVENT_KINDS = ['start', 'answer', 'end'] as const;
export const EdgeCallEventKindSchema = z.enum(EDGE_CALL_EVENT_KINDS);
export type EdgeCallEventKind = z.infer<typeof EdgeCallEventKindSchema>;

/** `POST /v1/edge/call-events` (edge secret): 204, idempotent per (sipCallId, kind). */
export const EdgeCallEventSchema = z
  .strictObject({
    sipCallId: z.string().min(1).max(200),
    attemptId: z.string().min(1).max(100),
    kind: EdgeCallEventKindSchema,
    /** When the edge saw it (at most a few minutes ahead of the API's clock). */
    at: ObservedInstantSchema,
    /** The final SIP status (an `end` after a failure, e.g. 486), when there is one. */
    sipCode: z.number().int().min(100).max(699).optional(),
    /** BYE, CANCEL, failure text... (no personal data). */
    reason: z.string().max(200).optional(),
  })
  .meta({ id: 'EdgeCallEvent' });
export type EdgeCallEvent = z.infer<typeof EdgeCallEventSchema>;
