import type { Locale } from '../domain/locale';
import { SimulatedCustomer, type CustomerLine, type CustomerReply, type RunView } from './customer';
import { DEFAULT_WAIT_MS, readAloudMs } from './pace';
import { PersonaTiming } from './persona-timing';
import type { ReplayedStep } from './replay';
import type { Scenario } from './scenario';
import type { ScriptDefinition } from '../script/definition';
import type { VoiceCallFacts } from './voice-facts';

/**
 * When the customer said what, as scoring needs it: when the answer to a step began, whether the
 * customer was hanging up when the agent acted, whether the customer hung up. Two clocks: the text
 * practice call's (replayed: the same SimulatedCustomer and PersonaTiming the desk ran, on the events'
 * times) and the voice practice call's (observed by the practice line). Times are ms since the epoch.
 */
export interface CustomerClock {
  /**
   * The agent acted at `at` on step `stepId`, where it arrived at `from`: when the customer began
   * answering there; `pending` when an answer was coming but had not begun; undefined when the customer
   * says nothing at that step.
   */
  answerAt(stepId: string, from: number, at: number): number | 'pending' | undefined;
  /** Whether the customer was already hanging up (or had hung up) at `at`. */
  hangingUpBy(at: number): boolean;
  /** The agent's action (`step`) took place at `at`; `next` is the run after it. */
  acted(step: ReplayedStep, at: number, next: RunView): void;
  /** Whether the customer had hung up when the call ended at `endedAt`. */
  hungUp(endedAt: number): boolean;
}

/** How long a text practice customer takes to say a line: the reading pace of the call's language. */
export function textLineMs(line: Pick<CustomerLine, 'text'>, locale: Locale): number {
  return readAloudMs(line.text, locale);
}

/** The text practice call's clock: the customer engine and the persona timing replayed on the events' times. */
export function textCustomerClock(o: { scenario: Scenario; script: ScriptDefinition; locale: Locale; t0: number; first: RunView }): CustomerClock {
  const { scenario, script, locale } = o;
  const customer = new SimulatedCustomer(scenario, script, locale);
  const timing = new PersonaTiming({ mode: 'text', locale, waitMs: scenario.persona.waitMs ?? DEFAULT_WAIT_MS, durationOf: (l) => textLineMs(l, locale) });
  const said: { line: CustomerLine; at: number }[] = [];
  let reply: CustomerReply = customer.answer(o.first);
  timing.answer(o.t0, reply, readAloudMs(o.first.prompt, locale), o.first.snapshot().stepId);
  const to = (t: number): void => {
    for (const e of timing.advance(t)) if (e.type === 'say') said.push({ line: e.line, at: e.at });
  };
  return {
    answerAt(stepId, from, at) {
      to(at);
      const heard = said.find((s) => s.line.kind === 'answer' && s.line.stepId === stepId && s.at >= from - 1 && s.at <= at);
      if (heard) return heard.at;
      return reply.lines.some((l) => l.kind === 'answer' && l.stepId === stepId) ? 'pending' : undefined;
    },
    hangingUpBy(at) {
      to(at);
      return timing.phase === 'hung_up' || timing.hangingUp || customer.hungUp;
    },
    acted(step, at, next) {
      reply = customer.react(step.before, step.action, next);
      const snap = next.snapshot();
      const final = ['completed', 'opted_out', 'refused', 'aborted'].includes(snap.state);
      for (const e of timing.act(at, reply, { readMs: final ? 0 : readAloudMs(next.prompt, locale), runFinal: final, stepId: snap.stepId })) {
        if (e.type === 'say') said.push({ line: e.line, at: e.at });
      }
    },
    hungUp(endedAt) {
      to(endedAt);
      return timing.phase === 'hung_up' || customer.hungUp;
    },
  };
}

/** The voice practice call's clock: what the practice line observed (its own times, from the answer). */
export function voiceCustomerClock(v: VoiceCallFacts, t0: number): CustomerClock & { eventAt(seq: number): number | undefined } {
  const events = new Map(v.events.map((e) => [e.seq, t0 + e.atMs]));
  const lastWords = v.customerHungUp === null ? undefined : v.said.findLast((l) => l.kind === 'hang_up');
  const hangingFrom = lastWords ? t0 + lastWords.atMs : undefined;
  return {
    eventAt: (seq) => events.get(seq),
    answerAt(stepId, from, at) {
      const line = v.said.find((l) => l.kind === 'answer' && l.stepId === stepId && t0 + l.atMs >= from - 1);
      if (!line) return undefined;
      return t0 + line.atMs <= at ? t0 + line.atMs : 'pending';
    },
    hangingUpBy: (at) => hangingFrom !== undefined && at >= hangingFrom,
    acted: () => undefined,
    hungUp: () => v.customerHungUp !== null,
  };
}
