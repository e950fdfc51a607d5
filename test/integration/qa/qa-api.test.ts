// QA scorecards through the API on SQLite and PostgreSQL: definitions and their versions (immutable
// once used, in the database too), auto-fill from evidence, server-computed scores, team scoping,
// agents reading their own scores, KPIs per agent and team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAssignedCampaigns } from '../../../server/store/campaign-agents';
import { campaignById, insertCampaign } from '../../../server/store/campaigns';
import { DEFAULT_SCORECARD_ID } from '../../../server/services/qa/default-scorecard';
import { addBusanTeam, loginAll, DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';
import { conversation, seedStoredRecording } from '../../support/recording-seed';
import { injectedApi, importKrLeads, placeCall, STEP, type EventSpec } from '../review/review-seed';

const AT = {
  c1: '2026-03-09T01:00:00.000Z',
  c2: '2026-03-09T02:00:00.000Z',
  c3: '2026-03-09T03:00:00.000Z',
  busan: '2026-03-09T04:00:00.000Z',
  now: '2026-03-10T02:00:00.000Z',
};
const KR_V2_CAMPAIGN = 'cmp-kr-insurance-v2';
const PERIOD = 'from=2026-03-09T00:00:00Z&to=2026-03-10T00:00:00Z';

/** A small scorecard a lead writes for their team. */
const TEAM_CARD = {
  title: { ko: '서울 1팀 평가표', en: 'Seoul team 1 scorecard' },
  passPercent: 75,
  sections: [
    {
      id: 'consent',
      title: { ko: '동의', en: 'Consent' },
      weight: 2,
      questions: [
        { kind: 'yes_no', id: 'pitch-lock', text: { ko: '동의 후 안내', en: 'Pitched after consent' }, autoFail: true, autoFill: { source: 'consent_before_pitch' } },
        { kind: 'yes_no', id: 'script', text: { ko: '필수 안내', en: 'Mandatory steps' }, allowNa: true, autoFill: { source: 'script_followed' } },
      ],
    },
    { id: 'talk', title: { ko: '대화', en: 'Talk' }, questions: [{ kind: 'scale', id: 'clarity', text: { ko: '명확성', en: 'Clarity' }, max: 4 }] },
  ],
};

describe.each(DB_KINDS)('QA scorecards API on %s', (kind) => {
  let s: TestServer;
  let tok: Record<'admin' | 'lead1' | 'lead2' | 'agent1' | 'agent2' | 'agent3', string>;
  const calls: Record<string, string> = {};
  let teamCardId = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    await s.ctx.store.db.tx(async (sql) => {
      // The KR campaign again, on the KR default script version 2 (recording consent, kr-rec).
      const kr = await campaignById(sql, 'cmp-kr-insurance');
      if (!kr) throw new Error('no KR demo campaign');
      await insertCampaign(sql, { ...kr, id: KR_V2_CAMPAIGN, scriptVersion: 2 }, s.clock().toISOString());
      for (const agent of ['user-agent1', 'user-agent2']) await setAssignedCampaigns(sql, agent, ['cmp-kr-insurance', 'cmp-us-solar', KR_V2_CAMPAIGN], 'user-admin', s.clock().toISOString());
    });
    await addBusanTeam(s);
    tok = await loginAll(s, ['admin', 'lead1', 'lead2', 'agent1', 'agent2', 'agent3']);
    const api = injectedApi(s);
    const leads = await importKrLeads(api, tok.admin, [
      { name: '김도윤', phone: '010-0000-9101', grantedAt: '2026-01-15T00:00:00.000Z' },
      { name: '이하린', phone: '010-0000-9102', grantedAt: '2026-01-15T00:00:00.000Z' },
      { name: '박지안', phone: '010-0000-9103', grantedAt: '2026-01-15T00:00:00.000Z' },
      { name: '최유준', phone: '010-0000-9104', grantedAt: '2026-01-15T00:00:00.000Z' },
    ]);
    const lead = (i: number): string => leads[i] ?? '';
    // c1: the whole KR script, consent 25 s after the answer, a sale.
    calls['c1'] = await placeCall(api, { token: tok.agent1, agentId: 'user-agent1', leadId: lead(0), at: AT.c1, answeredAfterSec: 5, outcome: 'sale',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 30), STEP.pitch(35), STEP.provision('yes', 40), STEP.outcome('sale', 50)] });
    // c2: the customer opts out after the time question (the number is listed at once).
    calls['c2'] = await placeCall(api, { token: tok.agent1, agentId: 'user-agent1', leadId: lead(1), at: AT.c2, answeredAfterSec: 5, outcome: 'opt_out',
      events: [STEP.id(6), STEP.time('yes', 10), STEP.optOut(15)] });
    calls['c3'] = await placeCall(api, { token: tok.agent2, agentId: 'user-agent2', leadId: lead(2), at: AT.c3, answeredAfterSec: 4, outcome: 'no_time',
      events: [STEP.id(5), STEP.time('no', 8), STEP.outcome('no_time', 12)] });
    calls['busan'] = await placeCall(api, { token: tok.agent3, agentId: 'user-agent3', leadId: lead(3), at: AT.busan, answeredAfterSec: 4, outcome: 'no_time',
      events: [STEP.id(5), STEP.time('no', 8), STEP.outcome('no_time', 12)] });
    s.clock.set(AT.now);
  });

  afterAll(async () => {
    await s?.close();
  });

  const get = (url: string, token: string) => s.request('GET', url, { token });
  const post = (url: string, token: string, body: unknown) => s.request('POST', url, { token, body });
  const put = (url: string, token: string, body: unknown) => s.request('PUT', url, { token, body });

  it('leads see the shipped scorecard and their team\'s own; another team\'s is 404; agents 403', async () => {
    const created = await post('/v1/qa/scorecards', tok.lead1, { definition: TEAM_CARD });
    expect(created.status).toBe(201);
    teamCardId = created.json.id;
    expect(created.json.current).toMatchObject({ version: 1, lockedAt: null, createdBy: 'user-lead1' });
    expect(created.json.current.definition.sections[0].questions[1]).toMatchObject({ weight: 1, autoFail: false, allowNa: true });

    const mine = await get('/v1/qa/scorecards', tok.lead1);
    expect(mine.json.items.map((i: { id: string }) => i.id).sort()).toEqual([DEFAULT_SCORECARD_ID, teamCardId].sort());
    const theirs = await get('/v1/qa/scorecards', tok.lead2);
    expect(theirs.json.items.map((i: { id: string }) => i.id)).toEqual([DEFAULT_SCORECARD_ID]);
    expect((await get(`/v1/qa/scorecards/${teamCardId}`, tok.lead2)).status).toBe(404);
    expect((await get(`/v1/qa/scorecards/${teamCardId}`, tok.admin)).status).toBe(200);
    const agent = await get('/v1/qa/scorecards', tok.agent1);
    expect(agent.status).toBe(403);
    expect(agent.headers['content-type']).toContain('application/problem+json');
    // The shipped scorecard is the admins' to edit; leads use it.
    const edit = await put(`/v1/qa/scorecards/${DEFAULT_SCORECARD_ID}`, tok.lead1, { definition: TEAM_CARD, baseVersion: 1 });
    expect(edit.status).toBe(403);
  });

  it('a definition that breaks its own rules is a 400 naming each field; nothing is stored', async () => {
    const before = (await get('/v1/qa/scorecards', tok.lead1)).json.items.length;
    const bad = { ...TEAM_CARD, sections: [{ ...TEAM_CARD.sections[1], id: 'BAD ID', weight: -1 }] };
    const r = await post('/v1/qa/scorecards', tok.lead1, { definition: bad, extra: true });
    expect(r.status).toBe(400);
    const pointers = r.json.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/definition/sections/0/id', '/definition/sections/0/weight']));
    expect((await get('/v1/qa/scorecards', tok.lead1)).json.items.length).toBe(before);
  });

  it('a draft version is edited in place; a stale edit is 409', async () => {
    const card = await get(`/v1/qa/scorecards/${teamCardId}`, tok.lead1);
    const edited = { ...TEAM_CARD, passPercent: 70 };
    const r = await put(`/v1/qa/scorecards/${teamCardId}`, tok.lead1, { definition: edited, baseVersion: card.json.current.version });
    expect(r.status).toBe(200);
    expect(r.json.current).toMatchObject({ version: 1, lockedAt: null });
    expect(r.json.current.definition.passPercent).toBe(70);
    expect(r.json.versions).toHaveLength(1);
    const stale = await put(`/v1/qa/scorecards/${teamCardId}`, tok.lead1, { definition: edited, baseVersion: 2 });
    expect(stale.status).toBe(409);
    expect(stale.json.errors[0].pointer).toBe('/baseVersion');
  });

  it('auto-fill reads the call\'s evidence (CG-PITCH-LOCK, script, KR-OPTOUT honoured and listed)', async () => {
    const full = await get(`/v1/qa/calls/${calls['c1']}/autofill?scorecardId=${DEFAULT_SCORECARD_ID}`, tok.lead1);
    expect(full.status).toBe(200);
    const byQ = (r: { json: { proposals: { questionId: string }[] } }) => Object.fromEntries(r.json.proposals.map((p) => [p.questionId, p]));
    expect(byQ(full)).toEqual({
      'consent-before-pitch': { questionId: 'consent-before-pitch', value: 'yes', reason: 'pitch-after-consent', eventSeqs: [4] },
      'script-followed': { questionId: 'script-followed', value: 'yes', reason: 'followed', eventSeqs: [] },
      'opt-out-honoured': { questionId: 'opt-out-honoured', value: 'na', reason: 'no-opt-out', eventSeqs: [] },
      'recording-consent': { questionId: 'recording-consent', value: 'na', reason: 'not-recorded', eventSeqs: [] },
      // Answered 5 s after the dial, consent at 30 s: 25 s.
      'time-to-consent': { questionId: 'time-to-consent', value: 'yes', reason: 'consent-in-time', eventSeqs: [3], params: { seconds: 25, withinSec: 90 } },
    });
    const optOut = await get(`/v1/qa/calls/${calls['c2']}/autofill?scorecardId=${DEFAULT_SCORECARD_ID}`, tok.lead1);
    expect(byQ(optOut)['opt-out-honoured']).toMatchObject({ value: 'yes', reason: 'honoured', eventSeqs: [2] });
    expect(byQ(optOut)['script-followed']).toMatchObject({ value: 'yes' });
    // Another team's call looks like no call at all.
    expect((await get(`/v1/qa/calls/${calls['busan']}/autofill?scorecardId=${DEFAULT_SCORECARD_ID}`, tok.lead1)).status).toBe(404);
    expect((await get(`/v1/qa/calls/${calls['c1']}/autofill?scorecardId=${teamCardId}`, tok.lead2)).status).toBe(404);
  });

  let evaluationC1 = '';

  it('scoring: the server computes the score, keeps the evidence beside the answer, and locks the version', async () => {
    const r = await post('/v1/qa/evaluations', tok.lead1, {
      callId: calls['c1'],
      scorecardId: teamCardId,
      scorecardVersion: 1,
      answers: [
        { questionId: 'pitch-lock', value: 'yes' },
        { questionId: 'script', value: 'no', comment: '출처 안내가 너무 빨랐습니다' },
        { questionId: 'clarity', value: 3 },
      ],
      comment: '전반적으로 좋습니다. 출처 안내를 천천히 해 주세요.',
    });
    expect(r.status).toBe(201);
    evaluationC1 = r.json.id;
    // consent: (1*1 + 1*0) / 2 = 0.5 (weight 2); talk: 3/4 (weight 1) -> (1 + 0.75) / 3 = 58.33 %, below 70.
    expect(r.json).toMatchObject({ callId: calls['c1'], agentId: 'user-agent1', agentName: '김하준', teamId: 'team-seoul-1', evaluatorName: '박서연', percent: 58.33, passed: false, autoFailed: false });
    expect(r.json.sections).toEqual([{ sectionId: 'consent', percent: 50 }, { sectionId: 'talk', percent: 75 }]);
    const script = r.json.answers.find((a: { questionId: string }) => a.questionId === 'script');
    expect(script).toEqual({ questionId: 'script', value: 'no', comment: '출처 안내가 너무 빨랐습니다', auto: { value: 'yes', reason: 'followed', eventSeqs: [] }, overridden: true });
    expect(r.json.answers.find((a: { questionId: string }) => a.questionId === 'clarity')).toMatchObject({ auto: null, overridden: false });
    const card = await get(`/v1/qa/scorecards/${teamCardId}`, tok.lead1);
    expect(card.json.current.lockedAt).toBe(AT.now);
  });

  it('a used version is immutable: an edit makes version 2, version 1 stays, and the database refuses to change it', async () => {
    const edited = { ...TEAM_CARD, passPercent: 50, title: { ko: '서울 1팀 평가표 (개정)', en: 'Seoul team 1 scorecard (rev.)' } };
    const r = await put(`/v1/qa/scorecards/${teamCardId}`, tok.lead1, { definition: edited, baseVersion: 1 });
    expect(r.status).toBe(200);
    expect(r.json.current).toMatchObject({ version: 2, lockedAt: null });
    expect(r.json.versions.map((v: { version: number; lockedAt: string | null }) => [v.version, v.lockedAt])).toEqual([[1, AT.now], [2, null]]);
    const v1 = await get(`/v1/qa/scorecards/${teamCardId}/versions/1`, tok.lead1);
    expect(v1.json.definition.passPercent).toBe(70);
    const evaluation = await get(`/v1/qa/evaluations/${evaluationC1}`, tok.lead1);
    expect(evaluation.json).toMatchObject({ scorecardVersion: 1, passed: false });
    expect(evaluation.json.scorecard.passPercent).toBe(70);
    // Even someone with database access cannot quietly rewrite a used version.
    await expect(s.ctx.store.db.run("UPDATE qa_scorecard_versions SET body = '{}' WHERE scorecard_id = ? AND version = 1", [teamCardId])).rejects.toThrow(/locked/);
    await expect(s.ctx.store.db.run('DELETE FROM qa_scorecard_versions WHERE scorecard_id = ? AND version = 1', [teamCardId])).rejects.toThrow(/locked/);
    // The unused version 2 is still a draft.
    expect((await s.ctx.store.db.run('UPDATE qa_scorecard_versions SET created_at = created_at WHERE scorecard_id = ? AND version = 2', [teamCardId])).changes).toBe(1);
  });

  it('CG-PITCH-LOCK auto-fail: "no" on an auto-fail item scores 0 and fails, even when the rest is perfect', async () => {
    const answers = [
      { questionId: 'consent-before-pitch', value: 'no', comment: '녹취에서 동의 전에 상품 설명이 들립니다' },
      { questionId: 'script-followed', value: 'yes' },
      { questionId: 'opt-out-honoured', value: 'yes' },
      { questionId: 'recording-consent', value: 'na' },
      { questionId: 'time-to-consent', value: 'yes' },
      { questionId: 'clarity', value: 5 },
      { questionId: 'listening', value: 5 },
    ];
    const r = await post('/v1/qa/evaluations', tok.lead1, { callId: calls['c2'], scorecardId: DEFAULT_SCORECARD_ID, scorecardVersion: 1, answers });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ percent: 0, passed: false, autoFailed: true, failedItems: ['consent-before-pitch'] });
    expect(r.json.answers.find((a: { questionId: string }) => a.questionId === 'consent-before-pitch')).toMatchObject({ auto: { value: 'yes', reason: 'no-pitch' }, overridden: true });
    const perfect = await post('/v1/qa/evaluations', tok.lead1, {
      callId: calls['c3'],
      scorecardId: DEFAULT_SCORECARD_ID,
      scorecardVersion: 1,
      answers: answers.map((a) => (a.questionId === 'consent-before-pitch' ? { questionId: a.questionId, value: 'yes' } : a.questionId === 'opt-out-honoured' || a.questionId === 'time-to-consent' ? { ...a, value: 'na' } : a)),
      comment: '',
    });
    expect(perfect.status).toBe(201);
    expect(perfect.json).toMatchObject({ percent: 100, passed: true, autoFailed: false, failedItems: [] });
  });

  it('bad answers are a 400 naming the answer; unknown or foreign calls and versions are 422; nothing is stored', async () => {
    const count = async () => (await get(`/v1/qa/evaluations?limit=500`, tok.admin)).json.items.length;
    const before = await count();
    const base = { callId: calls['c1'], scorecardId: teamCardId, scorecardVersion: 2 };
    const missing = await post('/v1/qa/evaluations', tok.lead1, { ...base, answers: [{ questionId: 'pitch-lock', value: 'yes' }, { questionId: 'clarity', value: 9 }] });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message])).toEqual([
      ['/answers', 'script: not answered'],
      ['/answers/1/value', 'clarity: expected an integer from 0 to 4'],
    ]);
    const twice = await post('/v1/qa/evaluations', tok.lead1, { ...base, answers: [{ questionId: 'clarity', value: 1 }, { questionId: 'clarity', value: 2 }] });
    expect(twice.status).toBe(400);
    expect(twice.json.errors[0].pointer).toBe('/answers/1/questionId');
    const full = [{ questionId: 'pitch-lock', value: 'yes' }, { questionId: 'script', value: 'yes' }, { questionId: 'clarity', value: 4 }];
    expect((await post('/v1/qa/evaluations', tok.lead1, { ...base, callId: 'no-such-call', answers: full })).status).toBe(422);
    expect((await post('/v1/qa/evaluations', tok.lead1, { ...base, callId: calls['busan'], answers: full })).status).toBe(422);
    expect((await post('/v1/qa/evaluations', tok.lead1, { ...base, scorecardVersion: 9, answers: full })).status).toBe(422);
    expect((await post('/v1/qa/evaluations', tok.lead2, { ...base, callId: calls['busan'], answers: full })).status).toBe(422);
    expect((await post('/v1/qa/evaluations', tok.agent1, { ...base, answers: full })).status).toBe(403);
    expect((await post('/v1/qa/evaluations', tok.lead1, { ...base, answers: full, percent: 100 })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('agents read their own scores and comments, with the scorecard version; never another agent\'s', async () => {
    const mine = await get('/v1/qa/evaluations', tok.agent1);
    expect(mine.status).toBe(200);
    expect(mine.json.items.map((i: { callId: string }) => i.callId).sort()).toEqual([calls['c1'], calls['c2']].sort());
    expect(mine.json.items.every((i: { agentId: string }) => i.agentId === 'user-agent1')).toBe(true);
    const detail = await get(`/v1/qa/evaluations/${evaluationC1}`, tok.agent1);
    expect(detail.status).toBe(200);
    expect(detail.json.comment).toBe('전반적으로 좋습니다. 출처 안내를 천천히 해 주세요.');
    expect(detail.json.scorecard.sections[0].questions[1].text.ko).toBe('필수 안내');
    expect((await get(`/v1/qa/evaluations/${evaluationC1}`, tok.agent2)).status).toBe(404);
    expect((await get('/v1/qa/evaluations?agent=user-agent2', tok.agent1)).status).toBe(403);
    expect((await get('/v1/qa/evaluations', tok.agent2)).json.items.map((i: { callId: string }) => i.callId)).toEqual([calls['c3']]);
    expect((await get(`/v1/qa/evaluations/${evaluationC1}`, tok.lead2)).status).toBe(404);
    expect((await get('/v1/qa/evaluations', tok.lead2)).json.items).toEqual([]);
  });

  it('evaluations page newest first without gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`/v1/qa/evaluations?limit=1${cursor ? `&cursor=${cursor}` : ''}`, tok.lead1);
      expect(r.status).toBe(200);
      seen.push(...r.json.items.map((i: { id: string }) => i.id));
      cursor = r.json.nextCursor;
    } while (cursor);
    const all = (await get('/v1/qa/evaluations?limit=500', tok.lead1)).json.items.map((i: { id: string }) => i.id);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(3);
    expect((await get('/v1/qa/evaluations?cursor=not-a-cursor', tok.lead1)).status).toBe(400);
  });

  it('KPIs per agent and team over the period: mean score, pass rate, auto-fails and the items that failed', async () => {
    const r = await get(`/v1/qa/kpis?${PERIOD}`, tok.lead1);
    expect(r.status).toBe(200);
    expect(r.json.totals).toEqual({ evaluations: 3, avgPercent: Math.round((5833 + 0 + 10000) / 3) / 100, passed: 1, passRate: 1 / 3, autoFailed: 1 });
    const byAgent = Object.fromEntries(r.json.byAgent.map((a: { agentId: string }) => [a.agentId, a]));
    expect(byAgent['user-agent1']).toEqual({ agentId: 'user-agent1', agentName: '김하준', teamId: 'team-seoul-1', evaluations: 2, avgPercent: 29.17, passed: 0, passRate: 0, autoFailed: 1 });
    expect(byAgent['user-agent2']).toMatchObject({ evaluations: 1, avgPercent: 100, passed: 1, passRate: 1, autoFailed: 0 });
    expect(r.json.byTeam).toEqual([{ teamId: 'team-seoul-1', teamName: '서울 1팀 (Seoul team 1)', ...r.json.totals }]);
    expect(r.json.autoFailItems).toEqual([{ questionId: 'consent-before-pitch', count: 1 }]);
    expect((await get(`/v1/qa/kpis?${PERIOD}&team=team-busan`, tok.lead1)).status).toBe(403);
    const busan = await get(`/v1/qa/kpis?${PERIOD}`, tok.lead2);
    expect(busan.json.totals).toEqual({ evaluations: 0, avgPercent: null, passed: 0, passRate: null, autoFailed: 0 });
    expect((await get(`/v1/qa/kpis?${PERIOD}`, tok.admin)).json.totals.evaluations).toBe(3);
    expect((await get('/v1/qa/kpis', tok.agent1)).status).toBe(403);
  });

  it('KR-REC auto-fill reads the call\'s recording: recorded after the recording consent is "yes", recorded without one is "no"', async () => {
    const recordingQ = async (callId: string) =>
      (await get(`/v1/qa/calls/${callId}/autofill?scorecardId=${DEFAULT_SCORECARD_ID}`, tok.lead1)).json.proposals.find((p: { questionId: string }) => p.questionId === 'recording-consent');
    const seed = (callId: string, startedAtMs: number) =>
      seedStoredRecording({ db: s.ctx.store.db, dataDir: s.config.dataDir, callId, startedAtMs, audio: conversation(3), now: s.clock() });
    // c3 has no recording consent: a recording of it is a recording without consent.
    expect(await recordingQ(calls['c3'] ?? '')).toMatchObject({ value: 'na', reason: 'not-recorded' });
    await seed(calls['c3'] ?? '', Date.parse(AT.c3) + 9000);
    expect(await recordingQ(calls['c3'] ?? '')).toMatchObject({ value: 'no', reason: 'recorded-without-consent' });
    // A call of the KR campaign on script version 2 (it asks the recording consent) whose customer said
    // "yes" to recording 20 s in; recorded from 21 s on.
    const api = injectedApi(s);
    const [leadId] = await importKrLeads(api, tok.admin, [{ name: '한지우', phone: '010-0000-9105', grantedAt: '2026-01-15T00:00:00.000Z' }], KR_V2_CAMPAIGN);
    const at = '2026-03-09T05:00:00.000Z';
    const recYes: EventSpec = { kind: 'answer', answer: 'yes', stepId: 'kr-rec', ruleIds: ['KR-REC'], consentKind: 'recording', atSec: 20, text: '통화 내용을 녹음해도 되겠습니까?' };
    const callId = await placeCall(api, { token: tok.agent1, agentId: 'user-agent1', leadId: leadId ?? '', at, answeredAfterSec: 5, outcome: 'not_interested', scriptVersion: 2,
      events: [STEP.id(6), STEP.time('yes', 10), STEP.source(15), STEP.consent('yes', 18), recYes, STEP.outcome('not_interested', 40)] });
    await seed(callId, Date.parse(at) + 21_000);
    expect(await recordingQ(callId)).toMatchObject({ value: 'yes', reason: 'recorded-after-consent', eventSeqs: [4] });
  });
});
