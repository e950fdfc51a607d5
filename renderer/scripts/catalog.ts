import krDefault from '../../assets/scripts/kr-default.json';
import usDefault from '../../assets/scripts/us-default.json';
import ukDefault from '../../assets/scripts/uk-default.json';
import deDefault from '../../assets/scripts/de-default.json';
import { loadScript, type ScriptDefinition } from '../../shared/script';

/**
 * The script definitions bundled with the desk, checked by loadScript (schema + static consent check)
 * at start. A campaign names its script by id and version; an unknown pair is an error the desk shows.
 */
const bundled: readonly unknown[] = [krDefault, usDefault, ukDefault, deDefault];

let catalog: Map<string, ScriptDefinition> | undefined;

function key(id: string, version: number): string {
  return `${id}@${version}`;
}

export function scriptFor(id: string, version: number): ScriptDefinition {
  catalog ??= new Map(bundled.map((json) => loadScript(json)).map((s) => [key(s.id, s.version), s]));
  const script = catalog.get(key(id, version));
  if (!script) throw new Error(`script ${key(id, version)} is not installed on this desk`);
  return script;
}
