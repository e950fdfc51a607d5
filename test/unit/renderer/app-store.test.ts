// The one app store (renderer/state/store.ts): the desk, review and practice are slices of it; review
// and practice each have a request generation, so nothing asked before a sign-out lands afterwards.
import { describe, expect, it } from 'vitest';
import type { CallgateBridge } from '../../../shared/ipc/channels';
import { deskStoreFor } from '../../support/desk-store';
import { DEFAULT_SETTINGS } from '../../../shared/ipc/settings';
import { sipSettingsChanged } from '../../../renderer/desk/phone-connection';
import { rawScenario, scriptLookup, T0 } from '../practice/fixtures';

const ok = <T,>(value: T) => ({ ok: true as const, value });

/** A bridge whose answers the test releases by hand, in any order. */
function heldBridge() {
  const held: { channel: string; release: () => void }[] = [];
  const hold =
    (channel: string, value: () => unknown) =>
    () =>
      new Promise((resolve) => held.push({ channel, release: () => resolve(ok(value())) }));
  const bridge = {
    session: { logout: async () => ok(null) },
    review: {
      calls: hold('review:calls', () => ({ items: [{ id: 'call-of-the-last-user' }], nextCursor: null, total: 1 })),
      kpis: hold('review:kpis', () => ({ totals: {}, byDay: [], byAgent: [] })),
      compliance: hold('review:compliance', () => ({ items: [] })),
      directory: hold('review:directory', () => ({ teams: [], agents: [] })),
    },
    campaigns: { list: hold('campaigns:list', () => ({ campaigns: [], companies: [] })) },
    practice: {
      scenarios: hold('practice:scenarios', () => ({ items: [{ id: 'kr-willing' }] })),
      scenario: hold('practice:scenario', () => ({ id: 'kr-willing', revision: 1, builtin: true, scenario: rawScenario('kr-willing'), updatedBy: 'system', updatedAt: new Date(T0).toISOString() })),
    },
  } as unknown as CallgateBridge;
  const releaseAll = async (): Promise<void> => {
    for (const h of held.splice(0)) h.release();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { bridge, held, releaseAll };
}

const scriptFor = (id: string, v: number) => {
  const s = scriptLookup(id, v);
  if (!s) throw new Error('no script');
  return s;
};

describe('one app store', () => {
  it('review and practice are slices of the desk store (one store, one subscription)', () => {
    const store = deskStoreFor({});
    const s = store.getState();
    expect(s.review.calls.items).toEqual([]);
    expect(s.practice.phase).toBe('choosing');
    expect(typeof s.dial).toBe('function');
  });

  it('review: answers to requests made before sign-out are dropped (its own request generation)', async () => {
    const h = heldBridge();
    const store = deskStoreFor(h.bridge);
    store.getState().review.setQuery({ sort: '-startedAt' });
    void store.getState().review.loadLookups();
    expect(h.held.map((x) => x.channel).sort()).toEqual(['campaigns:list', 'review:calls', 'review:compliance', 'review:directory', 'review:kpis']);
    await store.getState().logout();
    await h.releaseAll();
    const { review } = store.getState();
    expect(review.calls).toMatchObject({ items: [], total: null });
    expect(review.kpis.data).toBeNull();
    expect(review.directory).toBeNull();
    expect(review.query).toBeNull();
  });

  it('review: the lookups and the first query, asked together as the view does, both land', async () => {
    const h = heldBridge();
    const store = deskStoreFor(h.bridge);
    void store.getState().review.loadLookups();
    store.getState().review.setQuery({ sort: '-startedAt' });
    await h.releaseAll();
    expect(store.getState().review.directory).not.toBeNull();
    expect(store.getState().review.calls.items).toHaveLength(1);
  });

  it('review: after a reset the same query loads again (nothing cached from the last user)', async () => {
    const h = heldBridge();
    const store = deskStoreFor(h.bridge);
    store.getState().review.setQuery({ sort: '-startedAt' });
    await h.releaseAll();
    expect(store.getState().review.calls.items).toHaveLength(1);
    store.getState().review.reset();
    store.getState().review.setQuery({ sort: '-startedAt' });
    expect(h.held.map((x) => x.channel)).toContain('review:calls');
  });

  it('practice: a scenario that arrives after sign-out, or after another choice, is not opened', async () => {
    const h = heldBridge();
    const store = deskStoreFor(h.bridge, { scriptFor });
    void store.getState().practice.loadScenarios();
    void store.getState().practice.choose('kr-willing', { id: 'u1', name: 'A' }, 'ko');
    await store.getState().logout();
    await h.releaseAll();
    expect(store.getState().practice).toMatchObject({ phase: 'choosing', scenarios: null, scenario: null });
    // Two choices in a row: only the last one's answer counts.
    void store.getState().practice.choose('kr-willing', { id: 'u1', name: 'A' }, 'ko');
    const first = h.held.splice(0);
    void store.getState().practice.choose('kr-willing', { id: 'u1', name: 'A' }, 'ko');
    for (const x of first) x.release();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(store.getState().practice.phase).toBe('choosing');
    await h.releaseAll();
    expect(store.getState().practice.phase).toBe('briefing');
  });
});

describe('the phone connects again only when its settings change in value', () => {
  it('a language switch (a new settings object, the same SIP values) leaves the phone and its call alone', () => {
    const sip = { ...DEFAULT_SETTINGS.sip, iceGatheringTimeoutMs: 400 };
    expect(sipSettingsChanged(sip, structuredClone(sip))).toBe(false);
    expect(sipSettingsChanged(sip, sip)).toBe(false);
    expect(sipSettingsChanged(sip, { ...sip, iceGatheringTimeoutMs: 300 })).toBe(true);
  });
});
