// Practice bench part (`npm run bench -- practice`), issue 17, in one run:
// - practice.reaction.*: time from the trainee's recorded action to the customer's next line. Voice: the
//   action posted to the API over HTTP (as the desk's outbox delivers it) -> the practice line replays
//   it, the customer reacts on the persona's timing, the first loud 20 ms RTP frame reaches the
//   trainee's socket. Text: the desk's practice slice (the same PersonaTiming) with real timers ->
//   the customer's bubble. Same scenario, same actions, same moment (the trainee acts once the customer
//   stopped talking): both include the persona's pause, so the ratio is the voice path's overhead.
// - practice.cpu.*: CPU of the API process (which runs the line) per concurrent call, CALLS calls
//   talking (audio both ways: the trainee's tone keeps the customer listening) for WINDOW_MS, beside
//   the idle API over the same window in the same run; and how many calls fit at 80 % of 2 cores.
// The API runs as its own process (tsx server/main.ts): its CPU is read from /proc/<pid>/stat.
import { readdirSync, readFileSync } from 'node:fs';
import { newId } from '../../../shared/domain/ids';
import { loadScenario } from '../../../shared/practice/load';
import type { Scenario } from '../../../shared/practice/scenario';
import type { ScriptAction } from '../../../shared/script/script-run';
import { freeUdpPort, waitUntil } from '../../sip/net';
import { api, login } from '../../support/api-fixtures';
import { deskStoreFor, fakePracticeBridge } from '../../support/desk-store';
import { startApi, type ApiProcess } from '../../support/api-process';
import { callPracticeLine, hearLine, practiceTrainee, TraineeAudio } from '../../support/practice-caller';
import { requireBinary } from '../../support/system';
import { requireScript, scriptLookup } from '../../unit/practice/fixtures';
import { metric, percentile, progress, type Metric } from '../metric';

const SCENARIO = 'kr-no-time';
const LOCALE = 'en' as const;
/** The trainee's actions, in order: identify, "no time", the callback. */
const ACTIONS: readonly ScriptAction[] = [{ type: 'confirm' }, { type: 'answer', answerId: 'no' }, { type: 'record_outcome', outcome: 'callback' }];
const REACTION_CALLS = 6;
const CPU_CALLS = [5, 15];
const WINDOW_MS = 8000;

interface Ctx {
  readonly server: ApiProcess;
  readonly token: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly scenario: Scenario;
}

async function voiceCall(c: Ctx): Promise<{ callId: string; dialUri: string; setupAt: string }> {
  const r = await api<{ callId: string; dialUri: string; setupAt: string }>(c.server.url, 'POST', '/v1/practice/voice-calls', c.token, { scenarioId: SCENARIO, scenarioRevision: 1, locale: LOCALE });
  if (r.status !== 201) throw new Error(`voice call: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** One voice practice call played to the end; the reaction time of each action that got a reply. */
async function voiceReactions(c: Ctx, call: { callId: string; setupAt: string }, audio: TraineeAudio): Promise<number[]> {
  const trainee = practiceTrainee(c.scenario, { ...call, agentId: c.agentId, agentName: c.agentName }, LOCALE, async (event) => {
    const r = await api(c.server.url, 'POST', '/v1/consent-events', c.token, { events: [event] });
    if (r.status !== 200) throw new Error(`events: HTTP ${r.status}`);
  });
  const out: number[] = [];
  let heard = await hearLine(audio, 0, 60_000); // hello
  heard = await hearLine(audio, heard.end + 50, 60_000); // the answer to the first step
  for (const action of ACTIONS) {
    const t0 = performance.now();
    await trainee.act(action);
    const origin = audio.origin ?? t0;
    heard = await hearLine(audio, t0 - origin, 60_000);
    // The first loud frame's arrival (the trainee's audio clock is performance.now() - origin).
    out.push(origin + heard.start - t0);
  }
  return out;
}

/** The same call in text mode: the desk's practice slice with real timers; act -> the customer's bubble. */
async function textReactions(c: Ctx): Promise<number[]> {
  const { bridge } = fakePracticeBridge({ revision: 1, scenarioOf: () => c.scenario, updatedAt: new Date().toISOString() });
  const app = deskStoreFor(bridge, { scriptFor: requireScript, newId });
  const p = () => app.getState().practice;
  const trainee = { id: c.agentId, name: c.agentName };
  const customerLines = (): number => p().transcript.filter((e) => e.who === 'customer').length;
  const quiet = async (): Promise<void> => {
    await waitUntil(() => (p().customerSpeaking ? undefined : true), 60_000, 'the text-mode customer to stop speaking', 10);
  };
  await p().choose(SCENARIO, trainee, LOCALE);
  p().start(trainee, LOCALE);
  await new Promise((r) => setTimeout(r, 50));
  await quiet();
  const out: number[] = [];
  for (const action of ACTIONS) {
    const before = customerLines();
    const t0 = performance.now();
    const seen = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`the text-mode customer's line after ${JSON.stringify(action)} did not come within 60 s`));
      }, 60_000);
      const stop = app.subscribe(() => {
        if (customerLines() > before) {
          stop();
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      });
    });
    await p().act(action);
    out.push(await seen);
    await quiet();
  }
  p().reset();
  return out;
}

/** utime + stime of every live process of a process group (tsx runs the server in a child), in ms. */
function cpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return (ticks * 1000) / 100; // clock ticks (USER_HZ 100)
}

async function cpuWindow(pgid: number): Promise<number> {
  const a = cpuMs(pgid);
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  return cpuMs(pgid) - a;
}

export async function run(): Promise<Record<string, Metric>> {
  const say = progress('practice');
  requireBinary('espeak-ng');
  say('starting the API with its practice line');
  const sipPort = await freeUdpPort();
  const server = await startApi({ CALLGATE_PRACTICE_SIP: `127.0.0.1:${sipPort}`, CALLGATE_PRACTICE_RING_MS: '200', LOG_LEVEL: 'warn' });
  const cleanup: (() => Promise<void> | void)[] = [];
  try {
    const { token, userId } = await login(server.url, 'agent1');
    const me = await api<{ user: { displayName: string } }>(server.url, 'GET', '/v1/me', token);
    const record = await api<{ scenario: unknown }>(server.url, 'GET', `/v1/practice/scenarios/${SCENARIO}`, token);
    const c: Ctx = { server, token, agentId: userId, agentName: me.json.user.displayName, scenario: loadScenario(record.json.scenario, scriptLookup) };
    const pgid = server.pgid();
    if (pgid === undefined) throw new Error('the API process has no pid');

    // Reaction times: voice calls (concurrently), then text mode, same actions.
    say(`reaction: ${REACTION_CALLS} voice calls`);
    const calls = await Promise.all(Array.from({ length: REACTION_CALLS }, () => voiceCall(c)));
    const audios = await Promise.all(calls.map(() => TraineeAudio.open()));
    cleanup.push(() => audios.forEach((a) => a.close()));
    const sipp = await callPracticeLine(calls.map((call, i) => ({ uri: call.dialUri, rtpPort: (audios[i] as TraineeAudio).port })), 0, 120_000);
    cleanup.push(() => sipp.stop());
    const voice = (await Promise.all(calls.map((call, i) => voiceReactions(c, call, audios[i] as TraineeAudio)))).flat();
    say(`reaction: ${REACTION_CALLS} text-mode calls`);
    const text = (await Promise.all(calls.map(() => textReactions(c)))).flat();
    await sipp.exited;

    // CPU per concurrent call: idle API, then CALLS calls with audio both ways.
    const cpu: Record<string, Metric> = {};
    say(`cpu: the idle API for ${WINDOW_MS / 1000} s`);
    const idle = await cpuWindow(pgid);
    for (const n of CPU_CALLS) {
      say(`cpu: ${n} calls talking for ${WINDOW_MS / 1000} s`);
      const batch = await Promise.all(Array.from({ length: n }, () => voiceCall(c)));
      const trainees = await Promise.all(batch.map(() => TraineeAudio.open()));
      const caller = await callPracticeLine(batch.map((call, i) => ({ uri: call.dialUri, rtpPort: (trainees[i] as TraineeAudio).port })), 0, WINDOW_MS + 15_000);
      await Promise.all(trainees.map((t) => hearLine(t, 0, 30_000)));
      trainees.forEach((t) => t.speak(true));
      const busy = await cpuWindow(pgid);
      const perCall = Math.max(0, busy - idle) / n / (WINDOW_MS / 1000);
      cpu[`practice.cpu.${n}_calls_ms_per_s_per_call_vs_idle_api_ms_per_s`] = metric(perCall, 'ms/s', idle / (WINDOW_MS / 1000));
      cpu[`practice.cpu.calls_on_2_cores_at_80pct_from_${n}_calls`] = metric(Math.floor((2 * 1000 * 0.8) / Math.max(perCall, 0.001)), 'calls', null);
      trainees.forEach((t) => t.speak(false));
      await caller.exited;
      await caller.stop();
      trainees.forEach((t) => t.close());
    }
    const excess = voice.map((v, i) => v - (text[i] ?? 0));
    return {
      'practice.reaction.voice_p50_ms_vs_text': metric(percentile(voice, 50), 'ms', percentile(text, 50)),
      'practice.reaction.voice_p95_ms_vs_text': metric(percentile(voice, 95), 'ms', percentile(text, 95)),
      'practice.reaction.voice_excess_over_text_p95_ms': metric(percentile(excess, 95), 'ms', null),
      'practice.reaction.samples': metric(voice.length, 'actions', text.length),
      ...cpu,
    };
  } finally {
    for (const f of cleanup.reverse()) await f();
    await server.stop();
  }
}
