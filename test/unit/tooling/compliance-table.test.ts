// Every rule id of COMPLIANCE.md has a row in docs/compliance-rules.md (enforcing module, tests), and
// each listed test file names the id in a test title: a rule nobody enforces or tests fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The team's reference material sits beside the repository (../shared), in CI and in worktrees.
const CANDIDATES = [join(ROOT, '..', 'shared', 'COMPLIANCE.md'), join(ROOT, '..', '..', 'shared', 'COMPLIANCE.md')];

function complianceIds(): string[] {
  const file = CANDIDATES.find((f) => existsSync(f));
  if (file === undefined) throw new Error(`COMPLIANCE.md not found beside the repository (looked at ${CANDIDATES.join(', ')})`);
  return [...readFileSync(file, 'utf8').matchAll(/^\| ([A-Z]{2}-[A-Z0-9-]+) \|/gm)].map((m) => m[1] ?? '');
}

function tableRows(): Map<string, { enforcedBy: string; tests: string[] }> {
  const rows = new Map<string, { enforcedBy: string; tests: string[] }>();
  for (const line of readFileSync(join(ROOT, 'docs/compliance-rules.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const id = cells[1] ?? '';
    if (!/^[A-Z]{2}-[A-Z0-9-]+$/.test(id)) continue;
    rows.set(id, { enforcedBy: cells[3] ?? '', tests: [...(cells[4] ?? '').matchAll(/`([^`]+\.test\.ts)`/g)].map((m) => m[1] ?? '') });
  }
  return rows;
}

/** The titles of `it(...)`, `it.each(...)(...)`, `describe(...)` in a test file (string literals only). */
function testTitles(file: string): string {
  const src = readFileSync(join(ROOT, file), 'utf8');
  return [...src.matchAll(/\b(?:it|describe|test)(?:\.each\([\s\S]*?\))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)].map((m) => m[2] ?? '').join('\n');
}

describe('COMPLIANCE.md rule table', () => {
  const ids = complianceIds();

  it('COMPLIANCE.md lists the 25 rule ids this table was written against', () => {
    expect(ids.length).toBeGreaterThanOrEqual(25);
  });

  it.each(ids)('%s has a row naming its enforcing module and tests, and a test title names it', (id) => {
    const row = tableRows().get(id);
    expect(row, `docs/compliance-rules.md has no row for ${id}`).toBeDefined();
    expect(row?.enforcedBy.length ?? 0).toBeGreaterThan(0);
    expect(row?.tests.length ?? 0).toBeGreaterThan(0);
    for (const t of row?.tests ?? []) expect(existsSync(join(ROOT, t)), `${t} (listed for ${id}) does not exist`).toBe(true);
    const named = (row?.tests ?? []).some((t) => testTitles(t).includes(id));
    expect(named, `no test title in ${row?.tests.join(', ')} names ${id}`).toBe(true);
  });
});
