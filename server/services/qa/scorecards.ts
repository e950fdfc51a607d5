import type { ScorecardRecord, ScorecardSummary, ScorecardVersion } from '../../../shared/api/qa';
import { newId } from '../../../shared/domain/ids';
import type { ScorecardDefinition } from '../../../shared/qa/scorecard';
import type { AppContext } from '../../context';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import {
  insertScorecard,
  listScorecards,
  saveScorecardEdit,
  scorecardById,
  scorecardVersion,
  scorecardVersions,
  type ScorecardRow,
  type ScorecardVersionRow,
} from '../../store/qa-scorecards';
import type { Sql } from '../../store/sql';
import { mayEditScorecard, mayUseScorecard, scorecardTeam } from './scope';

/**
 * QA scorecards: leads define them for their team (admins for every team), each edit saved as a
 * version. A version is a draft until an evaluation uses it; from then on it is locked, and an edit
 * makes the next version (evaluations keep pointing at the version they were scored on).
 */

function versionDto(v: ScorecardVersionRow): ScorecardVersion {
  return { scorecardId: v.scorecardId, version: v.version, definition: v.definition, createdBy: v.createdBy, createdAt: v.createdAt, lockedAt: v.lockedAt };
}

function summary(s: ScorecardRow): ScorecardSummary {
  return { id: s.id, title: s.title, currentVersion: s.currentVersion, locked: s.locked, updatedAt: s.updatedAt };
}

/** The scorecard if `user` may use it; otherwise 404 (another team's scorecard looks like none). */
export async function usableScorecard(sql: Sql, user: UserRecord, id: string): Promise<ScorecardRow> {
  const s = await scorecardById(sql, id);
  if (!s || !mayUseScorecard(user, s)) throw new ApiError('not-found', `no scorecard ${id}`);
  return s;
}

async function record(sql: Sql, s: ScorecardRow): Promise<ScorecardRecord> {
  const versions = await scorecardVersions(sql, s.id);
  const current = versions.find((v) => v.version === s.currentVersion);
  if (!current) throw new Error(`scorecard ${s.id} has no version ${s.currentVersion}`);
  return {
    id: s.id,
    current: versionDto(current),
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy, lockedAt: v.lockedAt })),
  };
}

export async function listQaScorecards(ctx: AppContext, user: UserRecord): Promise<ScorecardSummary[]> {
  return (await listScorecards(ctx.store.db, scorecardTeam(user) ?? undefined)).map(summary);
}

export async function getQaScorecard(ctx: AppContext, user: UserRecord, id: string): Promise<ScorecardRecord> {
  return record(ctx.store.db, await usableScorecard(ctx.store.db, user, id));
}

export async function getQaScorecardVersion(ctx: AppContext, user: UserRecord, id: string, version: number): Promise<ScorecardVersion> {
  const db = ctx.store.db;
  await usableScorecard(db, user, id);
  const v = await scorecardVersion(db, id, version);
  if (!v) throw new ApiError('not-found', `scorecard ${id} has no version ${version}`);
  return versionDto(v);
}

export async function createQaScorecard(ctx: AppContext, user: UserRecord, def: ScorecardDefinition): Promise<ScorecardRecord> {
  const at = ctx.clock().toISOString();
  const teamId = scorecardTeam(user);
  return ctx.store.db.tx(async (sql) => {
    const id = newId();
    await insertScorecard(sql, id, teamId, def, { by: user.id, at });
    const s = await scorecardById(sql, id);
    if (!s) throw new Error('scorecard vanished after insert');
    return record(sql, s);
  });
}

export async function updateQaScorecard(ctx: AppContext, user: UserRecord, id: string, def: ScorecardDefinition, baseVersion: number): Promise<ScorecardRecord> {
  const at = ctx.clock().toISOString();
  return ctx.store.db.tx(async (sql) => {
    const s = await usableScorecard(sql, user, id);
    if (!mayEditScorecard(user, s)) throw new ApiError('forbidden', 'this scorecard is shared by the admins; team leads may use it, not edit it');
    const saved = await saveScorecardEdit(sql, id, baseVersion, def, { by: user.id, at });
    if (saved === null) {
      throw new ApiError('invalid-state', `scorecard ${id} is at version ${s.currentVersion}; you edited version ${baseVersion}. Reload and edit again.`, {
        errors: [fieldError('body', '/baseVersion', `expected ${s.currentVersion}`)],
      });
    }
    const after = await scorecardById(sql, id);
    if (!after) throw new Error('scorecard vanished after update');
    return record(sql, after);
  });
}
