/**
 * One opt-out per call (issue 11 item 2): an in-call opt-out reaches the API twice, as the ingested
 * `opt_out` event and as `POST /v1/leads/{id}/opt-out` with the call id, in either order or at once.
 * `call_key` is the call id of opt-outs recorded from now on, unique, so whichever path comes second
 * finds the first (rows recorded before this migration keep it NULL: history is not rewritten).
 */
export const OPT_OUT_ONCE_MIGRATION = {
  name: 'opt-out-once-per-call',
  common: `
ALTER TABLE opt_outs ADD COLUMN call_key TEXT;
CREATE UNIQUE INDEX opt_outs_call_key ON opt_outs (call_key);
`,
} as const;
