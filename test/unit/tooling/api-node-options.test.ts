import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_NODE_OPTIONS, withApiNodeOptions } from '../../../scripts/api-node-options.mjs';

// Decision 0027: the API's runtime options are defined once (scripts/api-node-options.mjs); every way the
// API is started uses them, so what the benches measure is what runs.
describe('the API runs with its Node.js options wherever it is started', () => {
  it('npm run server passes each option to node', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const server = pkg.scripts['server'] ?? '';
    expect(server).toMatch(/^node .*--import tsx server\/main\.ts$/);
    for (const option of API_NODE_OPTIONS) expect(server.split(' ')).toContain(option);
  });

  it('the launchers add them to NODE_OPTIONS (inherited by tsx\'s child), keeping options already there', () => {
    expect(API_NODE_OPTIONS).toContain('--max-semi-space-size=64');
    expect(withApiNodeOptions({ PORT: '1' })).toEqual({ PORT: '1', NODE_OPTIONS: API_NODE_OPTIONS.join(' ') });
    expect(withApiNodeOptions({ NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe(['--enable-source-maps', ...API_NODE_OPTIONS].join(' '));
    for (const file of ['scripts/local-api.mjs', 'test/support/api-process.ts']) expect(readFileSync(file, 'utf8'), file).toMatch(/withApiNodeOptions\(/);
  });
});
