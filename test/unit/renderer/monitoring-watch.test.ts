// The agent's "a team lead is listening / whispering" indicator (issue 15 item 5): the pure watch
// (renderer/state/monitoring-watch.ts) and its wiring in the app store (asked while the call is
// connected, cleared when the call ends or the session ends).
import { describe, expect, it } from 'vitest';
import type { Monitoring } from '../../../shared/api/live';
import { MonitoringWatch, NO_MONITORING, monitoringView } from '../../../renderer/state/monitoring-watch';
import { deskOnCall } from '../../support/desk-call';
import { manualTimers } from '../../support/manual-timers';

const tick = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const LISTEN: Monitoring = { indicator: true, sessions: [{ mode: 'listen', userName: '박서연' }], whisper: null };
const WHISPER: Monitoring = {
  indicator: true,
  sessions: [
    { mode: 'listen', userName: '박서연' },
    { mode: 'whisper', userName: '박서연' },
  ],
  whisper: { sessionId: 'ls-1', state: 'active' },
};

describe('monitoring view', () => {
  it('shows listening, whispering and who; nothing where the profile hides it (but keeps the whisper to take)', () => {
    expect(monitoringView(LISTEN)).toEqual({ shown: true, listening: true, whispering: false, leads: ['박서연'], whisper: null });
    expect(monitoringView(WHISPER)).toMatchObject({ shown: true, listening: true, whispering: true, leads: ['박서연'] });
    const hidden = monitoringView({ indicator: false, sessions: [], whisper: { sessionId: 'ls-1', state: 'active' } });
    expect(hidden).toEqual({ shown: false, listening: false, whispering: false, leads: [], whisper: { sessionId: 'ls-1', state: 'active' } });
    expect(monitoringView({ indicator: true, sessions: [], whisper: null }).shown).toBe(false);
  });
});

describe('monitoring watch', () => {
  it('asks at once, then every interval; follows the answers; stops and clears on watch(null)', async () => {
    const timers = manualTimers();
    let answer: Monitoring = LISTEN;
    const asked: string[] = [];
    const w = new MonitoringWatch({ fetch: async (id) => (asked.push(id), answer), schedule: timers.schedule, intervalMs: 3000 });
    const views: boolean[] = [];
    w.subscribe((v) => views.push(v.shown));
    w.watch('call-1');
    await tick();
    expect(asked).toEqual(['call-1']);
    expect(w.view().listening).toBe(true);
    answer = WHISPER;
    timers.runAll();
    await tick();
    expect(asked).toEqual(['call-1', 'call-1']);
    expect(w.view().whispering).toBe(true);
    answer = { indicator: false, sessions: [], whisper: null };
    timers.runAll();
    await tick();
    expect(w.view()).toEqual(NO_MONITORING); // the session ended: the indicator goes away
    answer = LISTEN;
    timers.runAll();
    await tick();
    w.watch(null);
    expect(w.view()).toEqual(NO_MONITORING);
    expect(timers.pending()).toBe(0);
    expect(views).toEqual([true, true, false, true, false]);
  });

  it('a failed ask keeps the last view and asks again later', async () => {
    const timers = manualTimers();
    let fail = false;
    const w = new MonitoringWatch({ fetch: async () => (fail ? Promise.reject(new Error('api down')) : LISTEN), schedule: timers.schedule, intervalMs: 3000 });
    w.watch('call-1');
    await tick();
    fail = true;
    timers.runAll();
    await tick();
    expect(w.view().shown).toBe(true);
    expect(timers.pending()).toBe(1);
  });

  it('an answer about a call no longer watched changes nothing', async () => {
    const timers = manualTimers();
    const held: { id: string; resolve: (m: Monitoring) => void }[] = [];
    const w = new MonitoringWatch({ fetch: (id) => new Promise((resolve) => held.push({ id, resolve })), schedule: timers.schedule, intervalMs: 3000 });
    w.watch('call-1');
    w.watch(null);
    held[0]!.resolve(LISTEN);
    await tick();
    expect(w.view()).toEqual(NO_MONITORING);
    expect(timers.pending()).toBe(0);
    w.watch('call-2');
    w.watch('call-3');
    held[1]!.resolve(LISTEN); // call-2's answer, late
    await tick();
    expect(w.view().shown).toBe(false);
    held[2]!.resolve(WHISPER);
    await tick();
    expect(w.view().whispering).toBe(true);
  });
});

describe('monitoring in the app store', () => {
  it('the desk asks about its own call while connected, shows the answer, and stops once the call ended', async () => {
    const timers = manualTimers();
    const d = await deskOnCall({ autoSave: true, schedule: timers.schedule });
    await d.store.getState().dial();
    await d.flush();
    expect(d.log.monitoringAsks).toEqual([]); // not before the call is answered
    d.monitoring = LISTEN;
    d.phone.remote.answer(d.phoneCallId());
    await d.flush();
    const callId = d.store.getState().call.callId;
    expect(callId).not.toBeNull();
    expect(d.log.monitoringAsks).toEqual([callId]);
    expect(d.store.getState().monitoring).toMatchObject({ shown: true, listening: true, whispering: false, leads: ['박서연'] });
    d.monitoring = WHISPER;
    timers.runAll();
    await d.flush();
    expect(d.store.getState().monitoring.whispering).toBe(true);
    d.phone.remote.hangUp(d.phoneCallId());
    await d.flush();
    expect(d.store.getState().call.phase).toBe('ended');
    expect(d.store.getState().monitoring).toEqual(NO_MONITORING);
    timers.runAll();
    await d.flush();
    expect(d.log.monitoringAsks).toHaveLength(2);
  });
});
