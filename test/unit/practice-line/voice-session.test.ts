// The simulated customer of a voice practice call on an injected clock: no socket, no espeak-ng (each
// line "speaks" a tone as long as its text), the same ScriptRun/customer/timing as everywhere.
import { describe, expect, it } from 'vitest';
import type { CustomerLine } from '../../../shared/practice/customer';
import { practiceSetup } from '../../../shared/practice/practice-call';
import { ScriptRun, type ScriptAction } from '../../../shared/script/script-run';
import type { SpokenLine } from '../../../server/practice-line/speech';
import { levelDbfs } from '../../../server/practice-line/voice-activity';
import { FRAME_MS, VoiceSession } from '../../../server/practice-line/voice-session';
import { idFactory, scenario, scriptOf, T0 } from '../practice/fixtures';

const s = scenario('kr-no-time');
const script = scriptOf(s);

/** 60 ms of tone per character: lines have known lengths. */
function speech(line: CustomerLine): SpokenLine {
  const n = line.text.length * 60 * 8;
  return { key: line.text, samples: Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin(i / 3))), durationMs: n / 8 };
}

function session(o: { missing?: boolean } = {}) {
  const spec = { callId: '01890000-0000-7000-8000-0000000000c1', trainee: { id: 'user-agent1', name: '김하준' }, scenario: s, script, locale: 'en' as const, setupAt: new Date(T0) };
  const v = new VoiceSession(spec, { speech: (l) => (o.missing ? undefined : speech(l)), wallClock: () => new Date(T0) });
  const setup = practiceSetup(s, { locale: 'en', callId: spec.callId, agentId: 'user-agent1', agentName: '김하준', startedAt: new Date(T0) });
  const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: () => new Date(T0), newId: idFactory() });
  const act = (a: ScriptAction) => {
    const { event } = run.propose(a);
    run.commit(event);
    return event;
  };
  /** Runs the line's 20 ms media clock from `from` to `to` (ms since the answer); the frames sent, loud or not. */
  const clock = (from: number, to: number) => {
    const loud: boolean[] = [];
    const signals: string[] = [];
    for (let t = from; t <= to; t += FRAME_MS) {
      for (const sig of v.tick(t)) signals.push(`${sig.type}:${sig.reason}`);
      for (const f of v.framesDue(t)) loud.push(levelDbfs(f) > -35);
    }
    return { loud, signals };
  };
  return { v, act, clock };
}

describe('voice practice session (server, injected clock)', () => {
  it('answers with "hello?" after the scenario pause, in frames of audio; silence before and after', () => {
    const { v, clock } = session();
    v.answer(0);
    const { loud } = clock(0, 3000);
    const first = loud.indexOf(true);
    // Opening pause 400 ms -> frame 20; "Hello? Who is this?" is 19 characters -> 57 frames.
    expect(first).toBe(20);
    expect(loud.slice(first, first + 57).every(Boolean)).toBe(true);
    expect(loud[first + 58]).toBe(false);
  });

  it('reacts to a recorded action when it arrives, and stops reacting at an event the engine would not emit', () => {
    const { v, act, clock } = session();
    v.answer(0);
    clock(0, 9000);
    v.onEvent(act({ type: 'confirm' }), 9000);
    const after = clock(9020, 20_000).loud;
    expect(after.indexOf(true)).toBeGreaterThan(0); // the no-time answer, after its pause
    const forged = { ...act({ type: 'answer', answerId: 'no' }), promptText: 'something else' };
    v.onEvent(forged, 20_000);
    const facts = v.finish('trainee', 21_000);
    expect(facts?.desync).toMatch(/events\[1\]/);
    expect(facts?.events).toEqual([{ seq: 0, atMs: 9000 }]);
  });

  it("hears the trainee: voice activity becomes speech segments and holds the customer's silence clock", () => {
    const { v, clock } = session();
    v.answer(0);
    clock(0, 6000);
    const tone = Int16Array.from({ length: 160 }, (_, i) => Math.round(6000 * Math.sin(i / 2)));
    for (let t = 6000; t < 20_000; t += FRAME_MS) {
      v.onAudio(tone, t);
      clock(t, t);
    }
    // Fourteen seconds of talking: no "hello?" while the trainee speaks.
    const facts = v.finish('trainee', 20_000);
    expect(facts?.said.map((l) => l.kind)).not.toContain('nudge');
    expect(facts?.traineeSpeech).toEqual([{ startMs: 6000, endMs: 20_000 }]);
    expect(facts?.framesReceived).toBe(700);
  });

  it('the recording is stereo, both sides on one clock: customer left, trainee right', () => {
    const { v, clock } = session();
    v.answer(0);
    const tone = Int16Array.from({ length: 160 }, (_, i) => Math.round(6000 * Math.sin(i / 2)));
    for (let t = 0; t < 2000; t += FRAME_MS) {
      if (t >= 1500) v.onAudio(tone, t);
      clock(t, t);
    }
    const rec = v.recording();
    expect(rec).toMatchObject({ rate: 8000, channels: 2 });
    const channel = (c: 0 | 1, fromMs: number, toMs: number) => {
      const out: number[] = [];
      for (let i = (fromMs * 8) | 0; i < toMs * 8; i++) out.push(rec.samples[i * 2 + c] as number);
      return levelDbfs(Int16Array.from(out));
    };
    expect(channel(0, 500, 1000)).toBeGreaterThan(-35); // "hello?"
    expect(channel(1, 500, 1000)).toBe(-Infinity); // the trainee was silent
    expect(channel(1, 1520, 1900)).toBeGreaterThan(-35);
  });

  it('a line without synthesized audio is still timed (and not heard); a call never answered has no facts', () => {
    const { v, clock } = session({ missing: true });
    v.answer(0);
    expect(clock(0, 3000).loud.some(Boolean)).toBe(false);
    expect(v.finish('trainee', 3000)?.said[0]?.kind).toBe('opening');
    const never = session().v;
    expect(never.finish('trainee', 0)).toBeUndefined();
  });
});
