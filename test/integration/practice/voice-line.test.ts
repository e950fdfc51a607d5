// The voice practice line (issue 17) on a real API (SQLite), called by a real third-party SIP stack
// (sipp, plain SIP straight to the line: the edge's routing is proved by the e2e test), with the
// trainee's audio on a UDP socket of the test. What the customer says is asserted on the audio that
// arrives (levels per 20 ms frame), what the line observed on the stored facts, the score on the API.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import type { Locale } from '../../../shared/domain/locale';
import { NUDGE_LINE } from '../../../shared/practice/default-lines';
import { loadScenario } from '../../../shared/practice/load';
import { serializeSip, parseSip, SipHeaders } from '../../../server/practice-line/sip-message';
import { voiceCallById } from '../../../server/store/practice-voice-calls';
import { waitUntil } from '../../sip/net';
import { callPracticeLine, hearLine, practiceTrainee, TraineeAudio, type SippCall } from '../../support/practice-caller';
import { requireBinary } from '../../support/system';
import { startTestServer, type TestServer } from '../../support/server-harness';
import { rawScenario, scriptLookup } from '../../unit/practice/fixtures';

let s: TestServer;
let agent = '';
let agentName = '';
let ledgerBefore = 0;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  requireBinary('espeak-ng'); // the customer's voice: a missing package fails with its apt line
  s = await startTestServer('sqlite', { config: { practiceSip: { host: '127.0.0.1', port: 0 }, practiceRingMs: 300, dialTtlSec: 60 } });
  agent = await s.login('agent1');
  agentName = (await s.request('GET', '/v1/me', { token: agent })).json.user.displayName as string;
  ledgerBefore = (await s.request('GET', '/v1/ledger/verify', { token: await s.login('admin') })).json.entries as number;
}, 60_000);

afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await s?.close();
});

async function voiceCall(scenarioId: string, locale: Locale, revision = 1) {
  const r = await s.request('POST', '/v1/practice/voice-calls', { token: agent, body: { scenarioId, scenarioRevision: revision, locale } });
  expect(r.status, r.body).toBe(201);
  return r.json as { callId: string; dialUri: string; setupAt: string };
}

async function dial(dialUri: string, hangUpAfterMs: number): Promise<{ audio: TraineeAudio; sipp: SippCall }> {
  const audio = await TraineeAudio.open();
  const sipp = await callPracticeLine(dialUri, audio.port, hangUpAfterMs);
  cleanup.push(() => audio.close(), () => sipp.stop());
  return { audio, sipp };
}

describe('the voice practice line (sipp trainee, real API)', () => {
  it('says whether voice practice is available', async () => {
    const r = await s.request('GET', '/v1/practice/line', { token: agent });
    expect(r.json).toEqual({ voice: true, reason: 'ok', locales: ['ko', 'en'] });
    expect(s.ctx.practiceVoice?.line?.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('CG-TIME, by voice: the customer picks up, answers each recorded action in speech, and the attempt is scored with the timing of speech', async () => {
    const record = (await s.request('GET', '/v1/practice/scenarios/kr-no-time', { token: agent })).json;
    const scenario = loadScenario(record.scenario, scriptLookup);
    const call = await voiceCall('kr-no-time', 'ko');
    expect(call.dialUri).toMatch(/^sip:p-[A-Za-z0-9_-]{32}@127\.0\.0\.1:\d+$/);
    const { audio, sipp } = await dial(call.dialUri, 60_000);
    const trainee = practiceTrainee(scenario, { ...call, agentId: 'user-agent1', agentName }, 'ko', async (event) => {
      const r = await s.request('POST', '/v1/consent-events', { token: agent, body: { events: [event] } });
      expect(r.status, r.body).toBe(200);
    });

    // "여보세요? 누구세요?" about 400 ms after the answer; the trainee reads the identification aloud.
    const hello = await hearLine(audio, 0);
    expect(hello.start).toBeGreaterThan(250);
    expect(hello.start).toBeLessThan(1000);
    audio.speak(true);
    await waitUntil(() => (audio.frames.at(-1)?.at ?? 0) > hello.end + 2500 || undefined, 10_000, 'time does not pass');
    audio.speak(false);
    const ack = await hearLine(audio, hello.end + 100); // "아, 네…" once half of kr-id could have been read
    const t1 = audio.frames.at(-1)?.at ?? 0;
    await trainee.act({ type: 'confirm' });
    // CG-TIME asked; the customer has no time (after the reading share of the question and 900 ms).
    const noTime = await hearLine(audio, Math.max(t1, ack.end) + 50);
    expect(noTime.end - noTime.start).toBeGreaterThan(2000);
    const t2 = audio.frames.at(-1)?.at ?? 0;
    await trainee.act({ type: 'answer', answerId: 'no' });
    const tomorrow = await hearLine(audio, t2 + 50);
    const t3 = audio.frames.at(-1)?.at ?? 0;
    await trainee.act({ type: 'record_outcome', outcome: 'callback' });
    await hearLine(audio, Math.max(t3, tomorrow.end) + 50); // the last words, then the customer hangs up
    expect(await sipp.exited).toBe(0);
    expect(sipp.log().some((l) => l.includes('customer hung up'))).toBe(true);

    await s.ctx.practiceVoice?.settled(call.callId);
    const row = await voiceCallById(s.ctx.store.db, call.callId);
    expect(row?.state).toBe('ended');
    expect(row?.facts).toMatchObject({ endedBy: 'customer', customerHungUp: null, desync: null });
    expect(row?.facts?.said.map((l) => l.kind)).toEqual(['opening', 'answer', 'answer', 'answer', 'ending']);
    expect(row?.facts?.events.map((e) => e.seq)).toEqual([0, 1, 2]);
    // The trainee's voice was heard once: from about the end of "hello" for 2.5 s.
    expect(row?.facts?.traineeSpeech).toHaveLength(1);
    expect(row?.facts?.framesReceived).toBeGreaterThan(100);

    const attempt = await s.request('POST', '/v1/practice/attempts', {
      token: agent,
      body: { attemptId: newId(), scenarioId: 'kr-no-time', scenarioRevision: 1, callId: call.callId, locale: 'ko', startedAt: call.setupAt, endedAt: new Date().toISOString(), events: [...trainee.run.events] },
    });
    expect(attempt.status, attempt.body).toBe(201);
    expect(attempt.json).toMatchObject({ mode: 'voice', outcome: 'callback', passed: true, hasAudio: true, voice: { endedBy: 'customer' } });
    const speech = attempt.json.result.speech;
    expect(speech.firstWordMs).toBeLessThan(1000);
    expect(speech.talkOverCount).toBe(0);
    const checks = attempt.json.result.callChecks.map((c: { id: string; passed: boolean }) => `${c.id}:${c.passed}`);
    expect(checks).toEqual(expect.arrayContaining(['first-word:true', 'talk-over:true', 'outcome:true']));

    // The recording: customer left, trainee right, as long as the call.
    const rec = await s.request('GET', `/v1/practice/attempts/${attempt.json.id as string}/audio`, { token: agent });
    expect(rec.status).toBe(200);
    expect(rec.json.mediaType).toBe('audio/wav');
    const wav = Buffer.from(rec.json.base64 as string, 'base64');
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(Math.abs((rec.json.durationMs as number) - (row?.facts ? Date.parse(row.facts.endedAt) - Date.parse(row.facts.answeredAt) : 0))).toBeLessThan(1500);
    // Agent2 may not hear it.
    expect((await s.request('GET', `/v1/practice/attempts/${attempt.json.id as string}/audio`, { token: await s.login('agent2') })).status).toBe(404);
  }, 90_000);

  it('silence: a customer who waits too long says "hello?", then hangs up; the attempt says so', async () => {
    const trainer = await s.login('trainer1');
    const json = rawScenario('kr-willing');
    json['id'] = 'kr-willing-impatient';
    json['persona']['waitMs'] = 2000;
    expect((await s.request('POST', '/v1/practice/scenarios', { token: trainer, body: { scenario: json } })).status).toBe(201);
    const call = await voiceCall('kr-willing-impatient', 'en');
    const { audio, sipp } = await dial(call.dialUri, 60_000);
    await hearLine(audio, 0); // hello
    // Nobody speaks and nothing is recorded: after the answer to the first step, 2 s, "hello?", 2 s, goodbye.
    expect(await sipp.exited).toBe(0);
    await s.ctx.practiceVoice?.settled(call.callId);
    const row = await voiceCallById(s.ctx.store.db, call.callId);
    expect(row?.facts).toMatchObject({ endedBy: 'customer', customerHungUp: 'silence', traineeSpeech: [] });
    const said = row?.facts?.said ?? [];
    expect(said.map((l) => l.kind)).toEqual(['opening', 'answer', 'nudge', 'hang_up']);
    expect(said[2]?.text).toBe(NUDGE_LINE.text.en);
    const nudge = said[2];
    const answer = said[1];
    expect((nudge?.atMs ?? 0) - (answer?.endMs ?? 0)).toBeGreaterThanOrEqual(2000);
    expect((nudge?.atMs ?? 0) - (answer?.endMs ?? 0)).toBeLessThan(2200);
    // The audio the trainee heard matches: speech where the facts say the nudge was.
    expect(audio.loud(nudge?.atMs ?? 0, nudge?.endMs ?? 0)).toBeGreaterThan(10);
  }, 60_000);

  it('a dial token is single use; unknown tokens are 403, a malformed target 404, an offer without G.711 488; nothing is kept', async () => {
    const call = await voiceCall('kr-angry', 'ko');
    const address = s.ctx.practiceVoice?.line?.address ?? '';
    const [host, port] = address.split(':') as [string, string];
    const uri = (user: string) => `sip:${user}@${address}`;
    // The first INVITE is answered (once the customer's lines are synthesized); it claims the token.
    expect(await rawInvite(host, Number(port), call.dialUri, undefined, 60_000)).toBe(200);
    expect(await rawInvite(host, Number(port), call.dialUri)).toBe(403); // reused
    expect(await rawInvite(host, Number(port), uri('p-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).toBe(403);
    expect(await rawInvite(host, Number(port), uri('+821000009999'))).toBe(404);
    const fresh = await voiceCall('kr-angry', 'ko');
    expect(await rawInvite(host, Number(port), fresh.dialUri, 'm=audio 4000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n')).toBe(488);
  }, 30_000);

  it('SEPARATION: voice practice leaves the ledger and the call list untouched', async () => {
    const admin = await s.login('admin');
    expect((await s.request('GET', '/v1/ledger/verify', { token: admin })).json).toMatchObject({ ok: true, entries: ledgerBefore });
    expect((await s.request('GET', '/v1/calls', { token: admin })).json.items).toEqual([]);
  });

  it('an agent may not start a voice practice call on a scenario revision that does not exist; leads may not practise', async () => {
    const r = await s.request('POST', '/v1/practice/voice-calls', { token: agent, body: { scenarioId: 'kr-angry', scenarioRevision: 99, locale: 'ko' } });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].pointer).toBe('/scenarioRevision');
    expect((await s.request('POST', '/v1/practice/voice-calls', { token: await s.login('lead1'), body: { scenarioId: 'kr-angry', scenarioRevision: 1, locale: 'ko' } })).status).toBe(403);
    expect((await s.request('POST', '/v1/practice/voice-calls', { token: agent, body: { scenarioId: 'kr-angry', scenarioRevision: 1, locale: 'fr' } })).status).toBe(400);
  });
});

/** Sends one INVITE and returns the final status the line answers (100/180 skipped). */
async function rawInvite(host: string, port: number, uri: string, media = 'm=audio 4000 RTP/AVP 0\r\n', timeoutMs = 5000): Promise<number> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const body = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n${media}`;
  const h = SipHeaders.from([
    ['Via', `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bK${newId()}`],
    ['From', `<sip:t@127.0.0.1>;tag=${newId()}`],
    ['To', `<${uri}>`],
    ['Call-ID', newId()],
    ['CSeq', '1 INVITE'],
    ['Contact', `<sip:t@127.0.0.1:${sock.address().port}>`],
    ['Content-Type', 'application/sdp'],
  ]);
  const finalStatus = new Promise<number>((resolve) => {
    sock.on('message', (msg) => {
      const m = parseSip(msg);
      if (m.kind === 'response' && m.status >= 200) resolve(m.status);
    });
  });
  sock.send(serializeSip({ kind: 'request', method: 'INVITE', uri, headers: h, body }), port, host);
  try {
    return await Promise.race([finalStatus, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no final response')), timeoutMs))]);
  } finally {
    sock.close();
  }
}
