/**
 * The desk's media report on a call (issue 13 item 1, decision 0041): `calls.dead_air_ms`, the dead air
 * the desk measured (its claim, stored as reported), and the review flag `flag_dead_air` with its
 * rollup counter.
 */
export const MEDIA_REPORT_MIGRATION = {
  name: 'desk-media-report',
  common: `
ALTER TABLE calls ADD COLUMN dead_air_ms INTEGER;
ALTER TABLE calls ADD COLUMN flag_dead_air INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_rollup ADD COLUMN flag_dead_air INTEGER NOT NULL DEFAULT 0;
`,
} as const;
