import { z } from 'zod';

/**
 * The kinds of consent a person can give (../shared/COMPLIANCE.md):
 * - `marketing_call`: phone advertising from the named companies (KR-CONSENT, KR-MKT);
 * - `night_call`: separate consent for advertising calls 21:00-08:00 (KR-NIGHT);
 * - `third_party_provision`: the data may be given to the named recipients (KR-3P);
 * - `recording`: the call may be recorded (KR-REC, US-RECNOTICE);
 * - `written_call`: US signed written consent to telemarketing calls, overrides the NDNC (US-NDNC).
 */
export const CONSENT_KINDS = ['marketing_call', 'night_call', 'third_party_provision', 'recording', 'written_call'] as const;
export const ConsentKindSchema = z.enum(CONSENT_KINDS);
export type ConsentKind = z.infer<typeof ConsentKindSchema>;

const isoInstant = z.iso.datetime({ offset: true });

/** One consent a person gave. Immutable evidence: a withdrawal or re-confirmation sets a timestamp. */
export const ConsentGrantSchema = z.strictObject({
  id: z.string().min(1),
  leadId: z.string().min(1),
  kind: ConsentKindSchema,
  /** Company ids the consent names. "and partners" is not a recipient (KR-3P). */
  recipients: z.array(z.string().min(1)).min(1),
  purpose: z.string().min(1),
  items: z.array(z.string().min(1)).default([]),
  retention: z.string().min(1),
  /** Version of the provision terms (purpose, items, retention) the person agreed to; KR-3P compares it. */
  termsVersion: z.string().min(1).optional(),
  grantedAt: isoInstant,
  reconfirmedAt: isoInstant.optional(),
  withdrawnAt: isoInstant.optional(),
  evidenceRef: z.string().min(1),
});
export type ConsentGrant = z.infer<typeof ConsentGrantSchema>;
