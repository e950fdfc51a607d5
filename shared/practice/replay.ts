import { ConsentEventSchema, type ConsentEvent } from '../domain/consent-event';
import type { ScriptDefinition } from '../script/definition';
import { actionOfEvent } from '../script/replay-judge';
import { ScriptRun, type ScriptAction, type ScriptRunSnapshot } from '../script/script-run';
import type { PracticeSetup } from './practice-call';

/** A practice attempt's events that the script engine would not have emitted; names the event. */
export class PracticeReplayError extends Error {
  override readonly name = 'PracticeReplayError';
  constructor(
    /** JSON path of the offending event or field, e.g. `events[3].answer`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** One event of the attempt with the run's state before it. */
export interface ReplayedStep {
  readonly event: ConsentEvent;
  readonly action: ScriptAction;
  /** The run before the event: its step, state and the rendered text of that step. */
  readonly before: ScriptRunSnapshot;
  readonly prompt: string;
  /** The run after the event. */
  readonly after: ScriptRunSnapshot;
}

/**
 * Replays a practice call's events one by one through a fresh ScriptRun of the same script, call binding
 * and texts: each event must be exactly the one the engine emits for its action at that point (same
 * step, seq, texts and hashes; ids and times taken from the event). Used to score an attempt after the
 * call, and by the voice practice line while the call goes on (the customer reacts to what the engine
 * accepted, nothing else). `push` throws PracticeReplayError naming the event that does not fit, and
 * leaves the run as it was.
 */
export class PracticeReplayer {
  readonly run: ScriptRun;
  readonly steps: ReplayedStep[] = [];
  #current: ConsentEvent | undefined;

  constructor(setup: PracticeSetup, script: ScriptDefinition) {
    this.run = new ScriptRun({
      script,
      call: setup.call,
      context: setup.context,
      now: () => new Date(this.#current?.occurredAt ?? 0),
      newId: () => this.#current?.eventId ?? '',
    });
  }

  /** The next event (`raw` unparsed); `path` names it in errors. */
  push(raw: unknown, path = `events[${this.steps.length}]`): ReplayedStep {
    const i = this.steps.length;
    const r = ConsentEventSchema.safeParse(raw);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new PracticeReplayError(`${path}${first?.path.length ? `.${first.path.join('.')}` : ''}`, first?.message ?? 'not a consent event');
    }
    const event = r.data;
    if (!event.practice) throw new PracticeReplayError(`${path}.practice`, 'a practice attempt holds practice events only');
    const run = this.run;
    const before = run.snapshot();
    const prompt = run.prompt;
    if (event.seq !== i) throw new PracticeReplayError(`${path}.seq`, `expected ${i}`);
    const action = actionOfEvent(event);
    this.#current = event;
    let proposed: ConsentEvent;
    try {
      proposed = run.propose(action).event;
    } catch (err) {
      throw new PracticeReplayError(path, `the script does not allow "${event.kind}/${event.answer}" at step "${before.stepId}" (${err instanceof Error ? err.message : String(err)})`);
    }
    const field = firstDifference(proposed, event);
    if (field !== undefined) {
      run.discard(proposed);
      throw new PracticeReplayError(`${path}.${field}`, 'differs from what the script engine records at this point');
    }
    const after = run.commit(event);
    const step = { event, action, before, prompt, after };
    this.steps.push(step);
    return step;
  }
}

/** Replays a whole attempt (see PracticeReplayer); throws at the first event that does not fit. */
export function replayAttempt(setup: PracticeSetup, script: ScriptDefinition, events: readonly unknown[]): { steps: ReplayedStep[]; run: ScriptRun } {
  const replayer = new PracticeReplayer(setup, script);
  events.forEach((raw) => replayer.push(raw));
  return { steps: replayer.steps, run: replayer.run };
}

function firstDifference(a: ConsentEvent, b: ConsentEvent): string | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    if (JSON.stringify((a as Record<string, unknown>)[k]) !== JSON.stringify((b as Record<string, unknown>)[k])) return k;
  }
  return undefined;
}
