// Seeds review data through the API as agents do: imported leads, dial authorizations, calls, consent
// events (some delivered late), outcomes. Works over fastify inject (with a test clock) or real HTTP.
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { api } from '../../support/api-fixtures';
import { makeEvent, type TestServer } from '../../support/server-harness';

export interface ApiLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any field
  request(method: string, url: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; json: any }>;
  /** Moves the server clock (test servers); absent for a real process (then times must be in the past). */
  setTime?(iso: string): void;
}

/** The seed's API over a test server: fastify inject, the server's clock moved to each event's time. */
export const injectedApi = (s: TestServer): ApiLike => ({ request: (m, u, o) => s.request(m, u, o ?? {}), setTime: (iso) => s.clock.set(iso) });

/** The seed's API over a real API process at `baseUrl` (no clock to move: times must be in the past). */
export const httpApi = (baseUrl: string): ApiLike => ({ request: (method, url, o) => api(baseUrl, method, url, o?.token, o?.body) });

/** One event of a seeded call, `atSec` seconds after the dial. */
export interface EventSpec {
  readonly kind: ConsentEvent['kind'];
  readonly answer: string;
  readonly stepId: string;
  readonly ruleIds: string[];
  readonly atSec: number;
  readonly consentKind?: ConsentEvent['consentKind'];
  readonly text?: string;
}

export interface CallSpec {
  readonly token: string;
  readonly agentId: string;
  readonly leadId: string;
  /** When the dial happened (ISO). */
  readonly at: string;
  /** Seconds after the dial the call was answered; null: never answered. */
  readonly answeredAfterSec: number | null;
  readonly events: readonly EventSpec[];
  readonly outcome: string;
  /** Events from this index on are delivered `lateReceiveSec` after the dial (default: all on time, 60 s). */
  readonly lateFrom?: number;
  readonly lateReceiveSec?: number;
  /** The KR default script's version the events were read from (default 1; version 2 asks the recording consent, step kr-rec). */
  readonly scriptVersion?: number;
}

/** The steps of the KR default script as events (texts as an agent would read them). */
export const STEP = {
  id: (atSec: number): EventSpec => ({ kind: 'disclosure', answer: 'confirmed', stepId: 'kr-id', ruleIds: ['KR-ID'], atSec, text: '안녕하십니까, 누리콜센터 상담원 김하준입니다. 한빛생명 건강보험 상품 안내를 위해 전화드렸습니다.' }),
  time: (answer: 'yes' | 'no', atSec: number): EventSpec => ({ kind: 'answer', answer, stepId: 'cg-time', ruleIds: ['CG-TIME'], atSec, text: '지금 잠시 통화 가능하십니까?' }),
  source: (atSec: number): EventSpec => ({ kind: 'disclosure', answer: 'confirmed', stepId: 'kr-source', ruleIds: ['KR-SOURCE'], atSec, text: '고객님의 번호는 2026년 3월 한빛생명 온라인 가입 시 받은 것입니다.' }),
  consent: (answer: 'yes' | 'no', atSec: number): EventSpec => ({
    kind: 'answer', answer, stepId: 'kr-mkt', ruleIds: ['KR-MKT', 'KR-OPTOUT'], consentKind: 'marketing_call', atSec,
    text: '한빛생명 상품 안내 전화를 받으시는 데 동의하십니까? 동의하지 않으셔도 기존 서비스에는 영향이 없습니다.',
  }),
  pitch: (atSec: number): EventSpec => ({ kind: 'pitch', answer: 'delivered', stepId: 'pitch', ruleIds: ['CG-PITCH-LOCK'], atSec, text: '한빛생명 건강보험은 월 2만 9천 원으로 입원비를 보장합니다.' }),
  optOut: (atSec: number): EventSpec => ({ kind: 'opt_out', answer: 'opt_out', stepId: 'kr-mkt', ruleIds: ['KR-OPTOUT'], consentKind: 'marketing_call', atSec, text: '앞으로 연락드리지 않겠습니다. 수신 거부가 처리되었습니다.' }),
  refusal: (atSec: number): EventSpec => ({ kind: 'refusal', answer: 'refused', stepId: 'kr-source', ruleIds: [], atSec, text: '말씀 감사합니다. 좋은 하루 보내십시오.' }),
  /** KR-3P: the third-party provision consent, asked after the pitch before a sale (the demo campaign hands the data to the seller). */
  provision: (answer: 'yes' | 'no', atSec: number): EventSpec => ({
    kind: 'answer', answer, stepId: 'kr-3p', ruleIds: ['KR-3P'], consentKind: 'third_party_provision', atSec,
    text: '고객님의 정보를 한빛생명에 제공하는 데 동의하십니까? 거부할 권리가 있습니다.',
  }),
  /** The outcome step the KR script records it at: `end-no-time` after "no time", `end-no-consent` after a consent "no", else `close`. */
  outcome: (answer: string, atSec: number, stepId = answer === 'no_time' ? 'end-no-time' : answer === 'refused_consent' ? 'end-no-consent' : 'close'): EventSpec => ({
    kind: 'outcome', answer, stepId, ruleIds: ['KR-OPTOUT'], atSec, text: '통화 결과를 기록합니다.',
  }),
};

const iso = (ms: number): string => new Date(ms).toISOString();

async function ok(api: ApiLike, what: string, expect: number, method: string, url: string, opts: { token?: string; body?: unknown }) {
  const r = await api.request(method, url, opts);
  if (r.status !== expect) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Takes a lead the way the desk does (next-lead by id in its campaign): an agent dials only a lead held for them. */
async function takeLead(api: ApiLike, token: string, leadId: string): Promise<void> {
  const list = await ok(api, 'campaigns', 200, 'GET', '/v1/campaigns', { token });
  for (const c of list.campaigns as { id: string }[]) {
    if ((await api.request('POST', `/v1/campaigns/${c.id}/next-lead`, { token, body: { leadId } })).status === 200) return;
  }
  throw new Error(`next-lead did not hand ${leadId}`);
}

/** Places one call the way the desk does and returns its id. */
export async function placeCall(api: ApiLike, spec: CallSpec): Promise<string> {
  const t0 = Date.parse(spec.at);
  api.setTime?.(spec.at);
  await takeLead(api, spec.token, spec.leadId);
  const auth = await ok(api, `dial ${spec.leadId}`, 201, 'POST', `/v1/leads/${spec.leadId}/dial-authorizations`, { token: spec.token, body: {} });
  const call = await ok(api, 'open call', 201, 'POST', '/v1/calls', { token: spec.token, body: { attemptId: auth.attemptId, startedAt: spec.at } });
  const ref = { id: call.id as string, leadId: spec.leadId, campaignId: call.campaignId as string, agentId: spec.agentId };
  if (spec.answeredAfterSec !== null) {
    await ok(api, 'answer', 200, 'PATCH', `/v1/calls/${ref.id}`, { token: spec.token, body: { answeredAt: iso(t0 + spec.answeredAfterSec * 1000) } });
  }
  const events = spec.events.map((e, seq) =>
    makeEvent(ref, seq, {
      kind: e.kind,
      answer: e.answer,
      stepId: e.stepId,
      ruleIds: e.ruleIds,
      occurredAt: iso(t0 + e.atSec * 1000),
      ...(e.consentKind ? { consentKind: e.consentKind } : {}),
      ...(e.text ? { promptText: e.text } : {}),
      ...(spec.scriptVersion ? { scriptVersion: spec.scriptVersion } : {}),
    }),
  );
  const lateFrom = spec.lateFrom ?? events.length;
  if (lateFrom > 0) {
    api.setTime?.(iso(t0 + 60_000));
    await ok(api, 'events', 200, 'POST', '/v1/consent-events', { token: spec.token, body: { events: events.slice(0, lateFrom) } });
  }
  if (lateFrom < events.length) {
    api.setTime?.(iso(t0 + (spec.lateReceiveSec ?? 1000) * 1000));
    await ok(api, 'late events', 200, 'POST', '/v1/consent-events', { token: spec.token, body: { events: events.slice(lateFrom) } });
  }
  const end = { endedAt: iso(t0 + 90_000), outcome: spec.outcome, ...(spec.outcome === 'callback' ? { callbackAt: iso(t0 + 86_400_000) } : {}) };
  await ok(api, 'end', 200, 'PATCH', `/v1/calls/${ref.id}`, { token: spec.token, body: end });
  return ref.id;
}

/** Imports KR leads whose consents name the KR campaign's companies; returns their ids in order. */
export async function importKrLeads(
  api: ApiLike,
  adminToken: string,
  rows: readonly { name: string; phone: string; grantedAt: string; nightConsent?: boolean }[],
  campaignId = 'cmp-kr-insurance',
): Promise<string[]> {
  const res = await ok(api, 'import leads', 201, 'POST', '/v1/leads', {
    token: adminToken,
    body: {
      campaignId,
      rows: rows.map((r) => ({
        name: r.name,
        phone: r.phone,
        timeZone: 'Asia/Seoul',
        source: { kind: 'own_customer', description: '한빛생명 온라인 가입 고객 (2026년 1월)', sameKindOfGoods: false },
        // A night-call consent (KR-NIGHT) lets a test against the real clock call at any hour.
        grants: (['marketing_call', ...(r.nightConsent ? ['night_call'] : [])] as const).map((kind) => ({
          kind,
          recipients: ['co-hanbit-life', 'co-nuri-call'],
          purpose: '보험 상품 안내',
          items: ['이름', '휴대전화번호'],
          retention: '동의일로부터 2년',
          grantedAt: r.grantedAt,
          evidenceRef: `review-test-${kind}-${r.phone}`,
        })),
      })),
    },
  });
  return (res.report as { leadId?: string }[]).map((r) => r.leadId ?? '');
}
