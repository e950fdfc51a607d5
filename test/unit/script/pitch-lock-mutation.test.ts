// "Removing the consent requirement from the pitch, in the engine or in a script, turns tests red."
// The script half is load.test.ts (a pitch whose requires lacks consent does not load). This file does
// the engine half for real: it builds mutant copies of script-run.ts whose pitch lock is weakened,
// runs the same property as script-run.property.test.ts against each, and expects it to fail.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drive, locales, move, newCoverage, randomScript, type RunClass } from './run-properties';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT_DIR = join(ROOT, 'shared/script');
/** The single predicate of the engine's pitch lock (script-run.ts `#missingFor`). */
const LOCK = "return pitchRequirements(step).filter((f) => facts[f] !== 'yes');";

/** Imports a copy of script-run.ts with the lock predicate replaced. */
async function mutant(name: string, replacement: string): Promise<RunClass> {
  const source = readFileSync(join(SCRIPT_DIR, 'script-run.ts'), 'utf8');
  expect(source.split(LOCK).length - 1, 'the lock predicate changed: update LOCK in this test').toBe(1);
  const mutated = source
    .replace(LOCK, replacement)
    .replace(/from '(\.{1,2}\/[^']+)'/g, (_m, rel: string) => `from '${resolve(SCRIPT_DIR, rel)}'`);
  // Inside the repo (git-ignored .tmp/) so bare imports like 'zod' resolve; removed right after import.
  const dir = join(ROOT, '.tmp', `mutant-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'script-run.ts');
  writeFileSync(file, mutated);
  try {
    const mod = (await import(/* @vite-ignore */ file)) as { ScriptRun: RunClass };
    return mod.ScriptRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function propertyHolds(Run: RunClass, numRuns: number): boolean {
  try {
    fc.assert(
      fc.property(randomScript, locales, fc.array(move, { minLength: 1, maxLength: 14 }), (script, locale, moves) => {
        drive(Run, script, locale, true, moves, newCoverage(), false);
      }),
      { numRuns, endOnFailure: true },
    );
    return true;
  } catch {
    return false;
  }
}

describe('mutation: an engine without the consent requirement fails the property', () => {
  it('CG-PITCH-LOCK: the unmodified copy passes (the harness itself is sound)', async () => {
    expect(propertyHolds(await mutant('none', LOCK), 2_000)).toBe(true);
  });

  it.each([
    ['ignores every requirement', 'return [];'],
    ['ignores the fixed time + consent requirement (trusts requires)', "return step.requires.filter((f) => facts[f] !== 'yes');"],
    ['ignores the pitch\'s requires (fixed facts only)', "return (['time_permission', 'marketing_consent'] as Fact[]).filter((f) => facts[f] !== 'yes');"],
    ['forgets marketing consent', "return pitchRequirements(step).filter((f) => f !== 'marketing_consent' && facts[f] !== 'yes');"],
    ['counts "no" as an answer', 'return pitchRequirements(step).filter((f) => facts[f] === undefined);'],
  ])('CG-PITCH-LOCK: an engine that %s is caught', async (name, replacement) => {
    expect(propertyHolds(await mutant(name.replace(/\W+/g, '-'), replacement), 10_000)).toBe(false);
  });
});
