// Trainer tools for voice practice (issue 17): a voice practice call is played on the real API with
// its practice line (a sipp trainee, plain SIP to the line: the edge path is the voice e2e's), then
// the trainer opens it in the desk (Chromium, built renderer): the recording plays in the page, the
// score sits beside it, and each moment of the call seeks the audio there.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import { loadScenario } from '../../../shared/practice/load';
import { freeUdpPort } from '../../sip/net';
import { api, login } from '../../support/api-fixtures';
import { startApi, type ApiProcess } from '../../support/api-process';
import { axeViolations } from '../../support/axe';
import { launchChromium } from '../../support/chromium';
import { startDesk, type Desk } from '../../support/desk-harness';
import { requireBinary } from '../../support/system';
import { audioNow, callPracticeLine, hearLine, practiceTrainee, TraineeAudio } from '../../support/practice-caller';
import { scriptLookup } from '../../unit/practice/fixtures';

let server: ApiProcess;
let browser: Browser;
let desk: Desk;
let attemptId = '';
let callMs = 0;

beforeAll(async () => {
  requireBinary('espeak-ng'); // the customer's voice: a missing package fails with its apt line
  server = await startApi({ CALLGATE_PRACTICE_SIP: `127.0.0.1:${await freeUdpPort()}`, CALLGATE_PRACTICE_RING_MS: '200' });
  const { token, userId } = await login(server.url, 'agent1');
  const me = await api<{ user: { displayName: string } }>(server.url, 'GET', '/v1/me', token);
  const record = await api<{ scenario: unknown }>(server.url, 'GET', '/v1/practice/scenarios/kr-no-time', token);
  const scenario = loadScenario(record.json.scenario, scriptLookup);
  const call = (await api<{ callId: string; dialUri: string; setupAt: string }>(server.url, 'POST', '/v1/practice/voice-calls', token, { scenarioId: 'kr-no-time', scenarioRevision: 1, locale: 'en' })).json;
  const audio = await TraineeAudio.open();
  const sipp = await callPracticeLine(call.dialUri, audio.port, 90_000);
  try {
    const trainee = practiceTrainee(scenario, { ...call, agentId: userId, agentName: me.json.user.displayName }, 'en', async (event) => {
      const r = await api(server.url, 'POST', '/v1/consent-events', token, { events: [event] });
      if (r.status !== 200) throw new Error(`events: HTTP ${r.status}`);
    });
    // The trainee greets right after "hello?" and reads the identification for two seconds.
    const hello = await hearLine(audio, 0);
    audio.speak(true);
    const from = audioNow(audio);
    while (audioNow(audio) < from + 2000) await new Promise((r) => setTimeout(r, 20));
    audio.speak(false);
    await hearLine(audio, hello.end + 100);
    for (const action of [{ type: 'confirm' }, { type: 'answer', answerId: 'no' }, { type: 'record_outcome', outcome: 'callback' }] as const) {
      const at = audioNow(audio);
      await trainee.act(action);
      await hearLine(audio, at + 1);
    }
    expect(await sipp.exited).toBe(0);
    const submitted = await api<{ id: string; mode: string; durationMs: number }>(server.url, 'POST', '/v1/practice/attempts', token, {
      attemptId: newId(),
      scenarioId: 'kr-no-time',
      scenarioRevision: 1,
      callId: call.callId,
      locale: 'en',
      startedAt: call.setupAt,
      endedAt: new Date().toISOString(),
      events: [...trainee.run.events],
    });
    expect(submitted.status).toBe(201);
    expect(submitted.json.mode).toBe('voice');
    attemptId = submitted.json.id;
    callMs = submitted.json.durationMs;
  } finally {
    audio.close();
    await sipp.stop();
  }
  browser = await launchChromium();
  desk = await startDesk({ apiUrl: server.url, browser, settings: { locale: 'en' } });
  await desk.signIn('trainer1');
}, 180_000);

afterAll(async () => {
  await desk?.stop();
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('replay of a voice practice call (trainer, Chromium)', () => {
  it('the recording plays beside the score; each moment of the call seeks the audio there (en and ko)', async () => {
    const page = desk.page;
    await page.waitForSelector('[data-testid=practice-banner]');
    await page.click('[data-testid=practice-tab-trainees]');
    await page.click('[data-testid=trainees-table] [data-trainee="user-agent1"] button');
    await page.click(`[data-testid=attempts-table] tr[data-attempt="${attemptId}"][data-mode=voice] button`);
    await page.waitForSelector('.attempt-detail [data-testid=voice-replay] [data-testid=practice-audio]');
    await page.waitForSelector('.attempt-detail [data-testid=score-summary]');
    // The audio element holds the whole call (the recording is as long as the call).
    const duration = await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=practice-audio]');
      return a && Number.isFinite(a.duration) && a.duration > 0 ? a.duration : null;
    });
    expect(Math.abs(((await duration.jsonValue()) ?? 0) * 1000 - callMs)).toBeLessThan(1500);
    // The customer's lines and the trainee's actions, in time order.
    const moments = await page.$$eval('[data-testid=replay-moments] li', (lis) => lis.map((li) => ({ who: li.getAttribute('data-who'), at: Number(li.querySelector('button')?.getAttribute('data-at')) })));
    expect(moments.filter((m) => m.who === 'customer')).toHaveLength(5); // hello, 3 answers, goodbye
    expect(moments.filter((m) => m.who === 'agent')).toHaveLength(3);
    expect(moments.map((m) => m.at)).toEqual([...moments.map((m) => m.at)].sort((a, b) => a - b));
    const target = moments[4]?.at ?? 0;
    await page.click(`[data-testid=replay-moments] li:nth-child(5) button`);
    await page.waitForFunction((ms) => Math.abs((document.querySelector<HTMLAudioElement>('[data-testid=practice-audio]')?.currentTime ?? -1) * 1000 - ms) < 400, target);
    // The timing of speech, measured on the line: the first word came within a second of "hello?".
    expect(await page.textContent('[data-testid=speech-timing]')).toMatch(/First word 0\.\d s after the customer picked up · talked over the customer 0 times/);
    expect(await page.getAttribute('.attempt-detail [data-check="first-word"]', 'data-passed')).toBe('true');
    expect(await axeViolations(page, '[data-testid=practice-view]')).toEqual([]);
    await desk.screenshot('practice-voice-replay-en');
    await page.click('[data-testid=switch-language]');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    await page.waitForSelector('[data-testid=voice-replay] h3:has-text("통화 다시 듣기")');
    expect(await axeViolations(page, '[data-testid=practice-view]')).toEqual([]);
    await desk.screenshot('practice-voice-replay-ko');
  });
});
