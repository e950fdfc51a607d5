// Proves the layer zones of eslint.config.js catch forbidden imports (DESIGN.md "who may import whom").
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('layer zones', () => {
  it.each([
    ['shared/x/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['shared/x/probe.ts', "import fs from 'fs';\nexport const f = fs;\n"],
    ['shared/x/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x/probe.ts', "import { useState } from 'react';\nexport const u = useState;\n"],
    ['shared/x/probe.ts', "import { x } from '../../server/db';\nexport const y = x;\n"],
    ['renderer/probe.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['renderer/probe.ts', "import { x } from '../electron/main';\nexport const y = x;\n"],
    ['renderer/probe.ts', "import { x } from '../server/app';\nexport const y = x;\n"],
    ['renderer/probe.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n"],
    ['server/probe.ts', "import { x } from '../renderer/app';\nexport const y = x;\n"],
    ['server/probe.ts', "import { x } from '../electron/main';\nexport const y = x;\n"],
    ['electron/probe.ts', "import { x } from '../server/app';\nexport const y = x;\n"],
  ])('%s: forbidden import is an error', async (file, code) => {
    expect(await importErrors(file, code)).not.toEqual([]);
  });

  it('shared must not touch DOM globals', async () => {
    expect(await importErrors('shared/x/probe.ts', 'export const w = window.location;\n')).not.toEqual([]);
  });

  it.each([
    ['shared/x/probe.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['server/probe.ts', "import { readFileSync } from 'node:fs';\nimport { s } from '../shared/x/probe';\nexport const f = [readFileSync, s];\n"],
    ['renderer/probe.ts', "import { useState } from 'react';\nimport { s } from '../shared/x/probe';\nexport const u = [useState, s];\n"],
    ['electron/probe.ts', "import { app } from 'electron';\nimport { s } from '../shared/x/probe';\nexport const a = [app, s];\n"],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
