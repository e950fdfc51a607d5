import { FACTS, PITCH_CORE_FACTS, type Fact, type ScriptDefinition, type ScriptStep, type YesNo } from './definition';

/**
 * Static analysis of a script's step graph, run at load time (load.ts). It assumes the references are
 * valid (every `next` names a step); load.ts checks that first.
 */

/** One edge out of a step: to another step, or to the end of the call. */
export interface StepEdge {
  /** The answer taken at a question; absent for disclosures and pitches. */
  readonly answerId?: string;
  /** The next step, or undefined when the edge ends the call (an answer with an outcome). */
  readonly to: string | undefined;
  /** The fact this edge sets (a question's fact and the answer's value). */
  readonly sets?: readonly [Fact, YesNo];
}

/**
 * The edges out of a step. Outcome steps have none: recording the outcome ends the run. A conditional
 * step (`onlyIf`) also has the edge the run takes when the condition does not hold: to `otherwise`,
 * setting nothing (the step is not read, so nothing is answered).
 */
export function edgesOf(step: ScriptStep): StepEdge[] {
  const skip: StepEdge[] = step.kind !== 'pitch' && step.kind !== 'outcome' && step.otherwise !== undefined ? [{ to: step.otherwise }] : [];
  switch (step.kind) {
    case 'disclosure':
      return [{ to: step.next }, ...skip];
    case 'pitch':
      return [{ to: step.next }];
    case 'question':
      return [
        ...step.answers.map((a) => ({
          answerId: a.id,
          to: a.next,
          ...(step.fact !== undefined && a.value !== undefined ? { sets: [step.fact, a.value] as const } : {}),
        })),
        ...skip,
      ];
    case 'outcome':
      return [];
  }
}

/** True when the step records a sale: an outcome step offering `sale`, or a question with an answer ending in `sale`. */
export function recordsSale(step: ScriptStep): boolean {
  if (step.kind === 'outcome') return step.outcomes.includes('sale');
  return step.kind === 'question' && step.answers.some((a) => a.outcome === 'sale');
}

/** One step of a path through the graph, with the answer taken there (if a question). */
export interface PathStep {
  readonly stepId: string;
  readonly answerId?: string;
}

/** `kr-id -> cg-time(yes) -> pitch`: a path as written in error messages. */
export function formatPath(path: readonly PathStep[]): string {
  return path.map((p) => (p.answerId === undefined ? p.stepId : `${p.stepId}(${p.answerId})`)).join(' -> ');
}

function stepMap(def: ScriptDefinition): Map<string, ScriptStep> {
  const map = new Map<string, ScriptStep>();
  for (const s of def.steps) if (!map.has(s.id)) map.set(s.id, s);
  return map;
}

/** Ids of the steps reachable from the start. */
export function reachableStepIds(def: ScriptDefinition): Set<string> {
  return reachableFrom(def, [def.start]);
}

/** Ids of the steps reachable from `from` (including those steps). */
export function reachableFrom(def: ScriptDefinition, from: readonly string[]): Set<string> {
  const steps = stepMap(def);
  const seen = new Set<string>(from);
  const queue = [...from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const step = steps.get(id);
    if (!step) continue;
    for (const e of edgesOf(step)) {
      if (e.to !== undefined && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}

/** Ids of the steps from which the call can end (an outcome step or an answer with an outcome). */
export function stepIdsThatCanEnd(def: ScriptDefinition): Set<string> {
  const ending = new Set<string>();
  const preds = new Map<string, string[]>();
  for (const step of def.steps) {
    const edges = edgesOf(step);
    if (step.kind === 'outcome' || edges.some((e) => e.to === undefined)) ending.add(step.id);
    for (const e of edges) if (e.to !== undefined) preds.set(e.to, [...(preds.get(e.to) ?? []), step.id]);
  }
  const queue = [...ending];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const p of preds.get(id) ?? []) {
      if (!ending.has(p)) {
        ending.add(p);
        queue.push(p);
      }
    }
  }
  return ending;
}

/** Facts a pitch needs: its own `requires` and, always, time permission and marketing consent. */
export function pitchRequirements(step: Extract<ScriptStep, { kind: 'pitch' }>): Fact[] {
  return [...new Set<Fact>([...PITCH_CORE_FACTS, ...step.requires])];
}

/** A path from the start to a pitch along which some required fact is not `yes` on arrival. */
export interface UnlockedPitchPath {
  readonly pitchId: string;
  readonly missing: readonly Fact[];
  readonly path: readonly PathStep[];
}

// Fact states along a path, packed base 3 per fact: 0 unknown, 1 yes, 2 no.
const FACT_DIGIT: Record<YesNo, number> = { yes: 1, no: 2 };
function factDigit(code: number, i: number): number {
  return Math.floor(code / 3 ** i) % 3;
}
function withFact(code: number, fact: Fact, value: YesNo): number {
  const i = FACTS.indexOf(fact);
  return code + (FACT_DIGIT[value] - factDigit(code, i)) * 3 ** i;
}

/**
 * The static consent check (CG-PITCH-LOCK). Explores every (step, facts so far) state reachable from
 * the start, where facts are what the answers on the path set (the last answer wins, as in ScriptRun),
 * and returns, per pitch, the shortest path that arrives there while a fact the pitch needs (time
 * permission, marketing consent, its `requires`) is not `yes`. An empty result means: on every path
 * through this script, the pitch comes only after those questions were answered yes.
 */
export function findUnlockedPitchPaths(def: ScriptDefinition): UnlockedPitchPath[] {
  const steps = stepMap(def);
  const found = new Map<string, UnlockedPitchPath>();
  const parent = new Map<string, { from: string; answerId: string | undefined } | null>();
  const key = (stepId: string, code: number) => `${code}:${stepId}`;
  const unpack = (k: string): [number, string] => {
    const at = k.indexOf(':');
    return [Number(k.slice(0, at)), k.slice(at + 1)];
  };
  const pathTo = (k: string): PathStep[] => {
    const path: PathStep[] = [{ stepId: unpack(k)[1] }];
    for (let p = parent.get(k); p; p = parent.get(p.from)) {
      path.unshift(p.answerId === undefined ? { stepId: unpack(p.from)[1] } : { stepId: unpack(p.from)[1], answerId: p.answerId });
    }
    return path;
  };

  const startKey = key(def.start, 0);
  parent.set(startKey, null);
  const queue = [startKey];
  for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
    const [code, stepId] = unpack(k);
    const step = steps.get(stepId);
    if (!step) continue;
    if (step.kind === 'pitch') {
      const missing = pitchRequirements(step).filter((f) => factDigit(code, FACTS.indexOf(f)) !== FACT_DIGIT.yes);
      if (missing.length > 0) {
        if (!found.has(step.id)) found.set(step.id, { pitchId: step.id, missing, path: pathTo(k) });
        continue; // the engine keeps this pitch locked: nothing beyond it is reachable on this path
      }
    }
    for (const e of edgesOf(step)) {
      if (e.to === undefined) continue;
      const next = key(e.to, e.sets ? withFact(code, e.sets[0], e.sets[1]) : code);
      if (parent.has(next)) continue;
      parent.set(next, { from: k, answerId: e.answerId });
      queue.push(next);
    }
  }
  return [...found.values()];
}

/**
 * The shortest path from the start to a pitch that passes no step tagged with `ruleId`, or undefined
 * when every path to every pitch passes such a step (e.g. a KR script must say KR-SOURCE before any pitch).
 */
export function findPitchPathAvoiding(def: ScriptDefinition, ruleId: string): PathStep[] | undefined {
  return findPathAvoiding(def, (s) => s.ruleIds.includes(ruleId), (s) => s.kind === 'pitch');
}

/**
 * The shortest path from the start to a step `isTarget` accepts that passes no step `serves` accepts
 * (e.g. a sale without the KR-3P consent question), or undefined when every such path passes one.
 */
export function findPathAvoiding(def: ScriptDefinition, serves: (s: ScriptStep) => boolean, isTarget: (s: ScriptStep) => boolean): PathStep[] | undefined {
  const steps = stepMap(def);
  const tagged = (id: string) => {
    const s = steps.get(id);
    return s !== undefined && serves(s);
  };
  if (tagged(def.start)) return undefined;
  const parent = new Map<string, { from: string; answerId: string | undefined } | null>([[def.start, null]]);
  const queue = [def.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const step = steps.get(id);
    if (!step) continue;
    if (isTarget(step)) {
      const path: PathStep[] = [{ stepId: id }];
      for (let p = parent.get(id); p; p = parent.get(p.from)) {
        path.unshift(p.answerId === undefined ? { stepId: p.from } : { stepId: p.from, answerId: p.answerId });
      }
      return path;
    }
    for (const e of edgesOf(step)) {
      if (e.to === undefined || parent.has(e.to) || tagged(e.to)) continue;
      parent.set(e.to, { from: id, answerId: e.answerId });
      queue.push(e.to);
    }
  }
  return undefined;
}
