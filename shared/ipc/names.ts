/**
 * The names of the IPC channels and events, without their schemas: the sandboxed preload needs only
 * these, and stays small. channels.ts checks at compile time that these lists and its maps agree.
 */
export const IPC_CHANNEL_NAMES = [
  'connection:get',
  'settings:get',
  'settings:update',
  'session:login',
  'session:current',
  'session:logout',
  'sip:credentials',
  'campaigns:list',
  'leads:next',
  'leads:get',
  'leads:optOut',
  'dial:authorize',
  'calls:create',
  'calls:update',
  'calls:list',
  'calls:get',
  'consent:record',
  'outbox:status',
  'outbox:list',
  'review:directory',
  'review:kpis',
  'review:compliance',
  'review:calls',
  'review:timeline',
  'review:exportCalls',
  'review:exportEvidence',
  'review:cancelExport',
  'review:accessLog',
  'review:accessReview',
  'recordings:ofCall',
  'recordings:play',
  'recordings:export',
  'live:calls',
  'live:listen',
  'live:answer',
  'live:end',
  'live:whisper',
  'live:monitoring',
  'live:whisperLegOffer',
  'live:whisperLegAnswer',
  'qa:scorecards',
  'qa:scorecard',
  'qa:autofill',
  'qa:evaluate',
  'qa:evaluations',
  'qa:evaluation',
  'qa:kpis',
  'practice:scenarios',
  'practice:scenario',
  'practice:createScenario',
  'practice:updateScenario',
  'practice:submitAttempt',
  'practice:attempts',
  'practice:attempt',
  'practice:progress',
  'practice:line',
  'practice:voiceCall',
  'practice:audio',
  'practice:voiceCallState',
  'practice:live',
  'practice:listen',
  'practice:listenAnswer',
  'practice:listenEnd',
  'app:openExternal',
] as const;

export const IPC_EVENT_NAMES = ['outbox:changed', 'session:expired', 'review:exportProgress'] as const;

/** Splits `area:verb`. */
export function splitChannel(name: string): { area: string; verb: string } {
  const i = name.indexOf(':');
  return { area: name.slice(0, i), verb: name.slice(i + 1) };
}

/** `changed` -> `onChanged`. */
export function eventMethodName(verb: string): string {
  return `on${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
}
