// Property tests of the ScriptRun invariants (DESIGN.md "ScriptRun", COMPLIANCE.md CG-PITCH-LOCK,
// KR-OPTOUT) over random agent-action sequences, on the default scripts and on random step graphs that
// never went through loadScript (so the engine alone must hold the pitch lock). The invariants checked
// at every step are in run-properties.ts (`drive`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { sha256Hex } from '../../../shared/domain/hash';
import { ScriptRun } from '../../../shared/script/script-run';
import { KR } from './fixtures';
import { defaultScript, drive, locales, move, newCoverage, pitchViolation, randomScript, RUNS } from './run-properties';

describe('ScriptRun invariants (property, 10,000 random action sequences each)', () => {
  it('CG-PITCH-LOCK, KR-OPTOUT, KR-ID, CG-TIME, KR-SOURCE, KR-MKT, KR-3P, US-DISC, US-RECNOTICE: default scripts hold every invariant', () => {
    const cov = newCoverage();
    fc.assert(
      fc.property(defaultScript, locales, fc.boolean(), fc.array(move, { minLength: 1, maxLength: 14 }), (script, locale, thirdParty, moves) => {
        drive(ScriptRun, script, locale, thirdParty, moves, cov, true);
      }),
      { numRuns: RUNS },
    );
    // The sequences really explored the scripts: pitches delivered, every ending reached, actions refused.
    expect(cov.pitches).toBeGreaterThan(RUNS / 20);
    expect(Object.keys(cov.finals).sort()).toEqual(['aborted', 'completed', 'opted_out', 'refused']);
    expect(cov.refused).toBeGreaterThan(RUNS);
    expect(cov.sales, 'KR-3P: sales with recipients were reached').toBeGreaterThan(0);
  });

  it('CG-PITCH-LOCK: on random step graphs that skip loadScript, the engine alone keeps the pitch locked', () => {
    const cov = newCoverage();
    fc.assert(
      fc.property(randomScript, locales, fc.array(move, { minLength: 1, maxLength: 14 }), (script, locale, moves) => {
        drive(ScriptRun, script, locale, true, moves, cov, false);
      }),
      { numRuns: RUNS },
    );
    // Locked pitches were reached and tried (so an engine ignoring `requires` or consent would fail),
    // and unlocked ones were delivered.
    console.info(`random graphs: ${cov.pitches} pitches delivered, ${cov.lockedPitchAttempts} locked pitches tried`);
    expect(cov.lockedPitchAttempts).toBeGreaterThan(RUNS / 50);
    expect(cov.pitches).toBeGreaterThan(RUNS / 50);
  });
});

describe('the oracle catches a pitch without consent (so an engine that ignored requires would turn the property red)', () => {
  it('CG-PITCH-LOCK: a trace pitching after consent "no" is a violation; after yes it is not', () => {
    const base = {
      callId: 'c',
      leadId: 'l',
      campaignId: 'k',
      agentId: 'a',
      scriptId: 'kr-default',
      scriptVersion: 1,
      ruleIds: [] as string[],
      promptText: 'x',
      promptSha256: sha256Hex('x'),
      locale: 'ko' as const,
      occurredAt: '2025-01-01T00:00:00Z',
      calleeTimeZone: 'Asia/Seoul',
      practice: false,
    };
    const ev = (seq: number, stepId: string, kind: ConsentEvent['kind'], answer: string): ConsentEvent => ({ ...base, eventId: `e${seq}`, seq, stepId, kind, answer });
    const time = ev(1, 'cg-time', 'answer', 'yes');
    const pitch = ev(4, 'pitch', 'pitch', 'delivered');
    expect(pitchViolation(KR, [time, ev(3, 'kr-mkt', 'answer', 'no')], pitch)).toMatch(/marketing_consent/);
    expect(pitchViolation(KR, [ev(3, 'kr-mkt', 'answer', 'yes')], pitch)).toMatch(/time_permission/);
    expect(pitchViolation(KR, [time, ev(3, 'kr-mkt', 'answer', 'yes')], pitch)).toBeUndefined();
  });
});
