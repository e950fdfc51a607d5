import { describe, expect, it } from 'vitest';
import { evaluateGate, UK_PROFILE, type GateInput } from '../../../shared/compliance';
import { DAY, SECOND, campaign, details, dnc, grant, lead, plus } from './fixtures';

const UK_NUMBER = '+442071234567';
const UK_NOW = new Date('2025-06-10T11:00:00Z'); // 12:00 in London (BST)

function ukInput(over: Partial<GateInput> = {}): GateInput {
  return {
    lead: lead({ phoneE164: UK_NUMBER, timeZone: 'Europe/London', name: 'Sam Smith' }),
    grants: [],
    campaign: campaign({ profile: 'UK', scriptId: 'uk-default' }),
    nationalDnc: dnc([], '2025-06-01T00:00:00Z'),
    internalDnc: dnc([]),
    attempts: [],
    now: UK_NOW,
    ...over,
  };
}

describe('UK-TPS: screen against the TPS/CTPS at most 28 days before the call', () => {
  it('UK-TPS: an unlisted number with a fresh snapshot is allowed; the UK profile covers GB numbers', () => {
    expect(evaluateGate(ukInput()).allowed).toBe(true);
    expect(UK_PROFILE.countries).toEqual(['GB']);
  });

  it('UK-TPS: a snapshot 28 days old is fresh, one second older stops the whole campaign', () => {
    const taken = plus(UK_NOW, -28 * DAY).toISOString();
    expect(evaluateGate(ukInput({ nationalDnc: dnc([], taken) })).allowed).toBe(true);
    const v = evaluateGate(ukInput({ nationalDnc: dnc([], taken), now: plus(UK_NOW, SECOND) }));
    expect(details(v)).toEqual(['UK-TPS/snapshot-stale']);
    expect(v.reasons[0]?.message.en).toContain('TPS/CTPS');
    expect(details(evaluateGate(ukInput({ nationalDnc: undefined })))).toEqual(['UK-TPS/snapshot-missing']);
  });

  it('UK-TPS: a listed number is refused', () => {
    expect(details(evaluateGate(ukInput({ nationalDnc: dnc([UK_NUMBER], '2025-06-01T00:00:00Z') })))).toEqual(['UK-TPS/listed']);
  });

  it('UK-TPS: unless the person told this caller they do not object (a consent naming this company, not another)', () => {
    const listed = dnc([UK_NUMBER], '2025-06-01T00:00:00Z');
    expect(evaluateGate(ukInput({ nationalDnc: listed, grants: [grant('marketing_call')] })).allowed).toBe(true);
    const other = grant('marketing_call', { recipients: ['co-other'] });
    expect(details(evaluateGate(ukInput({ nationalDnc: listed, grants: [other] })))).toEqual(['UK-TPS/listed']);
    const withdrawn = grant('marketing_call', { withdrawnAt: '2025-06-01T00:00:00Z' });
    expect(details(evaluateGate(ukInput({ nationalDnc: listed, grants: [withdrawn] })))).toEqual(['UK-TPS/listed']);
  });

  it('UK-TPS: the company\'s own list refuses even with a "no objection" consent', () => {
    const v = evaluateGate(ukInput({ internalDnc: dnc([UK_NUMBER]), grants: [grant('marketing_call')] }));
    expect(details(v)).toEqual(['UK-TPS/internal-listed']);
  });
});
