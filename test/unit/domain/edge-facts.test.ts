import { describe, expect, it } from 'vitest';
import { edgeMismatches } from '../../../shared/domain/edge-facts';

const t = (s: number) => new Date(Date.UTC(2026, 2, 10, 1, 30, s)).toISOString();

describe('edgeMismatches (the one rule of the edge_mismatch flag)', () => {
  it('no edge report: nothing to compare', () => {
    expect(edgeMismatches({ answeredAt: t(5), endedAt: t(50) }, null)).toEqual([]);
    expect(edgeMismatches({ answeredAt: t(5), endedAt: t(50) }, { startedAt: null, answeredAt: null, endedAt: null })).toEqual([]);
  });
  it('agreeing within the tolerance (inclusive) is no mismatch', () => {
    expect(edgeMismatches({ answeredAt: t(5), endedAt: t(50) }, { startedAt: t(0), answeredAt: t(10), endedAt: t(45) }, 5000)).toEqual([]);
  });
  it('one millisecond past the tolerance is', () => {
    const edge = { startedAt: t(0), answeredAt: t(10), endedAt: t(45) };
    expect(edgeMismatches({ answeredAt: new Date(Date.parse(t(10)) - 5001).toISOString(), endedAt: t(45) }, edge, 5000)).toEqual(['answer_time']);
    expect(edgeMismatches({ answeredAt: t(10), endedAt: new Date(Date.parse(t(45)) + 5001).toISOString() }, edge, 5000)).toEqual(['end_time']);
  });
  it('desk connected, edge saw the call end unanswered', () => {
    expect(edgeMismatches({ answeredAt: t(5), endedAt: t(50) }, { startedAt: t(0), answeredAt: null, endedAt: t(20) })).toEqual(['answer_unseen_by_edge', 'end_time']);
    // Not judged before the edge saw the end.
    expect(edgeMismatches({ answeredAt: t(5), endedAt: null }, { startedAt: t(0), answeredAt: null, endedAt: null })).toEqual([]);
  });
  it('edge saw an answer the desk never reported', () => {
    expect(edgeMismatches({ answeredAt: null, endedAt: t(30) }, { startedAt: t(0), answeredAt: t(4), endedAt: t(30) })).toEqual(['answer_unseen_by_desk']);
  });
});
