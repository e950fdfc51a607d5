import { describe, expect, it } from 'vitest';
import { CALL_STATES, CALL_TRANSITIONS, assertCallTransition, canTransitionCall, isConnected } from '../../../shared/phone/call-state';
import {
  IllegalTransitionError,
  REGISTRATION_STATES,
  REGISTRATION_TRANSITIONS,
  assertRegistrationTransition,
  registrationErrorFor,
} from '../../../shared/phone/registration-state';

/** States reachable from `start` by following `table`. */
function reachable<S extends string>(table: Readonly<Record<S, readonly S[]>>, start: S): Set<S> {
  const seen = new Set<S>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of table[queue.shift() as S]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('registration state machine', () => {
  it('PHONE-REG: every state is reachable from unregistered and can get back to unregistered', () => {
    expect([...reachable(REGISTRATION_TRANSITIONS, 'unregistered')].sort()).toEqual([...REGISTRATION_STATES].sort());
    for (const state of REGISTRATION_STATES) expect(reachable(REGISTRATION_TRANSITIONS, state).has('unregistered')).toBe(true);
  });

  it('PHONE-REG: failed is left only by the agent (register again) or by disposal, never by a retry loop', () => {
    expect(REGISTRATION_TRANSITIONS.failed).toEqual(['registering', 'unregistered']);
    expect(REGISTRATION_TRANSITIONS.failed).not.toContain('reconnecting');
    expect(() => assertRegistrationTransition('failed', 'reconnecting')).toThrow(IllegalTransitionError);
    expect(() => assertRegistrationTransition('offline', 'registered')).toThrow(/offline.*registered/);
  });

  it('PHONE-REG-AUTH: 401/403/407 are auth failures (stop), 408/480/5xx and no answer are retried, other 4xx stop', () => {
    expect([401, 403, 407].map((s) => registrationErrorFor(s).kind)).toEqual(['auth_failed', 'auth_failed', 'auth_failed']);
    expect([408, 480, 500, 503, 504].map((s) => registrationErrorFor(s).kind)).toEqual(Array(5).fill('unreachable'));
    expect(registrationErrorFor(null)).toEqual({ kind: 'unreachable', sipStatus: null });
    expect([404, 423, 603].map((s) => registrationErrorFor(s).kind)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe('call state machine', () => {
  it('PHONE-CALL: ended is terminal and reachable from every other state', () => {
    expect(CALL_TRANSITIONS.ended).toEqual([]);
    expect(canTransitionCall('ended', 'active')).toBe(false);
    for (const state of CALL_STATES) if (state !== 'ended') expect(CALL_TRANSITIONS[state]).toContain('ended');
  });

  it('PHONE-HOLD: held is entered only from holding or resuming (after the far end answered), never straight from active', () => {
    const into = CALL_STATES.filter((s) => CALL_TRANSITIONS[s].includes('held'));
    expect(into.sort()).toEqual(['holding', 'resuming']);
    expect(() => assertCallTransition('active', 'held')).toThrow(IllegalTransitionError);
    // A refused hold returns to active; a refused resume stays held.
    expect(canTransitionCall('holding', 'active')).toBe(true);
    expect(canTransitionCall('resuming', 'held')).toBe(true);
  });

  it('PHONE-CALL: only answered states count as connected', () => {
    expect(CALL_STATES.filter(isConnected)).toEqual(['active', 'holding', 'held', 'resuming']);
  });
});
