import { describe, expect, it } from 'vitest';
import type { CustomerLine, CustomerReply } from '../../../shared/practice/customer';
import { NUDGE_LINE, SILENCE_HANG_UP_LINE } from '../../../shared/practice/default-lines';
import { END_AFTER_MS, LINE_GAP_MS } from '../../../shared/practice/pace';
import { PersonaTiming, type PersonaEffect } from '../../../shared/practice/persona-timing';

// Persona reaction timing on an injected clock: the test owns `now` and moves it; the module never
// reads a clock of its own.

const WAIT = 5000;

function line(text: string, atMs: number, extra: Partial<CustomerLine> = {}): CustomerLine {
  return { text, atMs, mood: 'calm', kind: 'answer', stepId: 'kr-id', hangUp: false, ...extra };
}

function reply(...lines: CustomerLine[]): CustomerReply {
  return { lines, hangUp: lines.some((l) => l.hangUp) };
}

/** Every line takes 100 ms per character (so the tests can reason about ends). */
const durationOf = (l: CustomerLine): number => l.text.length * 100;

function timing(mode: 'text' | 'voice' = 'voice', locale: 'ko' | 'en' = 'en'): PersonaTiming {
  return new PersonaTiming({ mode, locale, waitMs: WAIT, durationOf });
}

/** Runs the clock from `from` to `to` in `step` ms ticks, as a driver with a timer would. */
function runClock(t: PersonaTiming, from: number, to: number, step = 10): PersonaEffect[] {
  const out: PersonaEffect[] = [];
  for (let now = from; now <= to; now += step) out.push(...t.advance(now));
  return out;
}

const says = (effects: readonly PersonaEffect[]) => effects.flatMap((e) => (e.type === 'say' ? [[e.line.text, e.at, e.endsAt]] : []));

describe('persona reaction timing (injected clock)', () => {
  it('says the answer lines at their time, one after the other, never over each other', () => {
    const t = timing();
    t.answer(1000, reply(line('hello?', 400, { kind: 'opening' }), line('yes, go on', 450)), 2000, 'kr-id');
    expect(t.nextAt()).toBe(1400);
    expect(t.advance(1399)).toEqual([]);
    const effects = runClock(t, 1400, 4000);
    // "hello?" 1400-2000; the answer was due at 1450 but waits until hello ended + the gap.
    expect(says(effects)).toEqual([
      ['hello?', 1400, 2000],
      ['yes, go on', 2000 + LINE_GAP_MS, 2000 + LINE_GAP_MS + 1000],
    ]);
    expect(t.customerSpeaking).toBe(false);
    expect(t.phase).toBe('talking');
  });

  it('silence: "hello?" after the wait budget, then the last words and a hang-up for silence', () => {
    const t = timing('voice', 'ko');
    t.answer(0, reply(line('hi', 0, { kind: 'opening' })), 0, 'kr-id');
    expect(t.advance(0)).toEqual([expect.objectContaining({ type: 'say', at: 0, endsAt: 200 })]);
    // Quiet from 200: at 200 + WAIT the customer asks whether anyone is there.
    expect(t.nextAt()).toBe(200);
    expect(t.advance(200)).toEqual([]);
    expect(t.nextAt()).toBe(200 + WAIT);
    const nudge = t.advance(200 + WAIT);
    expect(nudge).toEqual([{ type: 'say', at: 200 + WAIT, endsAt: 200 + WAIT + NUDGE_LINE.text.ko.length * 100, line: expect.objectContaining({ kind: 'nudge', text: NUDGE_LINE.text.ko, stepId: 'kr-id' }) }]);
    const nudgeEnd = 200 + WAIT + NUDGE_LINE.text.ko.length * 100;
    const last = runClock(t, nudgeEnd, nudgeEnd + WAIT + 3000);
    const byeEnd = nudgeEnd + WAIT + SILENCE_HANG_UP_LINE.text.ko.length * 100;
    expect(last).toEqual([
      { type: 'say', at: nudgeEnd + WAIT, endsAt: byeEnd, line: expect.objectContaining({ kind: 'hang_up', hangUp: true, text: SILENCE_HANG_UP_LINE.text.ko }) },
      { type: 'hang_up', at: byeEnd, reason: 'silence' },
    ]);
    expect(t.phase).toBe('hung_up');
    expect(t.nextAt()).toBeUndefined();
  });

  it('voice: the trainee talking holds the silence clock; it restarts when the voice stops, and a nudge is forgiven', () => {
    const t = timing('voice');
    t.answer(0, reply(line('hi', 0, { kind: 'opening' })), 0, 'kr-id');
    t.advance(200);
    t.agentVoice(true, 1000);
    expect(t.nextAt()).toBeUndefined();
    expect(runClock(t, 200, 30_000, 100)).toEqual([]);
    t.agentVoice(false, 30_000);
    expect(t.nextAt()).toBe(30_000 + WAIT);
    const nudge = t.advance(30_000 + WAIT);
    expect(nudge.map((e) => e.type === 'say' && e.line.kind)).toEqual(['nudge']);
    // The trainee answers the nudge: the next silence starts over with a nudge, not the hang-up.
    const end = 30_000 + WAIT + NUDGE_LINE.text.en.length * 100;
    t.advance(end);
    t.agentVoice(true, end + 100);
    t.agentVoice(false, end + 600);
    expect(t.advance(end + 600 + WAIT).map((e) => e.type === 'say' && e.line.kind)).toEqual(['nudge']);
  });

  it('text: reading the new step counts as talking (the agent reads silently), then the wait budget', () => {
    const t = timing('text');
    t.answer(0, reply(), 0, 'kr-id');
    const effects = t.act(1000, reply(), { readMs: 12_000, runFinal: false, stepId: 'kr-source' });
    expect(effects).toEqual([]);
    expect(t.nextAt()).toBe(1000 + 12_000 + WAIT);
  });

  it('an action while lines are still due: text says them at once (in speaking time); voice drops them', () => {
    for (const mode of ['text', 'voice'] as const) {
      const t = timing(mode);
      t.answer(0, reply(line('one', 500), line('two', 3000)), 0, 'kr-id');
      t.advance(500);
      // "one" speaks 500-800; "two" is due at 3000 when the agent acts at 1000.
      const now = t.act(1000, reply(line('three', 2000, { stepId: 'cg-time' })), { readMs: 0, runFinal: false, stepId: 'cg-time' });
      const later = runClock(t, 1000, 3500 + WAIT - 10);
      if (mode === 'text') {
        expect(says(now)).toEqual([['two', 1000, 1300]]);
        expect(says(later)).toEqual([['three', 3000, 3500]]);
      } else {
        expect(now).toEqual([]);
        expect(says(later)).toEqual([['three', 3000, 3500]]);
      }
    }
  });

  it('voice: a hang-up the customer already decided is still said after an action; nothing after it', () => {
    const t = timing('voice');
    t.answer(0, reply(), 0, 'kr-id');
    t.act(0, reply(line('wrong', 100, { kind: 'off_script' }), line('bye', 2000, { kind: 'hang_up', hangUp: true })), { readMs: 0, runFinal: false, stepId: 'cg-time' });
    t.advance(100);
    t.act(700, reply(line('never said', 100)), { readMs: 0, runFinal: false, stepId: 'kr-source' });
    const effects = runClock(t, 700, 6000);
    expect(effects).toEqual([
      { type: 'say', at: 2000, endsAt: 2300, line: expect.objectContaining({ text: 'bye' }) },
      { type: 'hang_up', at: 2300, reason: 'persona' },
    ]);
    expect(t.act(7000, reply(line('ignored', 0)), { readMs: 0, runFinal: false, stepId: 'x' })).toEqual([]);
    expect(t.advance(100_000)).toEqual([]);
  });

  it('text: a skipped hang-up line is said at once and the customer hangs up when it is over', () => {
    const t = timing('text');
    t.answer(0, reply(), 0, 'kr-id');
    t.act(0, reply(line('bye now', 900, { kind: 'hang_up', hangUp: true })), { readMs: 0, runFinal: false, stepId: 'cg-time' });
    const now = t.act(300, reply(), { readMs: 0, runFinal: false, stepId: 'kr-source' });
    expect(says(now)).toEqual([['bye now', 300, 1000]]);
    expect(t.advance(1000)).toEqual([{ type: 'hang_up', at: 1000, reason: 'persona' }]);
  });

  it('a finished run: the last words, then the call ends END_AFTER_MS later; silence no longer counts', () => {
    const t = timing('voice');
    t.answer(0, reply(), 0, 'kr-id');
    t.act(10_000, reply(line('thanks, bye', 900, { kind: 'ending' })), { readMs: 0, runFinal: true, stepId: 'outcome' });
    const effects = runClock(t, 10_000, 20_000);
    expect(effects).toEqual([
      { type: 'say', at: 10_900, endsAt: 12_000, line: expect.objectContaining({ kind: 'ending' }) },
      { type: 'end', at: 12_000 + END_AFTER_MS },
    ]);
    expect(t.phase).toBe('ended');
  });

  it('nothing happens before the call is answered, and the clock only moves forward through inputs', () => {
    const t = timing();
    expect(t.nextAt()).toBeUndefined();
    expect(t.advance(1e9)).toEqual([]);
    t.agentVoice(true, 5);
    expect(t.phase).toBe('waiting');
  });

  it('advance is the same in one jump as in small ticks (one timer for nextAt is enough)', () => {
    const build = () => {
      const t = timing('voice');
      t.answer(0, reply(line('hello?', 400, { kind: 'opening' }), line('answer', 500)), 1000, 'kr-id');
      return t;
    };
    const ticks = runClock(build(), 0, 40_000, 7);
    const jump = build().advance(40_000);
    expect(jump).toEqual(ticks);
    expect(jump.at(-1)).toEqual(expect.objectContaining({ type: 'hang_up', reason: 'silence' }));
  });
});
