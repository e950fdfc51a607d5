import type { Dialect } from './sql';

/**
 * Fills the review facts of calls from their stored events (run once by the migration; a test runs it
 * again to prove it agrees with the trigger).
 */
export const REVIEW_FACTS_BACKFILL: Readonly<Record<Dialect, string>> = {
  sqlite:
    `UPDATE calls SET ` +
    `time_asked = CASE WHEN EXISTS (SELECT 1 FROM consent_events e, json_each(e.body, '$.ruleIds') r WHERE e.call_id = calls.id AND e.kind = 'answer' AND r.value = 'CG-TIME') THEN 1 ELSE 0 END, ` +
    `time_yes = CASE WHEN EXISTS (SELECT 1 FROM consent_events e, json_each(e.body, '$.ruleIds') r WHERE e.call_id = calls.id AND e.kind = 'answer' AND r.value = 'CG-TIME' AND json_extract(e.body, '$.answer') = 'yes') THEN 1 ELSE 0 END, ` +
    `pitch_reached = CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.call_id = calls.id AND e.kind = 'pitch') THEN 1 ELSE 0 END, ` +
    `refused = CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.call_id = calls.id AND e.kind = 'refusal') THEN 1 ELSE 0 END, ` +
    `consent_at = (SELECT MIN(e.occurred_at) FROM consent_events e WHERE e.call_id = calls.id AND e.kind = 'answer' AND json_extract(e.body, '$.consentKind') = 'marketing_call' AND json_extract(e.body, '$.answer') = 'yes') ` +
    `WHERE event_count > 0;`,
  postgres: `DO $$
BEGIN
  UPDATE calls c SET
    time_asked = CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.call_id = c.id AND e.kind = 'answer' AND (e.body::jsonb -> 'ruleIds') @> '["CG-TIME"]'::jsonb) THEN 1 ELSE 0 END,
    time_yes = CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.call_id = c.id AND e.kind = 'answer' AND (e.body::jsonb -> 'ruleIds') @> '["CG-TIME"]'::jsonb AND e.body::jsonb ->> 'answer' = 'yes') THEN 1 ELSE 0 END,
    pitch_reached = CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.call_id = c.id AND e.kind = 'pitch') THEN 1 ELSE 0 END,
    refused = CASE WHEN EXISTS (SELECT 1 FROM consent_events e WHERE e.call_id = c.id AND e.kind = 'refusal') THEN 1 ELSE 0 END,
    consent_at = (SELECT MIN(e.occurred_at) FROM consent_events e WHERE e.call_id = c.id AND e.kind = 'answer'
                    AND e.body::jsonb ->> 'consentKind' = 'marketing_call' AND e.body::jsonb ->> 'answer' = 'yes')
  WHERE c.event_count > 0;
END;
$$;`,
};

/**
 * Review facts of a call (issue 6), kept by the database itself so every writer of consent events
 * (the ingest, an import, a bench) leaves them right:
 * - `time_asked` / `time_yes`: an `answer` event of a step serving CG-TIME was recorded / was `yes`;
 * - `pitch_reached`: a `pitch` event was recorded; `refused`: a `refusal` event was recorded;
 * - `consent_at`: occurredAt of the first marketing consent `yes` (KR-MKT), for "time to consent".
 * A trigger on consent_events sets them as events arrive; existing calls are filled in once here.
 * The trigger's WHEN clause is a cheap text pre-filter; the body decides on the parsed JSON.
 * Partial indexes hold the few calls flagged late / pitch-without-consent, per team and overall.
 */
export const REVIEW_FACTS_MIGRATION = {
  name: 'review-call-facts',
  common: `
ALTER TABLE calls ADD COLUMN time_asked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN time_yes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN pitch_reached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN consent_at TEXT;
CREATE INDEX calls_campaign ON calls (campaign_id, started_at, id);
CREATE INDEX dial_attempts_at ON dial_attempts (at);
CREATE INDEX opt_outs_at ON opt_outs (at);
CREATE INDEX opt_outs_notice ON opt_outs (notice_due_at);
CREATE INDEX access_log_user ON access_log (user_id, at);
CREATE INDEX calls_late_events ON calls (started_at) WHERE flag_late_events = 1;
CREATE INDEX calls_team_late_events ON calls (team_id, started_at) WHERE flag_late_events = 1;
CREATE INDEX calls_pitch_without_consent ON calls (started_at) WHERE flag_pitch_without_consent = 1;
CREATE INDEX calls_team_pitch_without_consent ON calls (team_id, started_at) WHERE flag_pitch_without_consent = 1;
`,
  // One statement per line (the SQLite script runner splits on lines).
  sqlite: [
    `CREATE TRIGGER review_call_facts AFTER INSERT ON consent_events WHEN NEW.kind IN ('pitch', 'refusal') OR (NEW.kind = 'answer' AND (NEW.body LIKE '%CG-TIME%' OR NEW.body LIKE '%marketing_call%')) BEGIN UPDATE calls SET ` +
      `time_asked = CASE WHEN NEW.kind = 'answer' AND EXISTS (SELECT 1 FROM json_each(NEW.body, '$.ruleIds') WHERE value = 'CG-TIME') THEN 1 ELSE time_asked END, ` +
      `time_yes = CASE WHEN NEW.kind = 'answer' AND json_extract(NEW.body, '$.answer') = 'yes' AND EXISTS (SELECT 1 FROM json_each(NEW.body, '$.ruleIds') WHERE value = 'CG-TIME') THEN 1 ELSE time_yes END, ` +
      `pitch_reached = CASE WHEN NEW.kind = 'pitch' THEN 1 ELSE pitch_reached END, ` +
      `refused = CASE WHEN NEW.kind = 'refusal' THEN 1 ELSE refused END, ` +
      `consent_at = CASE WHEN consent_at IS NULL AND NEW.kind = 'answer' AND json_extract(NEW.body, '$.consentKind') = 'marketing_call' AND json_extract(NEW.body, '$.answer') = 'yes' THEN NEW.occurred_at ELSE consent_at END ` +
      `WHERE id = NEW.call_id; END;`,
    REVIEW_FACTS_BACKFILL.sqlite,
  ].join('\n'),
  // Statements end with `$$;` (the PostgreSQL script runner splits there and before CREATE TRIGGER).
  postgres: `
CREATE FUNCTION review_call_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b jsonb;
  is_time boolean;
BEGIN
  b := NEW.body::jsonb;
  is_time := NEW.kind = 'answer' AND coalesce((b -> 'ruleIds') @> '["CG-TIME"]'::jsonb, false);
  UPDATE calls SET
    time_asked = CASE WHEN is_time THEN 1 ELSE time_asked END,
    time_yes = CASE WHEN is_time AND b ->> 'answer' = 'yes' THEN 1 ELSE time_yes END,
    pitch_reached = CASE WHEN NEW.kind = 'pitch' THEN 1 ELSE pitch_reached END,
    refused = CASE WHEN NEW.kind = 'refusal' THEN 1 ELSE refused END,
    consent_at = CASE WHEN consent_at IS NULL AND NEW.kind = 'answer' AND b ->> 'consentKind' = 'marketing_call' AND b ->> 'answer' = 'yes'
                      THEN NEW.occurred_at ELSE consent_at END
  WHERE id = NEW.call_id;
  RETURN NULL;
END;
$$;
${REVIEW_FACTS_BACKFILL.postgres}
CREATE TRIGGER review_call_facts AFTER INSERT ON consent_events FOR EACH ROW
  WHEN (NEW.kind IN ('pitch', 'refusal') OR (NEW.kind = 'answer' AND (NEW.body LIKE '%CG-TIME%' OR NEW.body LIKE '%marketing_call%')))
  EXECUTE FUNCTION review_call_facts();
`,
} as const;

/**
 * PostgreSQL: the review facts trigger becomes statement-level over the inserted rows (decision 0025):
 * the row-level one ran an UPDATE of the call per event (and, through it, the rollup trigger), so a
 * group of hundreds of events updated the same rows hundreds of times in one transaction. Same facts:
 * set when an event of the statement qualifies; `consent_at` from the first marketing `yes` by seq,
 * kept when already set. SQLite keeps its row trigger (no statement-level triggers; rows are cheap there).
 */
export const REVIEW_FACTS_STATEMENT_MIGRATION = {
  name: 'review-call-facts-per-statement',
  common: '',
  postgres: `
CREATE OR REPLACE FUNCTION review_call_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calls c SET
    time_asked = CASE WHEN f.time_asked THEN 1 ELSE c.time_asked END,
    time_yes = CASE WHEN f.time_yes THEN 1 ELSE c.time_yes END,
    pitch_reached = CASE WHEN f.pitch THEN 1 ELSE c.pitch_reached END,
    refused = CASE WHEN f.refusal THEN 1 ELSE c.refused END,
    consent_at = COALESCE(c.consent_at, f.consent_at)
  FROM (
    SELECT e.call_id,
           bool_or(e.is_time) AS time_asked,
           bool_or(e.is_time AND e.answer = 'yes') AS time_yes,
           bool_or(e.kind = 'pitch') AS pitch,
           bool_or(e.kind = 'refusal') AS refusal,
           (array_agg(e.occurred_at ORDER BY e.seq) FILTER (WHERE e.kind = 'answer' AND e.consent_kind = 'marketing_call' AND e.answer = 'yes'))[1] AS consent_at
      FROM (SELECT n.call_id, n.seq, n.kind, n.occurred_at,
                   n.kind = 'answer' AND coalesce((j.b -> 'ruleIds') @> '["CG-TIME"]'::jsonb, false) AS is_time,
                   j.b ->> 'answer' AS answer, j.b ->> 'consentKind' AS consent_kind
              FROM new_events n CROSS JOIN LATERAL (SELECT n.body::jsonb AS b) j
             WHERE n.kind IN ('pitch', 'refusal') OR (n.kind = 'answer' AND (n.body LIKE '%CG-TIME%' OR n.body LIKE '%marketing_call%'))) e
     GROUP BY e.call_id
  ) f
  WHERE c.id = f.call_id
    AND ((f.time_asked AND c.time_asked = 0) OR (f.time_yes AND c.time_yes = 0) OR (f.pitch AND c.pitch_reached = 0)
         OR (f.refusal AND c.refused = 0) OR (c.consent_at IS NULL AND f.consent_at IS NOT NULL));
  RETURN NULL;
END;
$$;
DROP TRIGGER review_call_facts ON consent_events;
CREATE TRIGGER review_call_facts AFTER INSERT ON consent_events REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION review_call_facts();
`,
} as const;

/**
 * PostgreSQL: the review facts move into the rollups' event trigger (`review_event_delay`, decision 0025),
 * which now sets them in the same UPDATE of the call as its delay; the separate facts trigger goes. The
 * rollup definition changed with it, so the next start recreates the triggers (`ensureReviewRollups`).
 * SQLite keeps its row trigger.
 */
export const REVIEW_FACTS_IN_EVENT_TRIGGER_MIGRATION = {
  name: 'review-call-facts-in-event-trigger',
  common: '',
  postgres: `
DO $$
BEGIN
  DROP TRIGGER IF EXISTS review_call_facts ON consent_events;
  DROP FUNCTION IF EXISTS review_call_facts();
END;
$$;
`,
} as const;

/**
 * The late-call list of the compliance panel (the most delayed calls of a period) read from its
 * indexes alone: the partial indexes of late calls cover the period, the delay order, the id and the
 * filter columns, so the top of the list is picked without reading a calls row (migration 19).
 */
export const LATE_CALLS_INDEX_MIGRATION = {
  name: 'late-calls-covering-index',
  common: `
DROP INDEX calls_late_events;
DROP INDEX calls_team_late_events;
CREATE INDEX calls_late_events ON calls (started_at, max_delay_ms, id, team_id, agent_id, campaign_id) WHERE flag_late_events = 1;
CREATE INDEX calls_team_late_events ON calls (team_id, started_at, max_delay_ms, id, agent_id, campaign_id) WHERE flag_late_events = 1;
`,
} as const;

/**
 * An index for every order of the review table under the team filter (and without it, for admins), so
 * each page is a keyset range read in index order, never a sort of the period: duration and outcome
 * keyed by the very expressions `SORT_KEYS` orders by (store/review-calls.ts), the agent order by
 * (team, agent, time). Before, a duration-sorted first page sorted every call of the period (19 s at
 * 10M events on SQLite). Migration 20.
 */
export const REVIEW_SORT_INDEX_MIGRATION = {
  name: 'review-sort-indexes',
  common: `
CREATE INDEX calls_team_agent ON calls (team_id, agent_id, started_at, id);
CREATE INDEX calls_team_duration ON calls (team_id, (COALESCE(duration_sec, -1)), id);
CREATE INDEX calls_team_outcome ON calls (team_id, (COALESCE(outcome, '')), id);
CREATE INDEX calls_duration ON calls ((COALESCE(duration_sec, -1)), id);
CREATE INDEX calls_outcome ON calls ((COALESCE(outcome, '')), id);
`,
} as const;
