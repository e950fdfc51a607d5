import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findUnsafeInput, MAX_ARRAY_ITEMS, MAX_DEPTH, MAX_TEXT_CHARS } from '../../../shared/api/common';
import { ROUTES, type RouteDef } from '../../../shared/api/routes';

type Json = Record<string, unknown>;

/** Every string without a bound (maxLength, enum, const, format or pattern) and every array without maxItems. */
function unbounded(schema: unknown, path: string, out: string[]): void {
  if (schema === null || typeof schema !== 'object') return;
  const o = schema as Json;
  if (o['type'] === 'string' && ['maxLength', 'enum', 'const', 'format', 'pattern'].every((k) => o[k] === undefined)) out.push(`${path} (string)`);
  if (o['type'] === 'array' && o['maxItems'] === undefined) out.push(`${path} (array)`);
  for (const [k, v] of Object.entries(o)) unbounded(v, `${path}/${k}`, out);
}

describe('input bounds (decision 0024)', () => {
  it('every string and array a route takes (body, query, path) has a bound in its schema', () => {
    const out: string[] = [];
    for (const [name, def] of Object.entries(ROUTES) as [string, RouteDef][]) {
      for (const part of ['body', 'querystring', 'params'] as const) {
        const schema = def[part];
        if (schema) unbounded(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), `${name}.${part}`, out);
      }
    }
    expect(out).toEqual([]);
  });

  it('the generic check names NUL, lone surrogates, long strings, long arrays, deep nesting and bad field names by path', () => {
    expect(findUnsafeInput({ a: ['ok', 'x\u0000'] })).toEqual([{ path: ['a', 1], message: expect.stringMatching(/NUL/) }]);
    expect(findUnsafeInput({ b: 'x\uD800' })[0]?.path).toEqual(['b']);
    expect(findUnsafeInput({ b: '\uDC00x' })[0]?.message).toMatch(/surrogate/);
    // A well-formed pair (an emoji) is fine, and so is Korean text.
    expect(findUnsafeInput({ ok: '😀 상담원', n: 1, t: true, z: null })).toEqual([]);
    expect(findUnsafeInput({ s: 'x'.repeat(MAX_TEXT_CHARS + 1) })[0]?.path).toEqual(['s']);
    expect(findUnsafeInput({ list: new Array(MAX_ARRAY_ITEMS + 1).fill(0) })[0]?.path).toEqual(['list']);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput(deep)[0]?.path.length).toBe(MAX_DEPTH);
    expect(findUnsafeInput({ ['k\u0000']: 1 })[0]).toEqual({ path: ['k\u0000'], message: expect.stringMatching(/^field name/) });
  });
});
