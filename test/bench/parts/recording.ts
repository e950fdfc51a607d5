// Recording bench (issue 15).
// 1. Playback seek on a 30-minute recording: a 30-min two-channel WAV made by sox goes through the API's
//    own pipeline (peaks + hash, sealed in AES-GCM chunks under a per-file key, vault, ledger), then a
//    lead's playback link serves 64 KiB Range reads at random offsets through the API process over HTTP
//    (what a player does on each seek). Baseline: the same reads of the plain WAV from a bare Node HTTP
//    file server (no grant check, no decryption). The sealing of the 30 minutes is reported beside
//    writing the plain file.
// 3. INVITE -> Established with recording vs without: two identical SIP edges (the shipped Kamailio
//    config, rtpengine, a sipp echo trunk, the in-test redeem stub), one Chromium running the desk's
//    sip.js phone on both. On the recording edge rtpengine runs with pcap recording and every call is put
//    under recording (ng `start recording`) as soon as rtpengine knows it, i.e. inside the INVITE ->
//    Established window: harsher than production, where recording starts at the consent, after
//    Established. Both edges are polled alike (ng `list` every 20 ms); calls alternate between them.
// 2. CPU per recorded call: calls through a real rtpengine (pcap recording) with two plain-RTP parties,
//    the API in this process; each call gets the KR script up to the recording question, ~3 s of audio,
//    then ends. Recorded calls ("yes": start recording, capture, decode, seal, ledger) against the same
//    calls answered "no" (nothing recorded). CPU = this process + rtpengine, per call.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { newId } from '../../../shared/domain/ids';
import { NgClient } from '../../../server/media/ng-client';
import { recordingOfSamples } from '../../../server/recording/pcap-to-wav';
import { wavInfo } from '../../../server/recording/wav';
import type { CallRow } from '../../../server/store/calls';
import { recordingOfCall } from '../../../server/store/recordings';
import { openSqliteStore } from '../../../server/store/store';
import { api, login } from '../../support/api-fixtures';
import { startApi } from '../../support/api-process';
import { seedStoredRecording } from '../../support/recording-seed';
import { pcmuSdp, rtpEndpoint } from '../../support/rtp-endpoint';
import { demoRun, shippedScript, step } from '../../support/script-events';
import { authorizeDial, startTestServer, type TestServer } from '../../support/server-harness';
import { requireBinary } from '../../support/system';
import { httpApi, importKrLeads, placeCall, STEP, type ApiLike } from '../../integration/review/review-seed';
import { startRtpengine } from '../../sip/rtpengine';
import { waitUntil } from '../../sip/net';
import type { Browser } from 'playwright-core';
import type { PhoneSettingsInput } from '../../../shared/phone/phone-settings';
import { AGENT_PAGE, openAgent } from '../../e2e/phone/agent';
import { launchChromium } from '../../sip/browser';
import { servePages, type PageServer } from '../../sip/pages';
import { speechWav } from '../../sip/speech';
import { startSipStack, type SipStack, type StackUser } from '../../sip/stack';
import { timedCall } from '../phone-edge';
import { median, metric, percentile, progress, type Metric } from '../metric';

const SEEKS = 200;
const READ_BYTES = 64 * 1024;
const LONG_SEC = 30 * 60;
const CALLS_PER_ARM = 6;

/** A seeded-random sequence (the same offsets for the API and the baseline). */
function offsets(size: number, dataOffset: number, n: number): number[] {
  let x = 0x2545f491;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(dataOffset + ((x >>> 0) % (size - dataOffset - READ_BYTES)));
  }
  return out;
}

async function timedRange(url: string, start: number): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { range: `bytes=${start}-${start + READ_BYTES - 1}` } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 206 || body.byteLength !== READ_BYTES) throw new Error(`range read at ${start}: HTTP ${res.status}, ${body.byteLength} bytes`);
  return ms;
}

/** A bare Range file server: the baseline's cost of a seek is reading the bytes from disk and sending them. */
async function plainFileServer(file: string, size: number): Promise<{ url: string; server: Server }> {
  const fh = await open(file, 'r');
  const server = createServer((req, res) => {
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    const start = Number(m?.[1] ?? 0);
    const end = Math.min(size - 1, Number(m?.[2] ?? size - 1));
    const buf = Buffer.alloc(end - start + 1);
    fh.read(buf, 0, buf.length, start).then(() => {
      res.writeHead(206, { 'content-type': 'audio/wav', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(buf.length) });
      res.end(buf);
    }, () => res.writeHead(500).end());
  });
  server.on('close', () => void fh.close());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/plain.wav`, server };
}

const say = progress('recording');

async function seekBench(dir: string): Promise<Record<string, Metric>> {
  const sox = requireBinary('sox');
  say(`seek: a ${LONG_SEC / 60}-minute WAV from sox`);
  const wavFile = join(dir, 'long.wav');
  execFileSync(sox, ['-n', '-r', '8000', '-c', '2', '-b', '16', wavFile, 'synth', String(LONG_SEC), 'sine', '1000', 'sine', '1400', 'vol', '0.3']);
  const wav = readFileSync(wavFile);
  const info = wavInfo(wav);
  const frames = info.dataLength / 4;
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = wav.readInt16LE(info.dataOffset + i * 4);
    right[i] = wav.readInt16LE(info.dataOffset + i * 4 + 2);
  }

  const server = await startApi({ LOG_LEVEL: 'warn' });
  try {
    const admin = (await login(server.url, 'admin')).token;
    const agent = (await login(server.url, 'agent1')).token;
    const lead = (await login(server.url, 'lead1')).token;
    const http = httpApi(server.url);
    const [leadId] = await importKrLeads(http, admin, [{ name: '긴 통화 고객', phone: '010-0000-9401', grantedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(), nightConsent: true }]);
    const at = new Date(Date.now() - 40 * 60_000);
    const callId = await placeCall(http, { token: agent, agentId: 'user-agent1', leadId: leadId ?? '', at: at.toISOString(), answeredAfterSec: 5, outcome: 'sale',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 25), STEP.pitch(30), STEP.provision('yes', 40), STEP.outcome('sale', 50)] });

    say('seek: the API pipeline over it (peaks, hash, seal, vault, ledger)');
    // The API's pipeline over the 30 minutes: peaks + hash, then seal + vault + ledger.
    const t0 = performance.now();
    const converted = recordingOfSamples(left, right, at.getTime() + 20_000);
    const store = await openSqliteStore(server.dbFile);
    let recordingId = '';
    try {
      recordingId = (await seedStoredRecording({ db: store.db, dataDir: dirname(server.dbFile), callId, startedAtMs: at.getTime() + 20_000, audio: converted })).id;
    } finally {
      await store.close();
    }
    const sealMs = performance.now() - t0;
    const p0 = performance.now();
    writeFileSync(join(dir, 'plain-copy.wav'), converted.wav);
    const plainWriteMs = performance.now() - p0;

    const grant = await api<{ url: string }>(server.url, 'POST', `/v1/recordings/${recordingId}/playback`, lead, { reason: 'bench: seek latency' });
    if (grant.status !== 201) throw new Error(`playback grant: HTTP ${grant.status}`);
    const audioUrl = `${server.url}${grant.json.url}`;
    const plain = await plainFileServer(join(dir, 'plain-copy.wav'), converted.wav.length);
    try {
      say(`seek: ${SEEKS} range reads each through the API and a plain file server`);
      const where = offsets(converted.wav.length, 44, SEEKS);
      // Warm both paths once, then alternate so load on the machine hits both alike.
      await timedRange(audioUrl, 44);
      await timedRange(plain.url, 44);
      const apiMs: number[] = [];
      const plainMs: number[] = [];
      for (const o of where) {
        apiMs.push(await timedRange(audioUrl, o));
        plainMs.push(await timedRange(plain.url, o));
      }
      return {
        'recording.seek30min.p95': metric(percentile(apiMs, 95), 'ms', percentile(plainMs, 95)),
        'recording.seek30min.p50': metric(percentile(apiMs, 50), 'ms', percentile(plainMs, 50)),
        'recording.seal30min': metric(sealMs, 'ms', plainWriteMs),
        'recording.size30min': metric(converted.wav.length / 1_048_576, 'MiB', null),
      };
    } finally {
      await new Promise((r) => plain.server.close(r));
    }
  } finally {
    await server.stop();
  }
}

/** CPU ms of a process (utime + stime) from /proc. */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

async function cpuBench(dir: string): Promise<Record<string, Metric>> {
  say('cpu: starting rtpengine and the API');
  const captureDir = join(dir, 'capture');
  const rtpengine = await startRtpengine(dir, 9, { recordingDir: captureDir });
  const ng = NgClient.fromAddress(rtpengine.ng);
  let s: TestServer | undefined;
  try {
    s = await startTestServer('sqlite', {
      now: new Date(),
      config: { rtpengineNg: rtpengine.ng, rtpengineRecordingDir: captureDir },
      overrides: { clock: () => new Date(), mediaTargetOf: (call: CallRow) => (call.sipCallId ? { mediaCallId: call.sipCallId, agentTag: `agent-${call.id}` } : null) },
    });
    const srv = s;
    const row = await srv.ctx.store.db.get("SELECT body FROM campaigns WHERE id = 'cmp-kr-insurance'");
    const body = JSON.parse(String(row?.['body'])) as Record<string, unknown>;
    await srv.ctx.store.db.run("UPDATE campaigns SET body = ? WHERE id = 'cmp-kr-insurance'", [JSON.stringify({ ...body, scriptVersion: 2 })]);
    const agentToken = await srv.login('agent1');
    const script = shippedScript('kr-default-v2');
    // A fresh person per call (a person may be called 3 times a day, CG-ATTEMPTS).
    const adminToken = await srv.login('admin');
    const seedApi: ApiLike = { request: (m, u, o) => srv.request(m, u, o ?? {}) };
    const people = await importKrLeads(
      seedApi,
      adminToken,
      Array.from({ length: 4 * CALLS_PER_ARM + 2 }, (_, i) => ({ name: `벤치 고객 ${i}`, phone: `010-0000-${String(9500 + i)}`, grantedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(), nightConsent: true })),
    );

    const must = async (what: string, r: Promise<{ status: number; body: string; json: any }>): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const res = await r;
      if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${res.body}`);
      return res.json;
    };
    const oneCall = async (record: boolean): Promise<void> => {
      const leadId = people.shift();
      if (!leadId) throw new Error('no person left to call');
      const auth = await must('dial', authorizeDial(srv, agentToken, leadId));
      const sipCallId = `${newId()}@bench.test`;
      const created = await must('call', srv.request('POST', '/v1/calls', { token: agentToken, body: { attemptId: auth.attemptId, sipCallId } }));
      const callId = String(created.id);
      await must('answer', srv.request('PATCH', `/v1/calls/${callId}`, { token: agentToken, body: { answeredAt: new Date().toISOString() } }));
      const agent = await rtpEndpoint(0x1111);
      const customer = await rtpEndpoint(0x2222);
      try {
        const offer = await ng.request('offer', { 'call-id': sipCallId, 'from-tag': `agent-${callId}`, sdp: pcmuSdp(agent.port, '1') });
        const answer = await ng.request('answer', { 'call-id': sipCallId, 'from-tag': `agent-${callId}`, 'to-tag': 'customer-tag', sdp: pcmuSdp(customer.port, '2') });
        const port = (sdp: unknown): number => Number(/m=audio (\d+)/.exec(String(sdp))?.[1]);
        customer.sendTo(port(offer['sdp']));
        agent.sendTo(port(answer['sdp']));
        agent.play(1000);
        customer.play(1400);
        const run = demoRun(script, { id: callId, leadId, campaignId: String(created.campaignId), agentId: 'user-agent1' });
        const events = [];
        for (const a of [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'answer', answerId: record ? 'yes' : 'no' }] as const) {
          events.push(await step(run, a));
        }
        const ack = await must('events', srv.request('POST', '/v1/consent-events', { token: agentToken, body: { events } }));
        if (JSON.stringify(ack).includes('refused')) throw new Error(`events refused: ${JSON.stringify(ack)}`);
        const start = await agent.received();
        await waitUntil(async () => ((await agent.received()) >= start + 150 ? true : undefined), 20_000, 'three seconds of audio');
        await must('end', srv.request('PATCH', `/v1/calls/${callId}`, { token: agentToken, body: { endedAt: new Date().toISOString(), outcome: 'not_interested' } }));
        const want = record ? 'stored' : 'declined';
        await waitUntil(async () => ((await recordingOfCall(srv.ctx.store.db, callId))?.state === want ? true : undefined), 20_000, `recording ${want}`);
        await srv.ctx.recordings.recorder?.idle();
      } finally {
        agent.close();
        customer.close();
        await ng.request('delete', { 'call-id': sipCallId }).catch(() => undefined);
      }
    };

    const arm = async (record: boolean): Promise<number> => {
      const cpu0 = process.cpuUsage();
      const r0 = procCpuMs(rtpengine.process.pid);
      for (let i = 0; i < CALLS_PER_ARM; i++) await oneCall(record);
      const cpu = process.cpuUsage(cpu0);
      return ((cpu.user + cpu.system) / 1000 + (procCpuMs(rtpengine.process.pid) - r0)) / CALLS_PER_ARM;
    };
    await oneCall(true); // warm-up (JIT, first rtpengine call)
    // Alternate the arms in two halves so a busy neighbour weighs on both.
    let recorded = 0;
    let unrecorded = 0;
    for (let half = 0; half < 2; half++) {
      say(`cpu: half ${half + 1}/2, ${CALLS_PER_ARM} recorded calls`);
      recorded += await arm(true);
      say(`cpu: half ${half + 1}/2, ${CALLS_PER_ARM} unrecorded calls`);
      unrecorded += await arm(false);
    }
    return {
      'recording.cpuPerCall': metric(recorded / 2, 'ms CPU', unrecorded / 2),
      'recording.cpuExtraPerRecordedCall': metric((recorded - unrecorded) / 2, 'ms CPU', null),
    };
  } finally {
    await s?.close();
    ng.close();
    await rtpengine.stop();
  }
}

const INVITE_CALLS = 20;

async function inviteBench(dir: string): Promise<Record<string, Metric>> {
  let plain: SipStack | null = null;
  let recording: SipStack | null = null;
  let pages: PageServer | null = null;
  let browser: Browser | null = null;
  const watchers: NgClient[] = [];
  let stop = false;
  try {
    say('invite: starting a plain and a recording edge, and Chromium');
    plain = await startSipStack({ agents: 1, customers: 0 });
    recording = await startSipStack({ agents: 1, customers: 0, rtpengineRecordingDir: join(dir, 'invite-capture') });
    // Both edges are asked for their calls alike; only the recording edge is told to record them.
    const recorded = new Set<string>();
    const watch = async (stack: SipStack, record: boolean): Promise<void> => {
      const ng = NgClient.fromAddress(stack.rtpengine.ng);
      watchers.push(ng);
      while (!stop) {
        const listed = await ng.request('list', {}).catch(() => ({ calls: [] }));
        const calls = Array.isArray(listed['calls']) ? (listed['calls'] as unknown[]).map(String) : [];
        for (const id of calls) {
          if (!record || recorded.has(id)) continue;
          recorded.add(id);
          await ng.request('start recording', { 'call-id': id, metadata: 'bench' }).catch(() => undefined);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const loops = [watch(plain, false), watch(recording, true)];
    pages = await servePages([AGENT_PAGE]);
    browser = await launchChromium({ fakeAudioFile: speechWav(plain.runDir) });
    const context = await browser.newContext();
    const settings = (wsUrl: string, u: StackUser | undefined): PhoneSettingsInput => {
      if (!u) throw new Error('no stack agent');
      return { serverUrl: wsUrl, aor: u.aor, authUser: u.authUser, authPassword: u.password, iceGatheringTimeoutMs: 300, reconnect: { baseMs: 250, maxMs: 2_000 } };
    };
    const onPlain = await openAgent(context, pages, settings(plain.wsUrl, plain.agents[0]));
    const onRecording = await openAgent(context, pages, settings(recording.wsUrl, recording.agents[0]));
    await onPlain.must((h) => h.phone!.register());
    await onRecording.must((h) => h.phone!.register());
    const p = plain;
    const r = recording;
    const dialPlain = (): string => p.dialUri(p.pstn.echo, p.agents[0]);
    const dialRecording = (): string => r.dialUri(r.pstn.echo, r.agents[0]);
    await timedCall(onPlain, dialPlain());
    await timedCall(onRecording, dialRecording());
    const samples = { plain: [] as number[], recording: [] as number[] };
    say(`invite: ${INVITE_CALLS} calls on each edge`);
    for (let i = 0; i < INVITE_CALLS; i++) {
      samples.recording.push(await timedCall(onRecording, dialRecording()));
      samples.plain.push(await timedCall(onPlain, dialPlain()));
      if ((i + 1) % 5 === 0) say(`invite: call ${i + 1}/${INVITE_CALLS}`);
    }
    stop = true;
    await Promise.all(loops);
    const pcaps = readdirSync(join(dir, 'invite-capture', 'pcaps')).length;
    if (pcaps < INVITE_CALLS) throw new Error(`the recording edge captured ${pcaps} calls, expected ${INVITE_CALLS}+`);
    await onPlain.close();
    await onRecording.close();
    return {
      'recording.invite_to_established_ms': metric(median(samples.recording), 'ms', median(samples.plain)),
      'recording.invite_to_established_p90_ms': metric(percentile(samples.recording, 90), 'ms', percentile(samples.plain, 90)),
    };
  } finally {
    stop = true;
    watchers.forEach((w) => w.close());
    await browser?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    await plain?.stop();
    await recording?.stop();
  }
}

export async function run(): Promise<Record<string, Metric>> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-rec-'));
  try {
    const only = process.env['CALLGATE_BENCH_RECORDING_ONLY'];
    if (only === 'invite') return await inviteBench(dir);
    return { ...(await seekBench(dir)), ...(await cpuBench(dir)), ...(await inviteBench(dir)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
