// Practice mode on the central API (issue 7), on SQLite and PostgreSQL: scenarios (built-in, created,
// edited with revisions), attempts scored by the server from their events, progress over time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids';
import { DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';
import { play, rawScenario, scenario, scenarioFiles, type PlayOptions } from '../../unit/practice/fixtures';

describe.each(DB_KINDS)('practice API on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  /** Plays a scenario as `user` and submits the attempt. */
  async function attempt(token: string, userId: string, name: string, id: string, o: PlayOptions = {}, startedAt = s.clock().getTime()) {
    const callId = newId();
    const p = play(scenario(id), { agentId: userId, agentName: name, callId, startedAt, newId, ...o });
    const body = { attemptId: newId(), scenarioId: id, scenarioRevision: 1, callId, locale: o.locale ?? 'ko', startedAt: p.startedAt, endedAt: p.endedAt, events: p.events };
    return { played: p, body, reply: await s.request('POST', '/v1/practice/attempts', { token, body }) };
  }

  it('lists the built-in scenarios to agents and trainers; leads may not practise', async () => {
    const agent = await s.login('agent1');
    const list = await s.request('GET', '/v1/practice/scenarios', { token: agent });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { id: string }) => `${i.id}.json`).sort()).toEqual(scenarioFiles());
    expect(list.json.items.every((i: { builtin: boolean; revision: number }) => i.builtin && i.revision === 1)).toBe(true);
    const one = await s.request('GET', '/v1/practice/scenarios/kr-angry', { token: await s.login('trainer1') });
    expect(one.json).toMatchObject({ id: 'kr-angry', revision: 1, scenario: { kind: 'angry', patience: 1 } });
    expect((await s.request('GET', '/v1/practice/scenarios', { token: await s.login('lead1') })).status).toBe(403);
    expect((await s.request('GET', '/v1/practice/scenarios/nope', { token: agent })).status).toBe(404);
  });

  it('trainers create and edit scenarios; every edit is a new revision; a stale edit is 409; agents may not write', async () => {
    const trainer = await s.login('trainer1');
    const json = rawScenario('kr-no-time');
    json['id'] = 'kr-no-time-evening';
    json['lead']['localTime'] = '19:30';
    const created = await s.request('POST', '/v1/practice/scenarios', { token: trainer, body: { scenario: json } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'kr-no-time-evening', revision: 1, builtin: false, updatedBy: 'user-trainer1' });
    expect((await s.request('POST', '/v1/practice/scenarios', { token: trainer, body: { scenario: json } })).status).toBe(409);

    json['title'] = { ko: '저녁에 통화가 어려운 고객', en: 'No time in the evening' };
    const edited = await s.request('PUT', '/v1/practice/scenarios/kr-no-time-evening', { token: trainer, body: { scenario: json, revision: 1 } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ revision: 2, scenario: { title: { en: 'No time in the evening' } } });
    const stale = await s.request('PUT', '/v1/practice/scenarios/kr-no-time-evening', { token: trainer, body: { scenario: json, revision: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.json.errors[0].pointer).toBe('/revision');
    // Built-in scenarios can be edited too.
    const builtin = rawScenario('kr-willing');
    builtin['difficulty'] = 'medium';
    expect((await s.request('PUT', '/v1/practice/scenarios/kr-willing', { token: trainer, body: { scenario: builtin, revision: 1 } })).json.revision).toBe(2);

    const agent = await s.login('agent1');
    expect((await s.request('POST', '/v1/practice/scenarios', { token: agent, body: { scenario: { ...json, id: 'x' } } })).status).toBe(403);
  });

  it('a bad scenario is refused with errors naming JSON paths (schema and script checks), and nothing is stored', async () => {
    const trainer = await s.login('trainer1');
    const bad = rawScenario('kr-willing');
    bad['id'] = 'broken';
    bad['steps']['cg-time']['expect'] = ['answer:maybe'];
    bad['steps']['kr-nothing'] = { expect: ['confirm'] };
    const r = await s.request('POST', '/v1/practice/scenarios', { token: trainer, body: { scenario: bad } });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/scenario/steps/cg-time/expect/0', '/scenario/steps/kr-nothing']);
    const shape = rawScenario('kr-willing');
    shape['id'] = 'broken2';
    delete shape['opening'];
    shape['lead']['timeZone'] = 'Nowhere/Land';
    const r2 = await s.request('POST', '/v1/practice/scenarios', { token: trainer, body: { scenario: shape } });
    expect(r2.status).toBe(400);
    expect(r2.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/scenario/lead/timeZone', '/scenario/opening']);
    expect((await s.request('GET', '/v1/practice/scenarios/broken', { token: trainer })).status).toBe(404);
  });

  it('the server scores an attempt itself from its events; a repeat returns the same attempt; a changed repeat is 409', async () => {
    const token = await s.login('agent1');
    const { reply, body, played } = await attempt(token, 'user-agent1', '김하준', 'kr-remove-me', { actions: { 'cg-time': 'refuse' } });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({
      id: body.attemptId,
      traineeId: 'user-agent1',
      traineeName: '김하준',
      scenarioId: 'kr-remove-me',
      kind: 'remove_me',
      passed: false,
      outcome: 'not_interested',
      eventsTotal: played.events.length,
      eventsDelivered: 0,
    });
    expect(reply.json.result.steps[1].checks).toContainEqual(expect.objectContaining({ id: 'opt-out-honoured', passed: false, reason: 'refused-instead', ruleIds: ['KR-OPTOUT'] }));
    const again = await s.request('POST', '/v1/practice/attempts', { token, body });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(body.attemptId);
    const changed = await s.request('POST', '/v1/practice/attempts', { token, body: { ...body, endedAt: new Date(Date.parse(body.endedAt) + 1000).toISOString() } });
    expect(changed.status).toBe(409);
    // Once the outbox delivered the events, the attempt says so.
    await s.request('POST', '/v1/consent-events', { token, body: { events: played.events } });
    expect((await s.request('GET', `/v1/practice/attempts/${body.attemptId}`, { token })).json.eventsDelivered).toBe(played.events.length);
  });

  it('CG-PITCH-LOCK: events that did not come from the script engine are refused, naming the event', async () => {
    const token = await s.login('agent1');
    const callId = newId();
    const p = play(scenario('kr-willing'), { callId, newId, startedAt: s.clock().getTime() });
    const skipped = p.events.filter((e) => e.stepId !== 'kr-mkt').map((e, i) => ({ ...e, seq: i }));
    const body = { attemptId: newId(), scenarioId: 'kr-willing', scenarioRevision: 1, callId, locale: 'ko', startedAt: p.startedAt, endedAt: p.endedAt, events: skipped };
    const r = await s.request('POST', '/v1/practice/attempts', { token, body });
    expect(r.status).toBe(422);
    expect(r.json.type).toBe('https://callgate.dev/problems/evidence-mismatch');
    expect(r.json.errors[0].pointer).toBe('/events/3');
    // Someone else's events, another call's events, an unknown revision.
    const other = await s.request('POST', '/v1/practice/attempts', { token: await s.login('agent2'), body: { ...body, events: p.events } });
    expect(other.status).toBe(403);
    const foreign = await s.request('POST', '/v1/practice/attempts', { token, body: { ...body, callId: newId(), events: p.events } });
    expect(foreign.json.errors[0].pointer).toBe('/events/0/callId');
    const unknown = await s.request('POST', '/v1/practice/attempts', { token, body: { ...body, scenarioRevision: 7, events: p.events } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].pointer).toBe('/scenarioRevision');
    expect(Number((await s.ctx.store.db.get('SELECT COUNT(*) AS n FROM practice_attempts'))?.['n'])).toBe(0);
  });

  it("trainers see each trainee's attempts and progress over time; agents only their own", async () => {
    const a1 = await s.login('agent1');
    const a2 = await s.login('agent2');
    const t0 = s.clock().getTime();
    // agent1 improves: a poor first attempt, then two good ones; agent2 practises once.
    await attempt(a1, 'user-agent1', '김하준', 'kr-remove-me', { actions: { 'cg-time': 'answer:yes', 'kr-source': 'confirm', 'kr-mkt': 'opt_out' } }, t0);
    await attempt(a1, 'user-agent1', '김하준', 'kr-remove-me', {}, t0 + 3_600_000);
    await attempt(a1, 'user-agent1', '김하준', 'kr-willing', { locale: 'en' }, t0 + 7_200_000);
    await attempt(a2, 'user-agent2', '최지우', 'kr-no-time', {}, t0 + 60_000);

    const trainer = await s.login('trainer1');
    const progress = await s.request('GET', '/v1/practice/progress', { token: trainer });
    expect(progress.status).toBe(200);
    const p1 = progress.json.trainees.find((t: { traineeId: string }) => t.traineeId === 'user-agent1');
    expect(p1).toMatchObject({ displayName: '김하준', attempts: 3, passedAttempts: 2, scenariosPassed: ['kr-remove-me', 'kr-willing'] });
    expect(p1.series.map((x: { score: number }) => x.score)[0]).toBeLessThan(100);
    expect(p1.series.slice(1).map((x: { score: number }) => x.score)).toEqual([100, 100]);
    expect(p1.trend).toBeGreaterThan(0);
    expect(p1.weakest[0]).toEqual({ check: 'opt-out-honoured', failures: 1 });
    expect(progress.json.trainees.map((t: { traineeId: string }) => t.traineeId).sort()).toEqual(['user-agent1', 'user-agent2']);

    const list = await s.request('GET', '/v1/practice/attempts', { token: trainer, query: { trainee: 'user-agent1', limit: '2' } });
    expect(list.json.items.map((i: { scenarioId: string }) => i.scenarioId)).toEqual(['kr-willing', 'kr-remove-me']);
    const page2 = await s.request('GET', '/v1/practice/attempts', { token: trainer, query: { trainee: 'user-agent1', limit: '2', cursor: list.json.nextCursor } });
    expect(page2.json).toMatchObject({ items: [{ scenarioId: 'kr-remove-me', passed: false }], nextCursor: null });

    // Agents: their own only.
    const own = await s.request('GET', '/v1/practice/attempts', { token: a2 });
    expect(own.json.items.map((i: { traineeId: string }) => i.traineeId)).toEqual(['user-agent2']);
    expect((await s.request('GET', '/v1/practice/attempts', { token: a2, query: { trainee: 'user-agent1' } })).status).toBe(403);
    expect((await s.request('GET', '/v1/practice/progress', { token: a2 })).json.trainees.map((t: { traineeId: string }) => t.traineeId)).toEqual(['user-agent2']);
    expect((await s.request('GET', `/v1/practice/attempts/${list.json.items[0].id}`, { token: a2 })).status).toBe(404);
  });

  it('the OpenAPI document lists the practice routes', async () => {
    const doc = await s.request('GET', '/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/v1/practice/scenarios', '/v1/practice/scenarios/{id}', '/v1/practice/attempts', '/v1/practice/progress']));
    expect(doc.json.paths['/v1/practice/scenarios/{id}'].put.operationId).toBe('updatePracticeScenario');
  });
});
