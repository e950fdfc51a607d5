// The agent's desk taking a lead's whisper (issue 15 item 5): the pure leg (renderer/state/whisper-leg.ts)
// and its wiring in the app store (taken while the call is connected and the monitoring answer names a
// whisper; closed when the whisper or the call ends).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Monitoring } from '../../../shared/api/live';
import { MAX_ATTEMPTS, RETRY_MS, WHISPER_LEG_INPUTS, WHISPER_LEG_PHASES, WHISPER_LEG_TRANSITIONS, WhisperLeg, type WhisperLegPorts } from '../../../renderer/state/whisper-leg';
import { deskOnCall } from '../../support/desk-call';
import { manualTimers } from '../../support/manual-timers';

const tick = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** Ports that record what happened; `fail` makes a step reject. */
function fakePorts() {
  const log: string[] = [];
  const open = new Set<string>();
  const lost = new Map<string, () => void>();
  const fail = { offer: false, connect: false, answer: false };
  const timers = manualTimers();
  let n = 0;
  const ports: WhisperLegPorts = {
    async offer(sessionId) {
      log.push(`offer ${sessionId}`);
      if (fail.offer) throw new Error('409');
      return `sdp-${sessionId}`;
    },
    async connect(offer, onLost) {
      if (fail.connect) throw new Error('no ICE');
      const leg = `leg${++n}`;
      open.add(leg);
      lost.set(leg, onLost);
      log.push(`connect ${leg} ${offer}`);
      return { answerSdp: `answer-${leg}`, media: { setOutput: async () => undefined, close: () => open.delete(leg) } };
    },
    async answer(sessionId, sdp) {
      log.push(`answer ${sessionId} ${sdp}`);
      if (fail.answer) throw new Error('edge down');
    },
    schedule: timers.schedule,
  };
  return { ports, log, open, lost, fail, timers };
}

const seen = (sessionId: string, state: NonNullable<Monitoring['whisper']>['state'] = 'active'): Monitoring['whisper'] => ({ sessionId, state });

describe('whisper leg', () => {
  it('takes a whisper once (offer, own leg, answer), plays it, and closes the leg when the whisper ends', async () => {
    const f = fakePorts();
    const w = new WhisperLeg(f.ports);
    w.follow(seen('ls-1'));
    expect(w.view()).toEqual({ phase: 'joining', sessionId: 'ls-1' });
    await tick();
    expect(w.view()).toEqual({ phase: 'playing', sessionId: 'ls-1' });
    expect(f.log).toEqual(['offer ls-1', 'connect leg1 sdp-ls-1', 'answer ls-1 answer-leg1']);
    // The same whisper again (every answer while it lasts, whatever its state): nothing new.
    w.follow(seen('ls-1', 'agent_joined'));
    await tick();
    expect(f.log).toHaveLength(3);
    expect([...f.open]).toEqual(['leg1']);
    w.follow(null);
    expect(w.view()).toEqual({ phase: 'idle', sessionId: null });
    expect(f.open.size).toBe(0);
  });

  it('a whisper that ended (state ended) closes the leg; another whisper replaces the old leg', async () => {
    const f = fakePorts();
    const w = new WhisperLeg(f.ports);
    w.follow(seen('ls-1'));
    await tick();
    w.follow(seen('ls-2'));
    await tick();
    expect(w.view()).toEqual({ phase: 'playing', sessionId: 'ls-2' });
    expect([...f.open]).toEqual(['leg2']);
    w.follow(seen('ls-2', 'ended'));
    expect(w.view().phase).toBe('idle');
    expect(f.open.size).toBe(0);
  });

  it('work in flight when the whisper ends is dropped, and its leg closed', async () => {
    const f = fakePorts();
    let release: () => void = () => undefined;
    const w = new WhisperLeg({ ...f.ports, answer: () => new Promise<void>((r) => (release = r)) });
    w.follow(seen('ls-1'));
    await tick();
    expect([...f.open]).toEqual(['leg1']);
    w.follow(null);
    release();
    await tick();
    expect(w.view().phase).toBe('idle');
    expect(f.open.size).toBe(0);
  });

  it('a failed step is tried again after RETRY_MS, at most MAX_ATTEMPTS times in all; a lost connection counts as a failure', async () => {
    const f = fakePorts();
    const w = new WhisperLeg(f.ports);
    f.fail.answer = true;
    w.follow(seen('ls-1'));
    await tick();
    expect(w.view()).toEqual({ phase: 'failed', sessionId: 'ls-1' });
    expect(f.open.size).toBe(0); // the half-made leg is closed
    expect(f.timers.delays()).toEqual([RETRY_MS]);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      f.timers.runAll();
      await tick();
    }
    expect(f.log.filter((l) => l.startsWith('offer'))).toHaveLength(MAX_ATTEMPTS);
    expect(w.view().phase).toBe('failed');
    expect(f.timers.pending()).toBe(0); // given up on this whisper
    // A new whisper starts afresh; once playing, a failed connection closes it and tries again.
    f.fail.answer = false;
    w.follow(seen('ls-2'));
    await tick();
    expect(w.view().phase).toBe('playing');
    f.lost.get('leg4')?.();
    expect(w.view()).toEqual({ phase: 'failed', sessionId: 'ls-2' });
    expect(f.open.size).toBe(0);
    f.timers.runAll();
    await tick();
    expect(w.view()).toEqual({ phase: 'playing', sessionId: 'ls-2' });
    // The end of the whisper cancels a pending retry.
    f.lost.get('leg5')?.();
    w.follow(null);
    expect(f.timers.pending()).toBe(0);
  });

  it('the table names only known phases, and whatever happens, no whisper means no leg open (every path)', async () => {
    for (const p of WHISPER_LEG_PHASES) for (const next of Object.values(WHISPER_LEG_TRANSITIONS[p])) expect(WHISPER_LEG_PHASES).toContain(next);
    expect(WHISPER_LEG_INPUTS).toContain('gone');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom('ls-1', 'ls-2', null, 'fail', 'ok', 'lose', 'retry')), { maxLength: 12 }),
        async (steps) => {
          const f = fakePorts();
          const w = new WhisperLeg(f.ports);
          for (const s of steps) {
            if (s === 'fail') f.fail.connect = true;
            else if (s === 'ok') f.fail.connect = false;
            else if (s === 'lose') [...f.lost.values()].forEach((l) => l());
            else if (s === 'retry') f.timers.runAll();
            else w.follow(s ? seen(s) : null);
            await tick();
          }
          w.follow(null);
          await tick();
          expect(f.open.size).toBe(0);
          expect(f.timers.pending()).toBe(0);
          expect(w.view().phase).toBe('idle');
        },
      ),
    );
  });
});

describe('whisper leg in the app store', () => {
  it('the desk takes the whisper of its own call, shows that it plays, and closes the leg when the whisper or the call ends', async () => {
    const timers = manualTimers();
    const legs: { outputId: string | null; iceServers: RTCIceServer[]; moved: (string | null)[]; closed: boolean }[] = [];
    const d = await deskOnCall({
      autoSave: true,
      schedule: timers.schedule,
      takeWhisper: async (offer, outputId, _lost, iceServers) => {
        const leg = { outputId, iceServers, moved: [] as (string | null)[], closed: false };
        legs.push(leg);
        return { answerSdp: `v=0 answer to ${offer}`, media: { setOutput: async (id: string | null) => void leg.moved.push(id), close: () => (leg.closed = true) } };
      },
    });
    // The site's provisioned TURN server (decision 0015) carries the whisper leg too.
    const turn = { urls: 'turns:turn.example:5349', username: 'desk', credential: 'c' };
    d.store.setState({ connection: { apiUrl: 'https://api.example', source: 'policy', policyFile: '/etc/callgate/desk-policy.json', sip: { wsUrl: 'wss://sip.example', iceServers: [turn] } } });
    await d.store.getState().dial();
    await d.flush();
    d.monitoring = { indicator: false, sessions: [], whisper: { sessionId: 'ls-1', state: 'active' } }; // US: no indicator, still a whisper
    d.phone.remote.answer(d.phoneCallId());
    await d.flush();
    expect(d.log.whisperLeg).toEqual(['offer ls-1', 'answer ls-1 v=0 answer to v=0 offer of ls-1']);
    expect(d.store.getState().whisperLeg).toEqual({ phase: 'playing', sessionId: 'ls-1' });
    expect(legs).toEqual([{ outputId: null, iceServers: [turn], moved: [], closed: false }]);
    // The agent picks another output device: the playing whisper moves with the call's audio.
    const settings = d.store.getState().settings;
    d.store.getState().applySettings({ ...settings, devices: { ...settings.devices, outputId: 'headset-2' } });
    expect(legs[0]?.moved).toEqual(['headset-2']);
    d.store.getState().applySettings({ ...settings, locale: settings.locale === 'ko' ? 'en' : 'ko', devices: { ...settings.devices, outputId: 'headset-2' } });
    expect(legs[0]?.moved).toEqual(['headset-2']); // another setting: nothing moves
    // The lead stops: the next answer has no whisper.
    d.monitoring = { indicator: false, sessions: [], whisper: null };
    timers.runAll();
    await d.flush();
    expect(d.store.getState().whisperLeg.phase).toBe('idle');
    expect(legs[0]?.closed).toBe(true);
    // A new whisper, then the call ends: the leg closes with it.
    d.monitoring = { indicator: true, sessions: [{ mode: 'whisper', userName: '박서연' }], whisper: { sessionId: 'ls-2', state: 'active' } };
    timers.runAll();
    await d.flush();
    expect(d.store.getState().whisperLeg).toEqual({ phase: 'playing', sessionId: 'ls-2' });
    d.phone.remote.hangUp(d.phoneCallId());
    await d.flush();
    expect(d.store.getState().whisperLeg.phase).toBe('idle');
    expect(legs.map((l) => l.closed)).toEqual([true, true]);
  });
});
