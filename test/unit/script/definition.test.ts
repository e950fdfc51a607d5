// The schema of script definitions: malformed definitions fail with one issue per problem, each
// naming its JSON path; the published JSON Schema stays in sync with the zod schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptDefinitionJsonSchema } from '../../../shared/script/definition';
import { loadScript } from '../../../shared/script/load';
import { issuesOf, rawScript, SCRIPTS_DIR } from './fixtures';

const paths = (json: unknown) => issuesOf(json).map((i) => i.path);

describe('script definition schema', () => {
  it('loads both default scripts', () => {
    expect(loadScript(rawScript('kr-default')).id).toBe('kr-default');
    expect(loadScript(rawScript('us-default')).id).toBe('us-default');
  });

  it('names the JSON path of a wrong type deep inside an answer', () => {
    const json = rawScript('kr-default');
    (json.steps[1] as { answers: Record<string, unknown>[] }).answers[1]!['next'] = 42;
    expect(issuesOf(json)).toEqual([{ path: 'steps[1].answers[1].next', message: 'Invalid input: expected string, received number', code: 'invalid_type', params: { expected: 'string' } }]);
  });

  it('reports every problem at once, each at its own path', () => {
    const json = rawScript('kr-default');
    delete (json['title'] as Record<string, unknown>)['en'];
    json['version'] = 0;
    json['colour'] = 'blue';
    json.steps[0]!['kind'] = 'speech';
    (json.steps[3]!['prompt'] as Record<string, unknown>)['ko'] = '';
    (json['optOut'] as { ruleIds: unknown[] }).ruleIds = ['kr optout'];
    expect(paths(json).sort()).toEqual(
      ['colour', 'optOut.ruleIds[0]', 'steps[0].kind', 'steps[3].prompt.ko', 'title.en', 'version'].sort(),
    );
    const byPath = new Map(issuesOf(json).map((i) => [i.path, i.message]));
    expect(byPath.get('title.en')).toBe('required (expected string)');
    expect(byPath.get('colour')).toBe('unknown field');
    expect(byPath.get('steps[0].kind')).toMatch(/disclosure.*question.*pitch.*outcome/);
  });

  it('a bySource text names the missing variant, not the whole union', () => {
    const json = rawScript('kr-default');
    delete (json.steps[2]!['text'] as { bySource: Record<string, unknown> }).bySource['third_party'];
    expect(paths(json)).toEqual(['steps[2].text.bySource.third_party']);
  });

  it('a plain text missing a language names that language', () => {
    const json = rawScript('us-default');
    delete (json.steps[1]!['text'] as Record<string, unknown>)['ko'];
    expect(paths(json)).toEqual(['steps[1].text.ko']);
  });

  it('rejects a non-object, an empty step list and a wrong profile', () => {
    expect(paths('not a script')).toEqual(['(root)']);
    const json = rawScript('kr-default');
    json.steps = [];
    json['profile'] = 'FR';
    expect(paths(json).sort()).toEqual(['profile', 'steps']);
  });

  it('rejects ids that cannot be a ConsentEvent stepId/answer (uppercase, spaces, too long)', () => {
    const json = rawScript('kr-default');
    json.steps[0]!['id'] = 'KR ID';
    (json.steps[1] as { answers: Record<string, unknown>[] }).answers[0]!['id'] = 'y'.repeat(65);
    expect(paths(json).sort()).toEqual(['steps[0].id', 'steps[1].answers[0].id']);
  });

  it('the error message lists each path with its problem', () => {
    const json = rawScript('kr-default');
    json['start'] = 7;
    expect(() => loadScript(json)).toThrow(/start: Invalid input: expected string, received number/);
  });

  it('a loaded definition is immutable', () => {
    const script = loadScript(rawScript('kr-default'));
    expect(Object.isFrozen(script.steps[0])).toBe(true);
    expect(() => {
      (script.steps as unknown[]).push({});
    }).toThrow(TypeError);
  });
});

describe('JSON Schema export', () => {
  const file = `${SCRIPTS_DIR}script.schema.json`;
  const generated = `${JSON.stringify(scriptDefinitionJsonSchema(), null, 2)}\n`;

  it('assets/scripts/script.schema.json is generated from the zod schema', () => {
    if (process.env['UPDATE_SCRIPT_SCHEMA'] === '1') writeFileSync(file, generated);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk, 'out of date: run UPDATE_SCRIPT_SCHEMA=1 npx vitest run --project unit test/unit/script/definition.test.ts').toBe(generated);
  });

  it('describes the step kinds and forbids unknown fields', () => {
    const schema = scriptDefinitionJsonSchema() as { properties: Record<string, { items?: { oneOf?: unknown[] } }>; additionalProperties: unknown; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'profile', 'start', 'steps', 'optOut', 'refusal']));
    expect(schema.properties['steps']?.items?.oneOf).toHaveLength(4);
  });
});
