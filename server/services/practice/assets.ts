import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../shared/practice/load';
import type { Scenario } from '../../../shared/practice/scenario';
import type { ScriptDefinition } from '../../../shared/script/definition';
import { loadScript } from '../../../shared/script/load';

/**
 * The script definitions and built-in practice scenarios shipped in `assets/`, read once. The server
 * scores attempts on the same default scripts the desk runs (`assets/scripts`, via loadScript), and
 * installs the built-in scenarios (`assets/practice`) into the database on first use.
 */
const ASSETS = fileURLToPath(new URL('../../../assets/', import.meta.url));

let scripts: readonly ScriptDefinition[] | undefined;
let builtins: readonly Scenario[] | undefined;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
}

/** The installed script of this id and version, or undefined (practice scoring and the evidence replay, issue 11). */
export function installedScript(id: string, version: number): ScriptDefinition | undefined {
  scripts ??= jsonFiles(`${ASSETS}scripts`).map((f) => loadScript(JSON.parse(readFileSync(`${ASSETS}scripts/${f}`, 'utf8'))));
  return scripts.find((s) => s.id === id && s.version === version);
}

/** The installed script a practice scenario runs on (see installedScript). */
export const practiceScript = installedScript;

/** The built-in scenarios; a broken file stops the server with the file name and JSON paths. */
export function builtinScenarios(): readonly Scenario[] {
  builtins ??= jsonFiles(`${ASSETS}practice`).map((f) => {
    try {
      return loadScenario(JSON.parse(readFileSync(`${ASSETS}practice/${f}`, 'utf8')), practiceScript);
    } catch (err) {
      throw new Error(`assets/practice/${f}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return builtins;
}
