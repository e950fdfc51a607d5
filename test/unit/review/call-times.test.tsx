// The review timeline shows the SIP edge's times beside the desk's, and names a mismatch (issue 10).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { EdgeCallFacts } from '../../../shared/api/calls';
import type { ReviewCallRow } from '../../../shared/api/review-calls';
import { CallTimes, callTimesRows } from '../../../renderer/review/CallTimes';
import { createI18n } from '../../../renderer/i18n';

const call = {
  id: 'c1', attemptId: 'a1', leadId: 'l1', campaignId: 'k', agentId: 'u', teamId: 't', sipCallId: 's', callerId: null, state: 'ended',
  startedAt: '2026-03-10T01:30:00.000Z', answeredAt: '2026-03-10T01:30:04.000Z', endedAt: '2026-03-10T01:31:00.000Z', durationSec: 56,
  outcome: 'not_interested', callbackAt: null, eventCount: 0, flags: ['edge_mismatch'], deadAirMs: null, agentName: '김하준', leadName: 'x', maskedNumber: '010-****-0101', calleeTimeZone: 'Asia/Seoul',
} as ReviewCallRow;
const edge: EdgeCallFacts = { sipCallId: 's', startedAt: '2026-03-10T01:30:00.000Z', answeredAt: null, endedAt: '2026-03-10T01:30:20.000Z', sipCode: 487, reason: 'CANCEL', mismatches: ['answer_unseen_by_edge', 'end_time'] };

const render = (locale: 'ko' | 'en', e: EdgeCallFacts | null, c: ReviewCallRow = call): string =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(CallTimes, { call: c, edge: e, locale, zone: 'Asia/Seoul' })));

describe('call times: desk beside SIP edge', () => {
  it('pairs each moment', () => {
    expect(callTimesRows(call, edge)).toEqual([
      { moment: 'started', desk: call.startedAt, edge: edge.startedAt },
      { moment: 'answered', desk: call.answeredAt, edge: null },
      { moment: 'ended', desk: call.endedAt, edge: edge.endedAt },
    ]);
    expect(callTimesRows(call, null).every((r) => r.edge === null)).toBe(true);
  });

  it.each(['ko', 'en'] as const)('names the mismatch in %s, with the SIP code; no raw keys', (locale) => {
    const html = render(locale, edge);
    expect(html).toContain('data-testid="edge-mismatch"');
    expect(html).toContain('487');
    expect(html).toMatch(locale === 'ko' ? /엣지는 연결을 보지 못했습니다/ : /the edge saw no answer/);
    expect(html).not.toMatch(/review\.(timeline|flags)\./);
    const quiet = render(locale, { ...edge, answeredAt: call.answeredAt, endedAt: call.endedAt, sipCode: null, reason: null, mismatches: [] });
    expect(quiet).not.toContain('edge-mismatch');
    expect(render(locale, null)).toMatch(locale === 'ko' ? /SIP 엣지 기록이 없습니다/ : /No SIP edge reported/);
  });

  it.each(['ko', 'en'] as const)('shows dead air the desk reported (issue 13) in %s as the desk\'s claim; nothing when none or zero', (locale) => {
    const html = render(locale, null, { ...call, deadAirMs: 4_200, flags: ['dead_air'] });
    expect(html).toContain('data-testid="dead-air"');
    expect(html).toMatch(locale === 'ko' ? /상담 화면이 보고한 무음 구간: 4초 \(상담 화면의 자체 측정값/ : /Dead air reported by the desk: 4 s \(the desk(&#x27;|')s own measurement/);
    expect(html).not.toMatch(/review\.(timeline|flags)\./);
    expect(render(locale, null)).not.toContain('dead-air');
    expect(render(locale, null, { ...call, deadAirMs: 0 })).not.toContain('dead-air');
  });
});
