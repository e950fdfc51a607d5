import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import { US_NUMBER, details, dnc, grant, lead, usInput } from './fixtures';

const usLead = (businessRelationship: NonNullable<ReturnType<typeof lead>['businessRelationship']>) =>
  lead({ phoneE164: US_NUMBER, timeZone: 'America/New_York', name: 'Jane Roe', businessRelationship });

describe("US-IDNC: the company's do-not-call list; a request ends any EBR", () => {
  it('US-IDNC: a number on the company list is refused', () => {
    const v = evaluateGate(usInput({ internalDnc: dnc([US_NUMBER]) }));
    expect(details(v)).toEqual(['US-IDNC/internal-listed']);
    expect(v.reasons[0]?.message.ko).toContain('자체 수신거부 명단');
  });

  it('US-IDNC: a do-not-call request ends the EBR, so a registry listing applies again', () => {
    const v = evaluateGate(
      usInput({
        lead: usLead({ lastPurchaseAt: '2025-05-01T00:00:00Z' }),
        nationalDnc: dnc([US_NUMBER], '2025-06-01T00:00:00Z'),
        internalDnc: dnc([US_NUMBER]),
      }),
    );
    expect(details(v)).toEqual(['US-NDNC/listed', 'US-IDNC/internal-listed']);
  });

  it('US-IDNC: a recorded request (EBR endedAt) refuses even before the list has it', () => {
    const v = evaluateGate(usInput({ lead: usLead({ lastPurchaseAt: '2025-05-01T00:00:00Z', endedAt: '2025-06-01T00:00:00Z' }) }));
    expect(details(v)).toEqual(['US-IDNC/request-recorded']);
  });

  it('US-IDNC: an ended EBR with a registry listing gives both reasons', () => {
    const v = evaluateGate(
      usInput({
        lead: usLead({ lastPurchaseAt: '2025-05-01T00:00:00Z', endedAt: '2025-06-01T00:00:00Z' }),
        nationalDnc: dnc([US_NUMBER], '2025-06-01T00:00:00Z'),
      }),
    );
    expect(details(v)).toEqual(['US-NDNC/listed', 'US-IDNC/request-recorded']);
  });

  it('US-IDNC: a written consent does not override the company list', () => {
    expect(details(evaluateGate(usInput({ internalDnc: dnc([US_NUMBER]), grants: [grant('written_call')] })))).toEqual(['US-IDNC/internal-listed']);
  });
});
