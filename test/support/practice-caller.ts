// A plain-SIP trainee for the practice line's integration tests: sipp places the call (signalling, a
// real third-party SIP stack), and a UDP socket of the test is the trainee's audio: it records the
// level of every frame the line sends and can speak (a tone) or stay silent.
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode } from '../../server/practice-line/g711';
import { buildRtp, parseRtp } from '../../server/practice-line/rtp';
import { levelDbfs } from '../../server/practice-line/voice-activity';
import { freeUdpPort, waitUntil } from '../sip/net';
import { spawnGroup, type GroupProcess } from '../sip/process-group';
import { newId } from '../../shared/domain/ids';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { Locale } from '../../shared/domain/locale';
import { practiceSetup } from '../../shared/practice/practice-call';
import type { Scenario } from '../../shared/practice/scenario';
import { ScriptRun, type ScriptAction } from '../../shared/script/script-run';
import { scriptLookup } from '../unit/practice/fixtures';
import { requireBinary } from './system';

const here = dirname(fileURLToPath(import.meta.url));

export interface HeardFrame {
  /** ms since the first frame arrived. */
  readonly at: number;
  readonly dbfs: number;
}

/** The trainee's audio endpoint: hears the line, speaks on demand. */
export class TraineeAudio {
  readonly #socket: Socket;
  readonly port: number;
  readonly frames: HeardFrame[] = [];
  #firstAt: number | undefined;
  #remote: { address: string; port: number } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #speaking = false;
  #seq = 0;
  #phase = 0;

  private constructor(socket: Socket, port: number) {
    this.#socket = socket;
    this.port = port;
    socket.on('message', (msg, rinfo) => {
      const p = parseRtp(msg);
      if (!p || p.payloadType !== 0) return;
      this.#remote ??= { address: rinfo.address, port: rinfo.port };
      const now = performance.now();
      this.#firstAt ??= now;
      this.frames.push({ at: now - this.#firstAt, dbfs: levelDbfs(decode(p.payload, 'PCMU')) });
    });
  }

  static async open(): Promise<TraineeAudio> {
    const port = await freeUdpPort();
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
    const t = new TraineeAudio(socket, port);
    // The trainee's frames every 20 ms once the line's audio arrives: a 300 Hz tone when speaking.
    t.#timer = setInterval(() => t.#sendFrame(), 20);
    return t;
  }

  /** performance.now() when the line's first frame arrived (frame times are relative to it). */
  get origin(): number | undefined {
    return this.#firstAt;
  }

  /** Start or stop "talking" (a loud tone the line's voice detector hears). */
  speak(on: boolean): void {
    this.#speaking = on;
  }

  /** Frames louder than `dbfs` between `from` and `to` ms. */
  loud(from: number, to: number, dbfs = -35): number {
    return this.frames.filter((f) => f.at >= from && f.at < to && f.dbfs > dbfs).length;
  }

  /** The first loud frame at or after `from` (ms), or undefined. */
  firstLoud(from = 0, dbfs = -35): number | undefined {
    return this.frames.find((f) => f.at >= from && f.dbfs > dbfs)?.at;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#socket.close();
  }

  #sendFrame(): void {
    if (!this.#remote) return;
    const pcm = new Int16Array(160);
    if (this.#speaking) for (let i = 0; i < 160; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * this.#phase++) / 8000));
    const packet = buildRtp({ marker: false, payloadType: 0, sequence: this.#seq++ & 0xffff, timestamp: this.#seq * 160, ssrc: 4242, payload: encode(pcm, 'PCMU') });
    this.#socket.send(packet, this.#remote.port, this.#remote.address);
  }
}

/** Waits for the customer to say something after `from` (ms on the trainee's audio clock), then to stop. */
export async function hearLine(audio: TraineeAudio, from: number, timeoutMs = 30_000): Promise<{ start: number; end: number }> {
  const start = await waitUntil(() => audio.firstLoud(from), timeoutMs, `no speech from the customer after ${from} ms`);
  const end = await waitUntil(
    () => {
      const last = audio.frames.at(-1);
      const lastLoud = audio.frames.findLast((f) => f.dbfs > -35)?.at ?? start;
      return last && last.at - lastLoud >= 400 ? lastLoud + 20 : undefined;
    },
    timeoutMs,
    'the customer never stopped talking',
  );
  return { start, end };
}

/** The trainee's audio clock now (ms since the line's first frame arrived). */
export function audioNow(audio: TraineeAudio): number {
  return audio.frames.at(-1)?.at ?? 0;
}

export interface SippCall {
  readonly process: GroupProcess;
  /** The <log> lines of the scenario so far. */
  log(): string[];
  /** Resolves with sipp's exit code (0: the scenario passed). */
  readonly exited: Promise<number | string>;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * sipp calls each `target` (`sip:p-<token>@host:port`, all on one line) with an SDP pointing at its
 * `rtpPort`, all at once; each trainee hangs up after `hangUpAfterMs` unless the line hangs up first.
 */
export async function callPracticeLine(target: string | readonly { uri: string; rtpPort: number }[], rtpPort: number, hangUpAfterMs: number): Promise<SippCall> {
  const sipp = requireBinary('sipp');
  const calls = typeof target === 'string' ? [{ uri: target, rtpPort }] : target;
  const parsed = calls.map((c) => /^sip:([^@]+)@([^:]+):(\d+)$/.exec(c.uri));
  const first = parsed[0];
  if (!first || parsed.some((m) => !m || m[2] !== first[2] || m[3] !== first[3])) throw new Error('expected direct practice targets on one line');
  const dir = mkdtempSync(join(tmpdir(), 'cg-practice-sipp-'));
  const csv = join(dir, 'calls.csv');
  writeFileSync(csv, `SEQUENTIAL\n${calls.map((c, i) => `${(parsed[i] as RegExpExecArray)[1] as string};${c.rtpPort}`).join('\n')}\n`);
  const log = join(dir, 'actions.log');
  const args = [
    `${first[2] as string}:${first[3] as string}`,
    '-sf', join(here, '..', 'sip', 'scenarios', 'practice-caller.xml'),
    '-inf', csv,
    '-i', '127.0.0.1',
    '-p', String(await freeUdpPort()),
    '-mi', '127.0.0.1',
    '-m', String(calls.length),
    '-l', String(calls.length),
    '-r', String(Math.max(1, calls.length)),
    '-recv_timeout', String(hangUpAfterMs),
    '-nostdin',
    '-trace_logs', '-log_file', log,
    '-trace_msg', '-message_file', join(dir, 'messages.log'),
    '-trace_err', '-error_file', join(dir, 'errors.log'),
    '-trace_screen', '-screen_file', join(dir, 'screen.log'),
  ];
  const proc = spawnGroup('sipp-practice-caller', sipp, args, { logFile: join(dir, 'sipp.log'), cwd: dir });
  return {
    process: proc,
    dir,
    exited: proc.exited,
    log: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.trim() !== '') : []),
    stop: async () => {
      await proc.stop();
      if (!process.env['CALLGATE_KEEP_SIP_LOGS']) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The trainee's side of a voice practice call's script: the same ScriptRun the desk runs (same setup:
 * the call's id and setup instant, the trainee's id and name), each action delivered by `deliver` (the
 * API's consent-event route, as the outbox does).
 */
export function practiceTrainee(
  scenario: Scenario,
  call: { callId: string; setupAt: string; agentId: string; agentName: string },
  locale: Locale,
  deliver: (event: ConsentEvent) => Promise<void>,
): { run: ScriptRun; act(action: ScriptAction): Promise<ConsentEvent> } {
  const script = scriptLookup(scenario.campaign.script.id, scenario.campaign.script.version);
  if (!script) throw new Error(`no script ${scenario.campaign.script.id}`);
  const setup = practiceSetup(scenario, { locale, callId: call.callId, agentId: call.agentId, agentName: call.agentName, startedAt: new Date(call.setupAt) });
  const run = new ScriptRun({ script, call: setup.call, context: setup.context, now: () => new Date(), newId });
  return {
    run,
    async act(action) {
      const { event } = run.propose(action);
      run.commit(event);
      await deliver(event);
      return event;
    },
  };
}
