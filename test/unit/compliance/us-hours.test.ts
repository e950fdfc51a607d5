import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import { DAY, details, dnc, grant, lead, usInput } from './fixtures';

// Each check moves `now`, with a registry snapshot taken the day before so only the window is judged.
const at = (iso: string, timeZone = 'America/New_York', phoneE164 = '+12125550123') =>
  evaluateGate(
    usInput({
      now: new Date(iso),
      lead: lead({ phoneE164, timeZone, name: 'Jane Roe' }),
      nationalDnc: dnc([], new Date(Date.parse(iso) - DAY).toISOString()),
    }),
  );

describe('US-HOURS: calls only 08:00-21:00 in the callee local time', () => {
  it('US-HOURS: 20:59:59 is allowed, 21:00:00 is refused (New York, EDT)', () => {
    expect(at('2025-06-11T00:59:59Z')).toMatchObject({ allowed: true, localTime: '2025-06-10T20:59:59' });
    const v = at('2025-06-11T01:00:00Z');
    expect(details(v)).toEqual(['US-HOURS/outside-window']);
    expect(v.localTime).toBe('2025-06-10T21:00:00');
  });

  it('US-HOURS: 07:59:59 is refused, 08:00:00 is allowed (New York, EDT)', () => {
    expect(details(at('2025-06-10T11:59:59Z'))).toEqual(['US-HOURS/outside-window']);
    expect(at('2025-06-10T12:00:00Z').allowed).toBe(true);
  });

  it('US-HOURS: New York on the March switch day (2025-03-09, EST -> EDT at 02:00) opens at 08:00 EDT = 12:00Z', () => {
    // The day before, 08:00 was 13:00Z (EST); on the switch day the same wall-clock hour is 12:00Z.
    expect(details(at('2025-03-08T12:59:59Z'))).toEqual(['US-HOURS/outside-window']);
    expect(at('2025-03-08T13:00:00Z').allowed).toBe(true);
    expect(details(at('2025-03-09T11:59:59Z'))).toEqual(['US-HOURS/outside-window']);
    expect(at('2025-03-09T12:00:00Z')).toMatchObject({ allowed: true, localTime: '2025-03-09T08:00:00' });
    // ...and closes at 21:00 EDT = 01:00Z the next day.
    expect(at('2025-03-10T00:59:59Z').allowed).toBe(true);
    expect(details(at('2025-03-10T01:00:00Z'))).toEqual(['US-HOURS/outside-window']);
  });

  it('US-HOURS: New York on the November switch day (2025-11-02, EDT -> EST at 02:00) opens at 08:00 EST = 13:00Z', () => {
    expect(at('2025-11-01T12:00:00Z').allowed).toBe(true); // 08:00 EDT the day before
    expect(details(at('2025-11-02T12:00:00Z'))).toEqual(['US-HOURS/outside-window']); // 07:00 EST
    expect(details(at('2025-11-02T12:59:59Z'))).toEqual(['US-HOURS/outside-window']);
    expect(at('2025-11-02T13:00:00Z')).toMatchObject({ allowed: true, localTime: '2025-11-02T08:00:00' });
    expect(at('2025-11-03T01:59:59Z').allowed).toBe(true); // 20:59:59 EST
    expect(details(at('2025-11-03T02:00:00Z'))).toEqual(['US-HOURS/outside-window']);
  });

  it('US-HOURS: 01:30 happens twice in New York on 2025-11-02 and is refused both times', () => {
    expect(at('2025-11-02T05:30:00Z').localTime).toBe('2025-11-02T01:30:00');
    expect(at('2025-11-02T06:30:00Z').localTime).toBe('2025-11-02T01:30:00');
    expect(at('2025-11-02T05:30:00Z').allowed).toBe(false);
    expect(at('2025-11-02T06:30:00Z').allowed).toBe(false);
  });

  it('US-HOURS: America/Phoenix keeps MST (UTC-7) all year: 08:00 is 15:00Z in January and in July', () => {
    for (const day of ['2025-01-15', '2025-03-09', '2025-07-01', '2025-11-02']) {
      expect(details(at(`${day}T14:59:59Z`, 'America/Phoenix', '+16025550123'))).toEqual(['US-HOURS/outside-window']);
      expect(at(`${day}T15:00:00Z`, 'America/Phoenix', '+16025550123')).toMatchObject({ allowed: true, localTime: `${day}T08:00:00` });
    }
  });

  it('US-HOURS: Pacific/Honolulu (UTC-10, no DST): 08:00 is 18:00Z and 21:00 is 07:00Z', () => {
    expect(details(at('2025-03-09T17:59:59Z', 'Pacific/Honolulu', '+18085550123'))).toEqual(['US-HOURS/outside-window']);
    expect(at('2025-03-09T18:00:00Z', 'Pacific/Honolulu', '+18085550123').allowed).toBe(true);
    expect(at('2025-03-10T06:59:59Z', 'Pacific/Honolulu', '+18085550123').allowed).toBe(true);
    expect(details(at('2025-03-10T07:00:00Z', 'Pacific/Honolulu', '+18085550123'))).toEqual(['US-HOURS/outside-window']);
  });

  it('US-HOURS: midday in New York is night in Honolulu; the callee zone decides', () => {
    expect(at('2025-06-10T14:00:00Z').allowed).toBe(true);
    expect(details(at('2025-06-10T14:00:00Z', 'Pacific/Honolulu', '+18085550123'))).toEqual(['US-HOURS/outside-window']);
  });

  it('US-HOURS: no consent lifts the US window (not even a written consent)', () => {
    const v = evaluateGate(usInput({ now: new Date('2025-06-11T02:00:00Z'), grants: [grant('written_call'), grant('night_call')] }));
    expect(details(v)).toEqual(['US-HOURS/outside-window']);
    expect(v.reasons[0]?.message.en).toBe("It is 22:00 at the person's location; calls are allowed only from 08:00 to 21:00 local time.");
    expect(v.reasons[0]?.message.ko).toContain('통화 가능 시간(08:00~21:00)');
  });
});

describe('US-HOURS: the time zone comes from the number, and a number that crosses zones gets the strictest window', () => {
  it('US-HOURS: a number that may be in Los Angeles is not called at 06:30 there, though it is 09:30 in New York (issue 14)', () => {
    // 13:30Z on 2025-06-10: 09:30 EDT in New York, 06:30 PDT in Los Angeles.
    const now = new Date('2025-06-10T13:30:00Z');
    const ny = lead({ phoneE164: '+12085550100', timeZone: 'America/New_York' });
    expect(evaluateGate(usInput({ lead: ny, now })).allowed).toBe(true);
    const crossing = lead({ phoneE164: '+12085550100', timeZone: 'America/New_York', candidateTimeZones: ['America/Los_Angeles'] });
    const v = evaluateGate(usInput({ lead: crossing, now }));
    expect(details(v)).toEqual(['US-HOURS/outside-window']);
    expect(v.reasons[0]?.message.en).toBe(
      "It is 06:30 at the person's location (in America/Los_Angeles, one of the zones the number may be in); calls are allowed only from 08:00 to 21:00 local time.",
    );
    // Once 08:00 has come in every candidate zone, the call is allowed.
    expect(evaluateGate(usInput({ lead: crossing, now: new Date('2025-06-10T15:00:00Z') })).allowed).toBe(true);
  });
});
