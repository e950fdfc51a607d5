// Core bench: the pre-dial gate and the DNC lookup, each beside a baseline measured in the same run.
//
// - gate.*: evaluations per second of evaluateGate over a realistic input; baseline = only the zod parse
//   of the same input (GateInputSchema.parse), i.e. what validation alone costs.
// - dnc.kr.*: 4M random KR mobile numbers (the size of the KR registry) in a DncSet vs a JS Set<string>
//   of the same numbers: lookup ns/op (half hits, half misses, fresh query strings each round), build
//   ns/number (the add only), memory bytes/number (heap + external delta after a forced GC).
// - dnc.us.*: a US-like sample, 5M numbers over 8 area codes: the density of the real registry
//   (253M numbers over ~400 area codes, ~6%). V8 caps a Set at 2^24 entries, so a 253M Set cannot
//   exist; dnc.us.253m_projected_mb scales both measured bytes/number to 253M numbers.
// Times are CPU time of this process (process.cpuUsage), not wall clock: the bench machine is shared,
// and a process waiting for a core would otherwise look slower than its code is.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GateInputSchema, evaluateGate, type GateInput } from '../../../shared/compliance';
import { DncSetBuilder, dncSetOf, type DncSet } from '../../../shared/dnc';
import { median, metric, type Metric } from '../metric';

const KR_COUNT = 4_000_000;
const US_COUNT = 5_000_000;
const US_NPAS = 8;
const US_REGISTRY = 253_000_000;
const US_NPAS_IN_SERVICE = 400; // assumption for the projection, stated in the metric name
const QUERIES = 500_000;
const ROUNDS = 3;

export async function run(): Promise<Record<string, Metric>> {
  const gc = forceGc();
  if (!gc) console.error('bench core: no GC control available; memory figures are raw heap deltas and noisy');
  const out: Record<string, Metric> = {};
  Object.assign(out, benchGate());
  Object.assign(out, benchDnc('kr', krNumbers(KR_COUNT), gc));
  Object.assign(out, benchDnc('us', usNumbers(US_COUNT, US_NPAS), gc));
  const usSet = out['dnc.us.bytes_per_number_vs_js_set'];
  if (usSet?.baseline != null) {
    out[`dnc.us.253m_projected_mb_over_${US_NPAS_IN_SERVICE}_npas_vs_js_set`] = metric(
      (US_NPAS_IN_SERVICE * 1_250_000) / 1e6,
      'MB',
      (usSet.baseline * US_REGISTRY) / 1e6,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- gate

function benchGate(): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const [name, input] of [
    ['kr', krGateInput()],
    ['kr_third_party_night', krThirdPartyNightInput()],
    ['us', usGateInput()],
  ] as const) {
    const verdict = evaluateGate(input);
    if (name === 'kr' && !verdict.allowed) throw new Error('bench core: the KR gate input should be allowed');
    const gateRate = ratePerSecond(() => evaluateGate(input));
    const parseRate = ratePerSecond(() => GateInputSchema.parse(input));
    out[`gate.${name}.evals_per_s_vs_zod_parse_only`] = metric(gateRate, 'evals/s', parseRate);
  }
  return out;
}

/** Calls per second: median of 5 runs of ~300 ms after a warm-up. */
function ratePerSecond(fn: () => unknown): number {
  for (let i = 0; i < 3000; i++) fn();
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    let n = 0;
    const start = cpuMs();
    let elapsed = 0;
    while (elapsed < 300) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      elapsed = cpuMs() - start;
    }
    rates.push((n * 1000) / elapsed);
  }
  return median(rates);
}

const base = {
  name: { ko: '여름 인터넷 요금제', en: 'Summer internet plan' },
  product: { ko: '인터넷 요금제', en: 'internet plan' },
  purpose: { ko: '요금제 안내', en: 'plan offer' },
  scriptVersion: 1,
};

function krGateInput(): GateInput {
  const now = new Date('2025-06-10T03:00:00Z');
  return {
    lead: {
      id: 'lead-1',
      campaignId: 'cmp-1',
      name: '홍길동',
      phoneE164: '+821012345678',
      timeZone: 'Asia/Seoul',
      source: { kind: 'own_customer', description: '온라인 매장', sameKindOfGoods: false },
    },
    grants: [
      { id: 'g1', leadId: 'lead-1', kind: 'marketing_call', recipients: ['seller'], purpose: 'ads', items: ['phone'], retention: '2y', grantedAt: '2025-01-10T00:00:00Z', evidenceRef: 'e1' },
      { id: 'g2', leadId: 'lead-1', kind: 'recording', recipients: ['seller'], purpose: 'rec', items: [], retention: '3m', grantedAt: '2025-01-10T00:00:00Z', evidenceRef: 'e2' },
    ],
    campaign: { ...base, id: 'cmp-1', sellerCompanyId: 'seller', callingCompanyId: 'seller', scriptId: 'kr', profile: 'KR' },
    nationalDnc: dncSetOf(['+821099998888'], { snapshotTakenAt: '2025-06-01T00:00:00Z' }),
    internalDnc: dncSetOf(['+821077776666']),
    attempts: [
      { leadId: 'lead-1', campaignId: 'cmp-1', at: '2025-06-09T03:00:00Z' },
      { leadId: 'lead-1', campaignId: 'cmp-1', at: '2025-06-10T01:00:00Z' },
    ],
    now,
  };
}

/** A refused input that exercises most rules: third-party lead, 22:00 KST, stale night consent. */
function krThirdPartyNightInput(): GateInput {
  const kr = krGateInput();
  return {
    ...kr,
    lead: {
      ...kr.lead,
      source: { kind: 'third_party', providerCompanyId: 'prov', providerName: 'P', consentDate: '2025-01-01T00:00:00Z', reference: 'r', description: 'd' },
    },
    campaign: { ...kr.campaign, callingCompanyId: 'agency', provisionTerms: { version: 'v2', purpose: 'tm', items: ['phone'], retention: '1y' } },
    grants: [
      { id: 'g1', leadId: 'lead-1', kind: 'marketing_call', recipients: ['agency'], purpose: 'ads', items: [], retention: '2y', grantedAt: '2025-01-10T00:00:00Z', evidenceRef: 'e1' },
      { id: 'g3', leadId: 'lead-1', kind: 'night_call', recipients: ['agency'], purpose: 'night', items: [], retention: '2y', grantedAt: '2022-01-10T00:00:00Z', evidenceRef: 'e3' },
      { id: 'g4', leadId: 'lead-1', kind: 'third_party_provision', recipients: ['agency'], purpose: 'tm', items: ['phone'], retention: '1y', termsVersion: 'v1', grantedAt: '2025-01-01T00:00:00Z', evidenceRef: 'e4' },
    ],
    now: new Date('2025-06-10T13:00:00Z'),
  };
}

function usGateInput(): GateInput {
  const kr = krGateInput();
  return {
    ...kr,
    lead: { ...kr.lead, phoneE164: '+12125550123', timeZone: 'America/New_York', businessRelationship: { lastPurchaseAt: '2025-01-01T00:00:00Z' } },
    grants: [],
    campaign: { ...kr.campaign, profile: 'US', scriptId: 'us' },
    nationalDnc: dncSetOf(['+12125550123'], { snapshotTakenAt: '2025-06-01T00:00:00Z' }),
    internalDnc: dncSetOf([]),
    now: new Date('2025-06-10T16:00:00Z'),
  };
}

// ----------------------------------------------------------------------------------------------- dnc

/** A list of numbers as a prefix per entry and an integer suffix, so strings are made only when needed. */
interface NumberList {
  readonly count: number;
  readonly at: (i: number) => string;
  /** A random number of the same shape (mostly not listed). */
  readonly random: () => string;
}

function krNumbers(count: number): NumberList {
  const rnd = xorshift(0x2025_0610);
  const suffix = new Uint32Array(count);
  for (let i = 0; i < count; i++) suffix[i] = rnd() % 100_000_000;
  return {
    count,
    at: (i) => `+8210${String(suffix[i]).padStart(8, '0')}`,
    random: () => `+8210${String(rnd() % 100_000_000).padStart(8, '0')}`,
  };
}

function usNumbers(count: number, npas: number): NumberList {
  const rnd = xorshift(0x1212_5550);
  const areaCodes = Array.from({ length: npas }, (_, i) => 201 + i * 97); // spread over 201..880
  const area = new Uint16Array(count);
  const rest = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    area[i] = areaCodes[rnd() % npas] ?? 212;
    rest[i] = 2_000_000 + (rnd() % 8_000_000); // exchange 200-999
  }
  return {
    count,
    at: (i) => `+1${area[i]}${rest[i]}`,
    random: () => `+1${areaCodes[rnd() % npas]}${2_000_000 + (rnd() % 8_000_000)}`,
  };
}

function benchDnc(name: string, list: NumberList, gc: (() => void) | undefined): Record<string, Metric> {
  console.error(`bench core: dnc.${name}: ${list.count} numbers`);
  // DncSet: numbers arrive in batches (as when streaming a file) and are dropped after the add.
  const m0 = memory(gc);
  const builder = new DncSetBuilder();
  let dncAddMs = 0;
  for (const batch of batches(list)) {
    const t = cpuMs();
    for (let i = 0; i < batch.length; i++) builder.add(batch[i] as string);
    dncAddMs += cpuMs() - t;
  }
  const dnc: DncSet = builder.build();
  const dncBytes = memory(gc) - m0;

  // JS Set<string>: the same batches; the Set keeps the strings, as a Set loaded from the file would.
  const m1 = memory(gc);
  const set = new Set<string>();
  let setAddMs = 0;
  for (const batch of batches(list)) {
    const t = cpuMs();
    for (let i = 0; i < batch.length; i++) set.add(batch[i] as string);
    setAddMs += cpuMs() - t;
  }
  const setBytes = memory(gc) - m1;
  if (set.size !== dnc.size) throw new Error(`bench core: dnc.${name}: DncSet holds ${dnc.size}, Set ${set.size}`);

  // Lookups: half listed, half random; fresh strings per round so neither side profits from cached
  // hashes. Round 0 is a warm-up and is not counted.
  const dncNs: number[] = [];
  const setNs: number[] = [];
  let hits = 0;
  const queries = (): string[] => flat(Array.from({ length: QUERIES }, (_, i) => (i % 2 === 0 ? list.at((i * 7919) % list.count) : list.random())));
  for (let r = 0; r <= ROUNDS; r++) {
    let q = queries();
    let t = cpuMs();
    for (let i = 0; i < q.length; i++) if (dnc.has(q[i] as string)) hits++;
    if (r > 0) dncNs.push(((cpuMs() - t) * 1e6) / q.length);
    q = queries();
    t = cpuMs();
    for (let i = 0; i < q.length; i++) if (set.has(q[i] as string)) hits--;
    if (r > 0) setNs.push(((cpuMs() - t) * 1e6) / q.length);
  }
  if (Math.abs(hits) > QUERIES * (ROUNDS + 1) * 0.01) throw new Error(`bench core: dnc.${name}: DncSet and Set disagree on hits`);
  const distinct = dnc.size;
  const result = {
    [`dnc.${name}.lookup_ns_per_op_vs_js_set`]: metric(median(dncNs), 'ns/op', median(setNs)),
    [`dnc.${name}.bytes_per_number_vs_js_set`]: metric(dncBytes / distinct, 'B/number', setBytes / distinct),
    [`dnc.${name}.structure_bytes_per_number_exact_vs_js_set_measured`]: metric(dnc.byteLength / distinct, 'B/number', setBytes / distinct),
    [`dnc.${name}.add_ns_per_number_vs_js_set_add`]: metric((dncAddMs * 1e6) / list.count, 'ns/number', (setAddMs * 1e6) / list.count),
  };
  set.clear();
  return result;
}

const BATCH = 100_000;

/** The list in batches of flat strings (see {@link flat}). */
function* batches(list: NumberList): Generator<string[]> {
  for (let start = 0; start < list.count; start += BATCH) {
    const batch: string[] = [];
    for (let i = start; i < Math.min(list.count, start + BATCH); i++) batch.push(list.at(i));
    yield flat(batch);
  }
}

/**
 * Template literals of 13+ characters make V8 rope (cons) strings, which cost an extra flatten on first
 * use and extra memory. Numbers read from a file, a database or JSON arrive flat; a JSON round trip
 * gives exactly that (sequential, not internalized) for both sides.
 */
function flat(strings: string[]): string[] {
  return JSON.parse(JSON.stringify(strings)) as string[];
}

/** Heap + external (typed-array backing stores live outside the JS heap) after a full GC when possible. */
function memory(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** `global.gc` when Node runs with --expose-gc; else the same function enabled at run time. */
function forceGc(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    setFlagsFromString('--expose-gc');
    const fn = runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds (user + system) this process has used. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
