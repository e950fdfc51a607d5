import type { PracticeScenarioRecord, PracticeScenarioSummary } from '../../../shared/api/practice';
import { loadScenario, ScenarioDefinitionError } from '../../../shared/practice/load';
import type { Scenario } from '../../../shared/practice/scenario';
import type { AppContext } from '../../context';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import { insertScenario, listScenarios, scenarioById, updateScenario, type ScenarioRow } from '../../store/practice-scenarios';
import type { Store } from '../../store/store';
import { builtinScenarios, practiceScript } from './assets';

/**
 * Practice scenarios kept by the central API: the built-in ones from assets/practice are installed on
 * first use; trainers and admins create and edit scenarios, each edit a new revision (attempts keep
 * pointing at the revision they were played on). Every scenario is checked against its script.
 */

const installed = new WeakMap<Store, Promise<void>>();

/** Installs the built-in scenarios missing from the database (once per store; concurrent callers wait). */
export function ensureBuiltinScenarios(ctx: AppContext): Promise<void> {
  let done = installed.get(ctx.store);
  if (!done) {
    const at = ctx.clock().toISOString();
    done = ctx.store.db.tx(async (sql) => {
      for (const s of builtinScenarios()) await insertScenario(sql, s, { builtin: true, by: 'system', at });
    });
    done.catch(() => installed.delete(ctx.store));
    installed.set(ctx.store, done);
  }
  return done;
}

/** `steps.cg-time.expect[0]` -> `/scenario/steps/cg-time/expect/0`. */
export function scenarioPointer(path: string): string {
  if (path === '(root)') return '/scenario';
  const parts = path.split(/\.|\[(\d+)\]/).filter((p): p is string => p !== undefined && p !== '');
  return `/scenario/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Checks a scenario against its script; a problem is a 400 naming each JSON path. */
function checked(scenario: Scenario): Scenario {
  try {
    return loadScenario(scenario, practiceScript);
  } catch (err) {
    if (err instanceof ScenarioDefinitionError) {
      throw new ApiError('validation', `the scenario does not fit its script: ${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
        errors: err.issues.map((i) => fieldError('body', scenarioPointer(i.path), i.message, i.code, i.params)),
      });
    }
    throw err;
  }
}

export function scenarioDto(r: ScenarioRow): PracticeScenarioRecord {
  return { id: r.id, revision: r.revision, builtin: r.builtin, scenario: r.scenario, updatedBy: r.updatedBy, updatedAt: r.updatedAt };
}

function summary(r: ScenarioRow): PracticeScenarioSummary {
  const s = r.scenario;
  return {
    id: r.id,
    revision: r.revision,
    builtin: r.builtin,
    kind: s.kind,
    difficulty: s.difficulty,
    profile: s.campaign.profile,
    title: s.title,
    briefing: s.briefing,
    persona: s.persona.name,
    updatedAt: r.updatedAt,
  };
}

export async function listPracticeScenarios(ctx: AppContext): Promise<PracticeScenarioSummary[]> {
  await ensureBuiltinScenarios(ctx);
  return (await listScenarios(ctx.store.db)).map(summary);
}

export async function getPracticeScenario(ctx: AppContext, id: string): Promise<PracticeScenarioRecord> {
  await ensureBuiltinScenarios(ctx);
  const row = await scenarioById(ctx.store.db, id);
  if (!row) throw new ApiError('not-found', `no practice scenario ${id}`);
  return scenarioDto(row);
}

export async function createPracticeScenario(ctx: AppContext, user: UserRecord, input: Scenario): Promise<PracticeScenarioRecord> {
  await ensureBuiltinScenarios(ctx);
  const scenario = checked(input);
  const at = ctx.clock().toISOString();
  return ctx.store.db.tx(async (sql) => {
    if (!(await insertScenario(sql, scenario, { builtin: false, by: user.id, at }))) {
      throw new ApiError('invalid-state', `a practice scenario "${scenario.id}" exists already: edit it with PUT`, {
        errors: [fieldError('body', '/scenario/id', 'taken', 'id_taken', { id: scenario.id })],
      });
    }
    const row = await scenarioById(sql, scenario.id);
    if (!row) throw new Error('scenario vanished after insert');
    return scenarioDto(row);
  });
}

export async function updatePracticeScenario(ctx: AppContext, user: UserRecord, id: string, input: Scenario, revision: number): Promise<PracticeScenarioRecord> {
  await ensureBuiltinScenarios(ctx);
  if (input.id !== id) {
    throw new ApiError('validation', 'the scenario id cannot change', { errors: [fieldError('body', '/scenario/id', `must be "${id}"`, 'id_fixed', { id })] });
  }
  const scenario = checked(input);
  const at = ctx.clock().toISOString();
  return ctx.store.db.tx(async (sql) => {
    const current = await scenarioById(sql, id);
    if (!current) throw new ApiError('not-found', `no practice scenario ${id}`);
    const next = await updateScenario(sql, scenario, revision, { by: user.id, at });
    if (next === null) {
      throw new ApiError('invalid-state', `scenario ${id} is at revision ${current.revision}; you edited revision ${revision}. Reload and edit again.`, {
        errors: [fieldError('body', '/revision', `expected ${current.revision}`, 'stale_revision', { revision: current.revision })],
      });
    }
    const row = await scenarioById(sql, id);
    if (!row) throw new Error('scenario vanished after update');
    return scenarioDto(row);
  });
}
