import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import { SCENARIO_KINDS, scenarioJsonSchema } from '../../../shared/practice/scenario';
import { practiceGateNow, practiceSetup } from '../../../shared/practice/practice-call';
import { localTimeIn } from '../../../shared/domain/time-zone';
import { ScriptRun } from '../../../shared/script/script-run';
import { idFactory, PRACTICE_DIR, rawScenario, scenario, scenarioFiles, scenarioWithSchemaProblems, scenarioIssues, scenarioWithScriptProblems, scriptOf, T0 } from './fixtures';

describe('shipped scenarios (assets/practice)', () => {
  const files = scenarioFiles();

  it('at least eight, each valid against the schema and its script, ids matching file names', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const json = JSON.parse(readFileSync(`${PRACTICE_DIR}${f}`, 'utf8')) as { id: string };
      expect(scenarioIssues(json), f).toEqual([]);
      expect(`${json.id}.json`).toBe(f);
    }
  });

  it('cover every persona kind of the issue: willing, no time, refuses consent, asks source, remove me, angry, third party, US', () => {
    const kinds = new Set(files.map((f) => scenario(f.replace(/\.json$/, '')).kind));
    for (const k of SCENARIO_KINDS.filter((k) => k !== 'custom')) expect(kinds, k).toContain(k);
    const profiles = new Set(files.map((f) => scenario(f.replace(/\.json$/, '')).campaign.profile));
    expect([...profiles].sort()).toEqual(['KR', 'US']);
  });

  it('KR-3P: the third-party scenario is a provider lead whose provision consent names the calling company', () => {
    const s = scenario('kr-third-party');
    expect(s.lead.source.kind).toBe('third_party');
    expect(s.lead.consents.find((c) => c.kind === 'third_party_provision')?.recipients).toContain('caller');
  });

  it('KR-NIGHT / US-HOURS / KR-CONSENT: the same pre-dial gate allows every shipped scenario at its local time', () => {
    for (const f of files) {
      const s = scenario(f.replace(/\.json$/, ''));
      const setup = practiceSetup(s, { locale: 'ko', callId: 'c', agentId: 'a', agentName: '김하준', startedAt: new Date(T0) });
      const verdict = evaluateGate(setup.gateInput);
      expect(verdict, s.id).toMatchObject({ allowed: true });
      const local = localTimeIn(setup.gateInput.now, s.lead.timeZone);
      expect(`${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`).toBe(s.lead.localTime);
    }
  });

  it('every scenario text renders on the real ScriptRun in ko and en (practice: true, no SIP Call-ID)', () => {
    for (const f of files) {
      const s = scenario(f.replace(/\.json$/, ''));
      for (const locale of ['ko', 'en'] as const) {
        const setup = practiceSetup(s, { locale, callId: 'call-p', agentId: 'a', agentName: 'Minji', startedAt: new Date(T0) });
        const run = new ScriptRun({ script: scriptOf(s), call: setup.call, context: setup.context, now: () => new Date(T0), newId: idFactory() });
        const { event } = run.propose({ type: 'confirm' });
        expect(event.practice).toBe(true);
        expect(event.sipCallId).toBeUndefined();
        expect(event.leadId).toBe(`practice-lead-${s.id}`);
      }
    }
  });

  it('assets/practice/scenario.schema.json is generated from the zod schema', () => {
    const file = `${PRACTICE_DIR}scenario.schema.json`;
    const generated = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (process.env['UPDATE_SCENARIO_SCHEMA'] === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8'), 'out of date: run UPDATE_SCENARIO_SCHEMA=1 npx vitest run --project unit test/unit/practice').toBe(generated);
  });
});

describe('loadScenario: a bad scenario gets errors naming the JSON path', () => {
  it('schema errors: missing, unknown, malformed fields and keys', () => {
    const paths = scenarioIssues(scenarioWithSchemaProblems()).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['opening', 'colour', 'steps.cg-time.says.text.ko', 'steps.kr-mkt.expect[0]', 'lead.timeZone', 'steps.kr-mkt.after.shout!']),
    );
  });

  it('script checks: unknown step, action not possible at the step, unknown answer, wrong profile', () => {
    const issues = scenarioIssues(scenarioWithScriptProblems());
    expect(issues.map((i) => i.path).sort()).toEqual(['steps.close.expect[0]', 'steps.cg-time.after.answer:maybe', 'steps.kr-id.expect[0]', 'steps.kr-nothing'].sort());
    expect(issues.find((i) => i.path === 'steps.cg-time.after.answer:maybe')?.message).toMatch(/no answer "maybe"/);

    const us = rawScenario('kr-willing');
    us['campaign']['profile'] = 'US';
    expect(scenarioIssues(us)).toEqual([expect.objectContaining({ path: 'campaign.profile', code: 'profile_mismatch', message: expect.stringMatching(/for profile KR, not US/) })]);
    const missing = rawScenario('kr-willing');
    missing['campaign']['script'] = { id: 'kr-default', version: 9 };
    expect(scenarioIssues(missing)).toEqual([{ path: 'campaign.script', message: 'script kr-default@9 is not installed', code: 'script_not_installed', params: { script: 'kr-default', version: 9 } }]);
  });

  it('the expected path must be covered: a question without an answer line, a step without entry, a wrong expected outcome', () => {
    const noAnswer = rawScenario('kr-willing');
    delete noAnswer['steps']['kr-mkt']['says'];
    expect(scenarioIssues(noAnswer)).toEqual([expect.objectContaining({ path: 'steps.kr-mkt.says', code: 'says_required', message: expect.stringMatching(/must answer the question "kr-mkt"/) })]);
    const gap = rawScenario('kr-willing');
    delete gap['steps']['kr-source'];
    expect(scenarioIssues(gap).map((i) => i.path)).toEqual(['steps.kr-source']);
    const outcome = rawScenario('kr-no-time');
    outcome['expectOutcome'] = ['no_time'];
    expect(scenarioIssues(outcome)).toEqual([expect.objectContaining({ path: 'expectOutcome', code: 'outcome_not_expected', message: expect.stringMatching(/ends with "callback"/) })]);
  });

  it('a loaded scenario is frozen; the gate time is the scenario local time on the attempt day', () => {
    const s = scenario('kr-no-time');
    expect(Object.isFrozen(s.steps)).toBe(true);
    const at = practiceGateNow(s, new Date(T0));
    expect(localTimeIn(at, 'Asia/Seoul')).toMatchObject({ hour: 17, minute: 40, second: 0, day: 10 });
  });
});
