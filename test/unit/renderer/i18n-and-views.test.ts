import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { parseHash, viewHash, viewsFor } from '../../../renderer/desk/views';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('desk texts', () => {
  it('Korean and English have exactly the same keys, none empty', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
    const empty = keys(ko).filter((k) => !k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], ko));
    expect(empty).toEqual([]);
  });

  it('placeholders match between the languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const k of keys(en)) {
      const get = (o: unknown) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o) as string;
      expect(holes(get(ko)), k).toEqual(holes(get(en)));
    }
  });
});

describe('views by role', () => {
  it('agents call and practise, leads review, trainers practise; admins see all, and only admins the KR-ACCESS access review', () => {
    expect(viewsFor('agent')).toEqual(['desk', 'scores', 'practice', 'settings']);
    expect(viewsFor('lead')).toEqual(['review', 'settings']);
    expect(viewsFor('trainer')).toEqual(['practice', 'settings']);
    expect(viewsFor('admin')).toEqual(['desk', 'review', 'access', 'practice', 'settings']);
  });

  it('a shared link keeps its filters; a view the role may not open falls back', () => {
    const link = viewHash('review', new URLSearchParams({ team: 'team-1', outcome: 'sale' }));
    expect(parseHash(link, 'lead')).toMatchObject({ view: 'review' });
    expect(parseHash(link, 'lead').params.get('outcome')).toBe('sale');
    expect(parseHash(link, 'agent').view).toBe('desk');
    expect(parseHash(link, 'agent').params.toString()).toBe('');
    expect(parseHash('#/nonsense', 'trainer').view).toBe('practice');
  });
});
