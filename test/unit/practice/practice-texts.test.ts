import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';

function strings(o: unknown, path = ''): [string, string][] {
  if (typeof o === 'string') return [[path, o]];
  if (typeof o !== 'object' || o === null) return [];
  return Object.entries(o).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
}

describe('practice wording (issue 17 "briefing truth")', () => {
  it('English says "Practice" everywhere: no tab, button or sentence spells it "practise"', () => {
    expect(strings(en).filter(([, s]) => /practis/i.test(s))).toEqual([]);
    expect(en.practice.tabs.practice).toBe('Practice');
    expect(en.views.practice).toBe('Practice');
  });

});
