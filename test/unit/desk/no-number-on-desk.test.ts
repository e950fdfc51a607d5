// Guard (issue 10): no customer number crosses the desk's IPC channel map or sits in the renderer's
// store, and the desk takes no SIP password. Three views of the same promise: the schemas of every
// channel and event (no field named like a phone number or a dial target), the sources of the renderer
// and the IPC contract (no such field read or written), and the settings (no SIP secret). The runtime
// check against the real API is test/integration/desk/no-number-over-ipc.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS } from '../../../shared/ipc/channels';
import { IPC_CHANNEL_NAMES } from '../../../shared/ipc/names';
import { SettingsSchema } from '../../../shared/ipc/settings';

/** Field names that would carry a number in clear (a masked one is `maskedNumber` / `label`). */
const NUMBER_FIELD = /phone|e164|msisdn|dialTarget|^target$|^number$|callee(Number|Uri)|^tel$/i;

/** Every property name in a JSON schema, with its path. */
function propertyPaths(schema: unknown, path = '', into: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((s, i) => propertyPaths(s, `${path}[${i}]`, into));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties' && v && typeof v === 'object') {
        for (const [name, sub] of Object.entries(v)) {
          into.push(`${path}/${name}`);
          propertyPaths(sub, `${path}/${name}`, into);
        }
      } else propertyPaths(v, path, into);
    }
  }
  return into;
}

const fieldsOf = (s: z.ZodType): string[] => propertyPaths(z.toJSONSchema(s, { unrepresentable: 'any', io: 'output' }));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('no customer number on the desk (guard)', () => {
  it('no IPC channel or event schema has a field named like a phone number or a dial target', () => {
    const offending: string[] = [];
    let walked = 0;
    for (const [name, spec] of Object.entries(IPC_CHANNELS)) {
      for (const [side, schema] of [['request', spec.request], ['response', spec.response]] as const) {
        const fields = fieldsOf(schema);
        walked += fields.length;
        for (const f of fields) if (NUMBER_FIELD.test(f.split('/').at(-1) ?? '')) offending.push(`${name} ${side} ${f}`);
      }
    }
    for (const [name, schema] of Object.entries(IPC_EVENTS)) {
      for (const f of fieldsOf(schema)) if (NUMBER_FIELD.test(f.split('/').at(-1) ?? '')) offending.push(`event ${name} ${f}`);
    }
    expect(offending).toEqual([]);
    // The walk saw the channels' fields (it is not vacuous): the dial authorization's masked label is one.
    expect(walked).toBeGreaterThan(500);
    expect(fieldsOf(IPC_CHANNELS['dial:authorize'].response)).toEqual(expect.arrayContaining(['/dialUri', '/label']));
  });

  it('the detector finds what it must: the old dial authorization (dialTarget) and a lead with phoneE164', () => {
    const old = z.strictObject({ attemptId: z.string(), dialTarget: z.string() });
    const lead = z.strictObject({ lead: z.object({ id: z.string(), phoneE164: z.string() }) });
    expect([...fieldsOf(old), ...fieldsOf(lead)].filter((f) => NUMBER_FIELD.test(f.split('/').at(-1) ?? ''))).toEqual(['/dialTarget', '/lead/phoneE164']);
  });

  it('no renderer or IPC-contract source names a number field (phoneE164, dialTarget)', () => {
    // Practice personas are fictional people built in the renderer from shared/practice (their number is
    // made up and only ever shown masked); they are not leads and never come from the API.
    const FICTIONAL = ['renderer/practice/Briefing.tsx'];
    const files = [...sources('renderer'), ...sources('shared/ipc')].filter((f) => !FICTIONAL.includes(f));
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
        .filter(({ line }) => /\b(phoneE164|dialTarget|phone_e164)\b/.test(line))
        .map(({ at }) => at),
    );
    expect(hits).toEqual([]);
  });

  it('the desk takes no SIP password: no channel carries one in, the settings hold none, the settings form asks for none', () => {
    expect(IPC_CHANNEL_NAMES).not.toContain('sip:setPassword');
    for (const [name, spec] of Object.entries(IPC_CHANNELS)) {
      if (name === 'session:login') continue; // the agent's own API password, sent on to the API, never kept
      expect(fieldsOf(spec.request).filter((f) => /password|secret/i.test(f)), name).toEqual([]);
    }
    expect(fieldsOf(SettingsSchema).filter((f) => /password|secret|aor|authUser/i.test(f))).toEqual([]);
    const form = readFileSync('renderer/settings/SettingsForm.tsx', 'utf8');
    expect(form).not.toMatch(/type="password"|sipPassword|setPassword/);
  });
});
