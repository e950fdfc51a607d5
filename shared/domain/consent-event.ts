import { z } from 'zod';
import { BoundedInstantSchema } from './bounds';
import { ConsentKindSchema } from './consent-grant';
import { SpokenLocaleSchema } from './locale';
import { TimeZoneSchema } from './time-zone';

/** Most rule ids one event may serve. */
export const MAX_EVENT_RULE_IDS = 32;
const Id = z.string().min(1).max(200);

/**
 * What a ConsentEvent records:
 * - `disclosure`: the agent read a mandatory text aloud and confirmed it (KR-ID, KR-SOURCE, US-DISC...);
 * - `answer`: the customer answered a question (time permission, consent...);
 * - `pitch`: the (unlocked) pitch was delivered;
 * - `opt_out`: the customer asked not to be called again (KR-OPTOUT, US-IDNC);
 * - `refusal`: the customer refused to continue, without opting out;
 * - `outcome`: the agent recorded the call's outcome;
 * - `aborted`: the run ended without an answer (call dropped), recording its partial state.
 */
export const CONSENT_EVENT_KINDS = ['disclosure', 'answer', 'pitch', 'opt_out', 'refusal', 'outcome', 'aborted'] as const;
export const ConsentEventKindSchema = z.enum(CONSENT_EVENT_KINDS);
export type ConsentEventKind = z.infer<typeof ConsentEventKindSchema>;

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

/**
 * One answer in one call: the unit of consent evidence. Made on the desktop (eventId is UUIDv7),
 * durable in the desktop outbox before the UI moves on, then delivered to the central ledger, which
 * accepts each eventId once. Holds ids, never a phone number or a name.
 */
export const ConsentEventSchema = z.strictObject({
  eventId: z.string().regex(UUID_V7, 'expected a UUIDv7'),
  callId: Id,
  /** SIP Call-ID of the dialog; absent for practice calls without SIP. */
  sipCallId: Id.optional(),
  leadId: Id,
  campaignId: Id,
  agentId: Id,
  scriptId: Id,
  scriptVersion: z.number().int().positive(),
  stepId: Id,
  /** 0-based position of the event in its call; the ledger keeps a call's events in this order. */
  seq: z.number().int().nonnegative(),
  kind: ConsentEventKindSchema,
  /** The answer or action id (`yes`, `no`, `confirmed`, `opt_out`, an outcome code...). */
  answer: z.string().min(1).max(64),
  /** Set when this event grants or refuses a consent of that kind (e.g. marketing_call on KR-MKT). */
  consentKind: ConsentKindSchema.optional(),
  /** Rule ids of ../shared/COMPLIANCE.md this step serves (e.g. ["KR-ID"]). */
  ruleIds: z.array(z.string().max(40).regex(/^[A-Z]{2}-[A-Z0-9-]+$/)).max(MAX_EVENT_RULE_IDS).default([]),
  /** The exact rendered text the agent saw, and its SHA-256 (hex, over UTF-8). */
  promptText: z.string().min(1).max(20_000),
  promptSha256: Sha256HexSchema,
  /** The language the text was read in (ko, en; de for German callees). */
  locale: SpokenLocaleSchema,
  /**
   * When it happened. Evidence (not practice) may be at most a few minutes ahead of the server's clock;
   * long ago is stored and its call flagged late.
   */
  occurredAt: BoundedInstantSchema,
  calleeTimeZone: TimeZoneSchema,
  practice: z.boolean(),
});
export type ConsentEvent = z.infer<typeof ConsentEventSchema>;

/** How a call ended (DESIGN.md "Call"). */
export const CALL_OUTCOMES = [
  'sale',
  'callback',
  'not_interested',
  'no_time',
  'refused_consent',
  'opt_out',
  'no_answer',
  'busy',
  'rejected',
  'failed',
  'dropped',
] as const;
export const CallOutcomeSchema = z.enum(CALL_OUTCOMES);
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;
