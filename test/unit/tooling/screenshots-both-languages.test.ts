// The reviewed screenshots (docs/screenshots, accepted from an e2e run by `npm run screenshots:accept`)
// show every screen in Korean and in English at 1366x768 (issue 12): each `<screen>-ko.png` has its
// `<screen>-en.png`. The one exception is the result of a practice persona, played in the language its
// scenario is written for (practice-calls.test.ts plays each persona once).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(process.cwd(), 'docs', 'screenshots');
const ONE_LANGUAGE = /^practice-result-[a-z-]+$/;

describe('docs/screenshots', () => {
  it('every screen in both languages', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.png'));
    expect(files.filter((f) => !/-(ko|en)\.png$/.test(f))).toEqual([]);
    const bases = new Set(files.map((f) => f.replace(/-(ko|en)\.png$/, '')));
    const missing = [...bases]
      .filter((b) => !ONE_LANGUAGE.test(b) || b === 'practice-result')
      .flatMap((b) => (['ko', 'en'] as const).filter((l) => !files.includes(`${b}-${l}.png`)).map((l) => `${b}-${l}.png`));
    expect(missing).toEqual([]);
    // The screens the issue names: settings and the scenario editor, their error states included.
    for (const b of ['login', 'desk-idle', 'desk-in-call-pitch-locked', 'desk-wrap-up', 'settings', 'settings-error', 'practice-scenarios', 'practice-scenarios-errors', 'review-workspace', 'access-review']) {
      expect(bases, b).toContain(b);
    }
  });
});
