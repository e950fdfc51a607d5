import type { Scenario } from '../../shared/practice/scenario';
import { int, json, text } from './rows';
import type { Row, Sql } from './sql';

/** A stored practice scenario (current revision). */
export interface ScenarioRow {
  readonly id: string;
  readonly revision: number;
  readonly builtin: boolean;
  readonly scenario: Scenario;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

function toRow(r: Row): ScenarioRow {
  return {
    id: text(r, 'id'),
    revision: int(r, 'revision'),
    builtin: int(r, 'builtin') === 1,
    scenario: json<Scenario>(r, 'body'),
    updatedBy: text(r, 'updated_by'),
    updatedAt: text(r, 'updated_at'),
  };
}

export async function listScenarios(sql: Sql): Promise<ScenarioRow[]> {
  return (await sql.all('SELECT * FROM practice_scenarios ORDER BY builtin DESC, id')).map(toRow);
}

export async function scenarioById(sql: Sql, id: string): Promise<ScenarioRow | undefined> {
  const r = await sql.get('SELECT * FROM practice_scenarios WHERE id = ?', [id]);
  return r ? toRow(r) : undefined;
}

/** The body of one revision (attempts are scored against the revision they were played on). */
export async function scenarioRevision(sql: Sql, id: string, revision: number): Promise<Scenario | undefined> {
  const r = await sql.get('SELECT body FROM practice_scenario_revisions WHERE scenario_id = ? AND revision = ?', [id, revision]);
  return r ? json<Scenario>(r, 'body') : undefined;
}

export async function countScenarios(sql: Sql): Promise<number> {
  const r = await sql.get('SELECT COUNT(*) AS n FROM practice_scenarios');
  return r ? Number(r['n']) : 0;
}

/** Inserts revision 1 of a new scenario; false when the id is taken (nothing written). */
export async function insertScenario(sql: Sql, s: Scenario, o: { builtin: boolean; by: string; at: string }): Promise<boolean> {
  const taken = await sql.get('SELECT 1 AS x FROM practice_scenarios WHERE id = ?', [s.id]);
  if (taken) return false;
  const body = JSON.stringify(s);
  await sql.run(
    'INSERT INTO practice_scenarios (id, revision, builtin, kind, body, created_by, created_at, updated_by, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)',
    [s.id, o.builtin ? 1 : 0, s.kind, body, o.by, o.at, o.by, o.at],
  );
  await sql.run('INSERT INTO practice_scenario_revisions (scenario_id, revision, body, saved_by, saved_at) VALUES (?, 1, ?, ?, ?)', [s.id, body, o.by, o.at]);
  return true;
}

/** Writes revision `revision + 1` if the stored one is still `revision`; returns the new revision or null. */
export async function updateScenario(sql: Sql, s: Scenario, revision: number, o: { by: string; at: string }): Promise<number | null> {
  const body = JSON.stringify(s);
  const next = revision + 1;
  const changed = await sql.run(
    'UPDATE practice_scenarios SET revision = ?, kind = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ? AND revision = ?',
    [next, s.kind, body, o.by, o.at, s.id, revision],
  );
  if (changed.changes !== 1) return null;
  await sql.run('INSERT INTO practice_scenario_revisions (scenario_id, revision, body, saved_by, saved_at) VALUES (?, ?, ?, ?, ?)', [s.id, next, body, o.by, o.at]);
  return next;
}
