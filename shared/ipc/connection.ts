import { z } from 'zod';

/**
 * Where the desk connects, provisioned by an administrator, never by the renderer (DESIGN.md "Trust
 * boundary"): the renderer may read it (`connection:get`), no channel writes it. The SIP edge and its
 * ICE servers come from the API after sign-in (the SIP session), so the API URL is the one root.
 */
export const ConnectionSchema = z.strictObject({
  /** The central API's origin, e.g. `https://callgate.example.com`. */
  apiUrl: z.string(),
  /** `policy`: the administrator's policy file; `development`: a development build's default or override. */
  source: z.enum(['policy', 'development']),
  /** The policy file it was read from (null in development). */
  policyFile: z.string().nullable(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** The policy file an administrator installs with the desk (JSON). */
export const DeskPolicySchema = z.strictObject({
  /** The central API's origin: https (http only to this machine, and only in development builds). */
  apiUrl: z.string(),
});
export type DeskPolicy = z.infer<typeof DeskPolicySchema>;
