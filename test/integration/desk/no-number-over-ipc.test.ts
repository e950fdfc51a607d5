// Runtime guard (issue 10): the desk's main process against the real API (SQLite), the renderer's
// store over the very bridge code of the preload. Every payload that crosses the IPC boundary, and the
// store's state, is searched for the numbers of the seeded leads: only the masked forms may appear.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../../electron/ipc/bridge';
import { TokenVault } from '../../../electron/credentials/token-vault';
import { Outbox } from '../../../electron/outbox/outbox';
import { deskStoreFor } from '../../support/desk-store';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../support/server-harness';
import { KILL_TEST_CIPHER } from './kill-test-cipher';

// The Electron binary is not here; electron-store only needs the module to exist.
vi.mock('electron', () => ({ default: {} }));
const { openSettingsStore } = await import('../../../electron/settings/settings-store');
const { createDeskMain } = await import('../../../electron/services/desk-main');

let s: TestServer;
let numbers: string[] = [];
const crossed: { channel: string; payload: string }[] = [];
let main: ReturnType<typeof createDeskMain>;
let outbox: Outbox;

beforeAll(async () => {
  s = await startTestServer('sqlite', { config: { edgeDomain: 'edge.callgate.test' } });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
  numbers = (await s.ctx.store.db.all('SELECT phone_e164 FROM leads')).map((r) => String(r['phone_e164']));
  const userData = mkdtempSync(join(tmpdir(), 'cg-nonumber-'));
  outbox = await Outbox.open(join(userData, 'outbox'));
  main = createDeskMain({
    connection: { apiUrl, source: 'development', policyFile: null, sip: { wsUrl: null, iceServers: [] } },
    settings: openSettingsStore({ cwd: userData, projectVersion: '0.1.0' }),
    vault: new TokenVault(KILL_TEST_CIPHER, userData),
    outbox,
    emit: (channel, payload) => void crossed.push({ channel: `event ${channel}`, payload: JSON.stringify(payload) ?? '' }),
    openExternal: async () => undefined,
  });
}, 60_000);

afterAll(async () => {
  await main?.stop();
  await outbox?.close();
  await s?.close();
});

/** Every form of a seeded number that would give it away (the mask keeps the prefix and the last four). */
function giveaways(e164: string): string[] {
  const digits = e164.slice(1);
  const national = e164.startsWith('+82') ? `0${e164.slice(3)}` : e164.startsWith('+1') ? e164.slice(2) : digits;
  return [e164, digits, national, national.slice(-8)];
}

describe('no customer number crosses the IPC boundary or lands in the renderer store', () => {
  it('a desk flow (sign in, campaigns, next lead, card, dial authorization, call, SIP credentials, calls) shows only masked numbers', async () => {
    const bridge = createBridge({
      invoke: async (channel, payload) => {
        const result = await main.dispatch(channel as never, payload as never);
        crossed.push({ channel, payload: JSON.stringify(payload) ?? '' }, { channel: `${channel} answer`, payload: JSON.stringify(result) ?? '' });
        return result;
      },
      on: () => () => undefined,
    });
    const store = deskStoreFor(bridge);
    await store.getState().login('agent1', DEMO_PASSWORD);
    await store.getState().loadCampaigns();
    await store.getState().chooseCampaign('cmp-kr-insurance');
    const card = store.getState().card;
    expect(card?.lead.maskedNumber).toMatch(/^010-\*{4}-\d{4}$/);
    const leadId = card?.lead.id ?? '';
    const auth = await bridge.dial.authorize({ leadId });
    expect(auth.ok).toBe(true);
    if (!auth.ok) return;
    expect(auth.value.dialUri).toMatch(/^sip:d-[A-Za-z0-9_-]{43}@edge\.callgate\.test$/);
    const created = await bridge.calls.create({ attemptId: auth.value.attemptId });
    expect(created.ok).toBe(true);
    if (created.ok) await bridge.calls.get({ callId: created.value.id });
    await bridge.leads.get({ leadId });
    await bridge.calls.list({});
    expect((await bridge.sip.credentials(undefined)).ok).toBe(true);
    // The number was read, but by the SIP edge, not the desk: redeem it and look again.
    const token = /^sip:d-([^@]+)@/.exec(auth.value.dialUri)?.[1];
    const redeemed = await s.request('POST', '/v1/edge/dial-tokens/redeem', { token: s.ctx.config.edgeSecret, body: { token, sipUser: 'user-agent1', sipCallId: 'c@desk' } });
    expect(redeemed.status).toBe(200);
    expect(numbers).toContain(redeemed.json.target);
    await store.getState().refreshLead();

    expect(crossed.length).toBeGreaterThan(15);
    const state = JSON.stringify(store.getState());
    const leaks: string[] = [];
    for (const n of numbers) {
      for (const form of giveaways(n)) {
        for (const c of crossed) if (c.payload.includes(form)) leaks.push(`${c.channel}: ${form}`);
        if (state.includes(form)) leaks.push(`store: ${form}`);
      }
    }
    expect(leaks).toEqual([]);
    // Nor anything shaped like an E.164 number.
    expect(crossed.filter((c) => /\+\d{9,15}\b/.test(c.payload)).map((c) => c.channel)).toEqual([]);
    expect(state).not.toMatch(/\+\d{9,15}\b/);
  }, 60_000);
});
