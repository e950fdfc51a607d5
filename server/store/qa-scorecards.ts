import type { ScorecardDefinition } from '../../shared/qa/scorecard';
import type { LocalizedText } from '../../shared/domain/locale';
import { canonicalJson, sha256Hex } from '../ledger/hash';
import { int, json, text, textOrNull } from './rows';
import type { Row, Sql } from './sql';

/** A scorecard's current state. `teamId` null: made by an admin, usable by every team. */
export interface ScorecardRow {
  readonly id: string;
  readonly teamId: string | null;
  readonly currentVersion: number;
  readonly title: LocalizedText;
  readonly updatedAt: string;
  readonly locked: boolean;
}

export interface ScorecardVersionRow {
  readonly scorecardId: string;
  readonly version: number;
  readonly definition: ScorecardDefinition;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lockedAt: string | null;
}

function toScorecard(r: Row): ScorecardRow {
  return {
    id: text(r, 'id'),
    teamId: textOrNull(r, 'team_id'),
    currentVersion: int(r, 'current_version'),
    title: json<LocalizedText>(r, 'title'),
    updatedAt: text(r, 'updated_at'),
    locked: textOrNull(r, 'locked_at') !== null,
  };
}

function toVersion(r: Row): ScorecardVersionRow {
  return {
    scorecardId: text(r, 'scorecard_id'),
    version: int(r, 'version'),
    definition: json<ScorecardDefinition>(r, 'body'),
    createdBy: text(r, 'created_by'),
    createdAt: text(r, 'created_at'),
    lockedAt: textOrNull(r, 'locked_at'),
  };
}

const SELECT_SCORECARD = `SELECT s.id, s.team_id, s.current_version, s.title, s.updated_at, v.locked_at
  FROM qa_scorecards s JOIN qa_scorecard_versions v ON v.scorecard_id = s.id AND v.version = s.current_version`;

/** Scorecards visible to a team (its own and the global ones), or all when `teamId` is undefined. */
export async function listScorecards(sql: Sql, teamId: string | undefined): Promise<ScorecardRow[]> {
  const where = teamId === undefined ? '' : 'WHERE s.team_id IS NULL OR s.team_id = ?';
  return (await sql.all(`${SELECT_SCORECARD} ${where} ORDER BY s.updated_at DESC, s.id`, teamId === undefined ? [] : [teamId])).map(toScorecard);
}

export async function scorecardById(sql: Sql, id: string): Promise<ScorecardRow | undefined> {
  const r = await sql.get(`${SELECT_SCORECARD} WHERE s.id = ?`, [id]);
  return r ? toScorecard(r) : undefined;
}

/** One version; `forUpdate` locks its row (PostgreSQL) so it cannot be replaced while an evaluation uses it. */
export async function scorecardVersion(sql: Sql, id: string, version: number, forUpdate = false): Promise<ScorecardVersionRow | undefined> {
  const lock = forUpdate && sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await sql.get(`SELECT * FROM qa_scorecard_versions WHERE scorecard_id = ? AND version = ?${lock}`, [id, version]);
  return r ? toVersion(r) : undefined;
}

export async function scorecardVersions(sql: Sql, id: string): Promise<ScorecardVersionRow[]> {
  return (await sql.all('SELECT * FROM qa_scorecard_versions WHERE scorecard_id = ? ORDER BY version', [id])).map(toVersion);
}

interface Author {
  readonly by: string;
  readonly at: string;
}

async function insertVersion(sql: Sql, id: string, version: number, def: ScorecardDefinition, a: Author): Promise<void> {
  const body = canonicalJson(def);
  await sql.run('INSERT INTO qa_scorecard_versions (scorecard_id, version, body, body_sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    id,
    version,
    body,
    sha256Hex(body),
    a.by,
    a.at,
  ]);
}

export async function insertScorecard(sql: Sql, id: string, teamId: string | null, def: ScorecardDefinition, a: Author): Promise<void> {
  await sql.run('INSERT INTO qa_scorecards (id, team_id, current_version, title, created_by, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)', [
    id,
    teamId,
    JSON.stringify(def.title),
    a.by,
    a.at,
    a.at,
  ]);
  await insertVersion(sql, id, 1, def, a);
}

/**
 * Saves an edit made from `baseVersion` (the current one): an unlocked current version is replaced in
 * place, a locked one gets a successor. Returns the version written, or null when `baseVersion` is no
 * longer current (a stale edit). The current version's row is updated only while unlocked, so an
 * evaluation locking it at the same moment turns the edit into a new version instead.
 */
export async function saveScorecardEdit(sql: Sql, id: string, baseVersion: number, def: ScorecardDefinition, a: Author): Promise<number | null> {
  const body = canonicalJson(def);
  const moved = await sql.run('UPDATE qa_scorecards SET title = ?, updated_at = ? WHERE id = ? AND current_version = ?', [JSON.stringify(def.title), a.at, id, baseVersion]);
  if (moved.changes !== 1) return null;
  const replaced = await sql.run(
    'UPDATE qa_scorecard_versions SET body = ?, body_sha256 = ?, created_by = ?, created_at = ? WHERE scorecard_id = ? AND version = ? AND locked_at IS NULL',
    [body, sha256Hex(body), a.by, a.at, id, baseVersion],
  );
  if (replaced.changes === 1) return baseVersion;
  const next = baseVersion + 1;
  await insertVersion(sql, id, next, def, a);
  await sql.run('UPDATE qa_scorecards SET current_version = ? WHERE id = ?', [next, id]);
  return next;
}

/** Marks a version used (from now on the database refuses to change it). */
export async function lockScorecardVersion(sql: Sql, id: string, version: number, at: string): Promise<void> {
  await sql.run('UPDATE qa_scorecard_versions SET locked_at = ? WHERE scorecard_id = ? AND version = ? AND locked_at IS NULL', [at, id, version]);
}
