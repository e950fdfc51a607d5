import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScorecardDefinitionSchema, type ScorecardDefinition } from '../../../shared/qa/scorecard';

/** The id of the shipped default scorecard (installed with the demo data, usable by every team). */
export const DEFAULT_SCORECARD_ID = 'qa-default';

const FILE = fileURLToPath(new URL('../../../assets/qa/default-scorecard.json', import.meta.url));

/** The shipped default scorecard (`assets/qa/default-scorecard.json`), checked by its schema. */
export function defaultScorecard(): ScorecardDefinition {
  const parsed = ScorecardDefinitionSchema.safeParse(JSON.parse(readFileSync(FILE, 'utf8')));
  if (!parsed.success) throw new Error(`assets/qa/default-scorecard.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
