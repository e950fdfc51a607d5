import { UserAgent } from 'sip.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePhoneSettings } from '../../../shared/phone/phone-settings';
import type { RegistrationSnapshot } from '../../../shared/phone/registration-state';
import { nodePhoneEnvironment } from '../../support/phone-environment';
import { RegistrationController } from '../../../renderer/phone/registration-controller';
import { FakeSipServer, fakeTransportFor } from './fake-transport';

const settings = parsePhoneSettings({
  serverUrl: 'wss://sip.callgate.test',
  aor: 'sip:agent1@callgate.test',
  authUser: 'agent1',
  authPassword: 'pw',
  reconnect: { baseMs: 400, maxMs: 3_200 },
});

interface Rig {
  server: FakeSipServer;
  controller: RegistrationController;
  states: RegistrationSnapshot[];
  notices: string[];
  hooks: string[];
  setOnline(online: boolean): void;
}

function rig(): Rig {
  const server = new FakeSipServer();
  let controller: RegistrationController | null = null;
  const ua = new UserAgent({
    // As SipJsPhone wires it.
    delegate: { onDisconnect: (error) => controller?.handleDisconnect(error) },
    uri: UserAgent.makeURI(settings.aor) ?? (() => { throw new Error('bad AOR'); })(),
    authorizationUsername: settings.authUser,
    authorizationPassword: settings.authPassword,
    transportConstructor: fakeTransportFor(server),
    logBuiltinEnabled: false,
    logLevel: 'error',
  });
  let online = true;
  // Jitter at its midpoint (random 0.5): waits are 75 % of the ceiling.
  const env = nodePhoneEnvironment({ isOnline: () => online });
  const states: RegistrationSnapshot[] = [];
  const notices: string[] = [];
  const hooks: string[] = [];
  controller = new RegistrationController(
    ua,
    settings,
    env,
    {
      changed: (s) => states.push(s),
      notice: (kind) => notices.push(kind),
      transportLost: () => hooks.push('transportLost'),
      restored: () => hooks.push('restored'),
    },
    { openProbe: () => server.probe() },
  );
  // As SipJsPhone wires it: anything the server sends proves it alive.
  const deliver = ua.transport.onMessage;
  ua.transport.onMessage = (message) => {
    controller?.liveness.received();
    deliver?.(message);
  };
  return { server, controller, states, notices, hooks, setOnline: (v) => (online = v) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

async function settle(ms = 50): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('RegistrationController (sip.js with a fake transport)', () => {
  it('PHONE-RECONNECT: after a server loss it backs off with jitter, reconnects and REGISTERs again', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    expect(r.controller.current.state).toBe('registered');
    expect(r.server.registers).toBe(1);

    r.server.crash();
    expect(r.controller.current).toMatchObject({ state: 'reconnecting', attempt: 1, nextAttemptAt: Date.now() + 300 });
    expect(r.hooks).toEqual(['transportLost']);
    expect(r.notices).toEqual(['server_lost']);

    await settle(299);
    expect(r.controller.current.state).toBe('reconnecting');
    await settle(2); // attempt 1 fails: the server is still down; the next wait doubles
    expect(r.controller.current).toMatchObject({ state: 'reconnecting', attempt: 2, nextAttemptAt: Date.now() + 600 - 1 });
    r.server.up = true;
    await settle(650);
    expect(r.controller.current.state).toBe('registered');
    expect(r.server.registers).toBe(2);
    expect(r.notices).toEqual(['server_lost', 'server_restored']);
    expect(r.hooks).toEqual(['transportLost', 'restored']);
    expect(r.states.map((s) => s.state)).toEqual(['registering', 'registered', 'reconnecting', 'registering', 'reconnecting', 'registering', 'registered']);
  });

  it('PHONE-BACKOFF: the waits grow to the cap and stay there while the server stays down', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    r.server.crash();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const s = r.controller.current;
      waits.push((s.nextAttemptAt ?? 0) - Date.now());
      await settle((s.nextAttemptAt ?? 0) - Date.now() + 1);
    }
    expect(waits).toEqual([300, 599, 1_199, 2_399, 2_399, 2_399]);
  });

  it('PHONE-REG-AUTH: a refused password ends in `failed`, with no retries afterwards', async () => {
    const r = rig();
    r.server.answer = 403;
    const registering = r.controller.register().catch((e: unknown) => e);
    await settle();
    expect(await registering).toMatchObject({ code: 'auth_failed', sipStatus: 403 });
    expect(r.controller.current).toMatchObject({ state: 'failed', error: { kind: 'auth_failed', sipStatus: 403 } });
    await settle(120_000);
    expect(r.server.registers).toBe(1);
  });

  it('PHONE-REG: 503 is transient: the phone keeps trying and registers once the server accepts', async () => {
    const r = rig();
    r.server.answer = 503;
    const registering = r.controller.register().catch((e: unknown) => e);
    await settle();
    expect(await registering).toMatchObject({ code: 'unreachable', sipStatus: 503 });
    expect(r.controller.current).toMatchObject({ state: 'reconnecting', error: { kind: 'unreachable', sipStatus: 503 } });
    r.server.answer = 200;
    await settle(400);
    expect(r.controller.current.state).toBe('registered');
  });

  it('PHONE-NET: offline stops the retry loop; online checks at once', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    r.setOnline(false);
    r.server.crash();
    expect(r.controller.current.state).toBe('offline');
    await settle(60_000);
    expect(r.states.filter((s) => s.state === 'registering')).toHaveLength(1); // no attempts while offline
    r.setOnline(true);
    r.server.up = true;
    const check = r.controller.recheck();
    await settle();
    await check;
    expect(r.controller.current.state).toBe('registered');
  });

  it('PHONE-WAKE: after sleep a REGISTER on a silent socket times out; the phone reconnects and registers', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    r.server.answer = 'silent';
    const check = r.controller.recheck();
    await settle(4_900);
    expect(r.controller.current.state).toBe('registered'); // still believed registered while we ask
    r.server.answer = 200;
    await settle(200);
    await settle(500);
    await check;
    expect(r.hooks).toContain('transportLost');
    expect(r.controller.current.state).toBe('registered');
    expect(r.states.map((s) => s.state)).toContain('reconnecting');
  });

  it('PHONE-LIVENESS: a frozen server (socket open, nothing answered) is noticed within interval + timeout: reconnecting, calls told', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    // Keepalives flow while nothing else does, and are answered.
    await settle(settings.liveness.intervalMs * 3);
    expect(r.server.keepalives).toBeGreaterThanOrEqual(2);
    expect(r.controller.current.state).toBe('registered');

    r.server.freeze();
    const frozenAt = Date.now();
    await settle(settings.liveness.intervalMs + settings.liveness.timeoutMs + 100);
    expect(r.controller.current.state).not.toBe('registered');
    expect(r.notices).toEqual(['server_unresponsive']);
    expect(r.hooks).toEqual(['transportLost']);
    const lostAt = r.states.find((s) => s.state === 'reconnecting')?.since ?? Number.NaN;
    expect(lostAt - frozenAt).toBeLessThanOrEqual(settings.liveness.intervalMs + settings.liveness.timeoutMs);
  });

  it('PHONE-PROBE: the server back ends a long backoff at once: registered within the probe interval, whatever the wait said', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    r.server.crash();
    // Stay down long enough for the backoff to reach its 3.2 s cap (waits of 2.4 s after jitter).
    await settle(12_000);
    const waiting = r.controller.current;
    expect(waiting.state).toBe('reconnecting');
    r.server.up = true;
    const backAt = Date.now();
    await settle(settings.liveness.probeIntervalMs + 100);
    expect(r.controller.current.state).toBe('registered');
    const registeredAt = r.controller.current.since;
    expect(registeredAt - backAt).toBeLessThanOrEqual(settings.liveness.probeIntervalMs + 100);
    // The backoff starts from the beginning after the server was seen back.
    expect(r.controller.current.attempt).toBe(0);
  });

  it('PHONE-PROBE: after a freeze, the probe attempt pending on the frozen server completes at the wake, and the phone registers then', async () => {
    const r = rig();
    const registering = r.controller.register();
    await settle();
    await registering;
    r.server.freeze();
    await settle(20_000);
    expect(r.controller.current.state).toBe('reconnecting');
    r.server.thaw();
    await settle(50);
    expect(r.controller.current.state).toBe('registered');
    expect(r.notices).toEqual(['server_unresponsive', 'server_restored']);
    expect(r.hooks).toEqual(['transportLost', 'restored']);
  });
});
