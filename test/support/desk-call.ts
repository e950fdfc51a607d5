// A desk store on a call: the real app store (renderer/state/store.ts) over a fake bridge whose
// consent:record answers only when the test says so (a save "in flight"), and a FakeSipPort as the
// phone. Data like the demo seed: the KR campaign with the shipped kr-default script.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CampaignListResponse, LeadCard } from '../../shared/api/campaigns';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { LocalizedText } from '../../shared/domain/locale';
import type { Monitoring } from '../../shared/api/live';
import type { DeskDeps } from '../../renderer/state/deps';
import { newId } from '../../shared/domain/ids';
import type { CallgateBridge } from '../../shared/ipc/channels';
import { EMPTY_OUTBOX_STATUS } from '../../shared/ipc/outbox';
import { loadScript } from '../../shared/script/load';
import type { DeskStore } from '../../renderer/state/store';
import { deskStoreFor, okResult } from './desk-store';
import { FakeSipPort } from './fake-sip-port';

const SCRIPT = loadScript(JSON.parse(readFileSync(fileURLToPath(new URL('../../assets/scripts/kr-default.json', import.meta.url)), 'utf8')));

/** A campaign of the demo agency for the demo seller, on the shipped kr-default script. */
const krCampaign = (id: string, name: LocalizedText): CampaignListResponse['campaigns'][number] => ({
  id,
  name,
  sellerCompanyId: 'co-seller',
  callingCompanyId: 'co-agency',
  product: { ko: '건강보험', en: 'health insurance' },
  purpose: { ko: '건강보험 상품 안내', en: 'introducing a health insurance plan' },
  scriptId: 'kr-default',
  scriptVersion: 1,
  profile: 'KR',
});

export const CAMPAIGNS: CampaignListResponse = {
  campaigns: [krCampaign('cmp-kr', { ko: '한빛생명 건강보험 안내', en: 'Hanbit Life health insurance' }), krCampaign('cmp-kr-2', { ko: '두 번째 캠페인', en: 'Second campaign' })],
  companies: [
    { id: 'co-seller', name: { ko: '한빛생명', en: 'Hanbit Life' }, contactNumber: '080-000-0100' },
    { id: 'co-agency', name: { ko: '누리콜센터', en: 'Nuri Call Center' }, contactNumber: '080-000-0200' },
  ],
};

export function leadCard(id: string, campaignId = 'cmp-kr'): LeadCard {
  return {
    lead: {
      id,
      campaignId,
      name: '김민준',
      maskedNumber: '010-****-0101',
      timeZone: 'Asia/Seoul',
      source: { kind: 'own_customer', description: '한빛생명 온라인 상담 신청', sameKindOfGoods: false },
    },
    grants: [],
    refusals: [],
    verdict: { allowed: true, reasons: [] },
    onInternalDnc: false,
  };
}

interface Held {
  readonly event: ConsentEvent;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** What the fake bridge was asked, by channel. */
export interface BridgeLog {
  readonly recorded: ConsentEvent[];
  readonly optOuts: unknown[];
  readonly updates: { callId: string; change: Record<string, unknown> }[];
  readonly nextLeads: unknown[];
  /** The leads leads:get was asked for (the card fetched again), in order. */
  readonly leadGets: string[];
  /** The calls live:monitoring was asked about, in order. */
  readonly monitoringAsks: string[];
  /** live:whisperLegOffer and live:whisperLegAnswer, in order (`offer <session>`, `answer <session> <sdp>`). */
  readonly whisperLeg: string[];
}

export interface DeskCall {
  readonly store: DeskStore;
  readonly phone: FakeSipPort;
  readonly log: BridgeLog;
  /** consent:record calls not answered yet, oldest first. */
  readonly held: Held[];
  /** Answers the oldest held consent:record (ok, or the disk failed). */
  settleSave(ok: boolean): Promise<void>;
  /** Lets microtasks run until the store is quiet. */
  flush(): Promise<void>;
  /** The phone's id of the call in progress. */
  phoneCallId(): string;
  /** What live:monitoring answers from now on (default: nobody monitors). */
  monitoring: Monitoring;
}

export async function deskOnCall(
  options: {
    autoSave?: boolean;
    schedule?: DeskDeps['schedule'];
    takeWhisper?: DeskDeps['takeWhisper'];
    /** What leads:get answers (default: the lead's card, still allowed). */
    leadGet?: (leadId: string) => Promise<unknown>;
    /** What campaigns:list answers (default: CAMPAIGNS). */
    campaignList?: () => Promise<unknown>;
  } = {},
): Promise<DeskCall> {
  const log: BridgeLog = { recorded: [], optOuts: [], updates: [], nextLeads: [], leadGets: [], monitoringAsks: [], whisperLeg: [] };
  let monitoring: Monitoring = { indicator: false, sessions: [], whisper: null };
  const held: Held[] = [];
  let leadNo = 0;
  const bridge = {
    session: { logout: () => okResult(null) },
    campaigns: { list: () => (options.campaignList ? options.campaignList() : okResult(CAMPAIGNS)) },
    leads: {
      next: (q: { campaignId: string }) => {
        log.nextLeads.push(q);
        return okResult({ next: leadCard(`lead-${++leadNo}`, q.campaignId), skipped: { count: 0, reasons: [] } });
      },
      get: ({ leadId }: { leadId: string }) => {
        log.leadGets.push(leadId);
        return options.leadGet ? options.leadGet(leadId) : okResult(leadCard(leadId));
      },
      optOut: (p: unknown) => {
        log.optOuts.push(p);
        return okResult({ leadId: 'x', added: true });
      },
    },
    dial: { authorize: ({ leadId }: { leadId: string }) => okResult({ attemptId: newId(), leadId, dialUri: 'sip:d-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@edge.callgate.test', label: '010-****-0101', expiresAt: new Date(Date.now() + 60_000).toISOString(), verdict: { allowed: true, reasons: [] } }) },
    calls: {
      create: (b: { callId: string }) => okResult({ id: b.callId }),
      update: (p: { callId: string; change: Record<string, unknown> }) => {
        log.updates.push(p);
        return okResult({ id: p.callId });
      },
    },
    live: {
      monitoring: ({ callId }: { callId: string }) => {
        log.monitoringAsks.push(callId);
        return okResult(monitoring);
      },
      whisperLegOffer: ({ sessionId }: { sessionId: string }) => {
        log.whisperLeg.push(`offer ${sessionId}`);
        return okResult({ session: { id: sessionId }, legs: [{ id: `${sessionId}-agent`, party: 'lead', sdp: `v=0 offer of ${sessionId}` }] });
      },
      whisperLegAnswer: ({ sessionId, sdp }: { sessionId: string; sdp: string }) => {
        log.whisperLeg.push(`answer ${sessionId} ${sdp}`);
        return okResult({ id: sessionId, state: 'agent_joined' });
      },
    },
    consent: {
      record: ({ events }: { events: ConsentEvent[] }) =>
        new Promise((resolve) => {
          const event = events[0]!;
          const done = (result: unknown) => resolve(result);
          const entry: Held = {
            event,
            resolve: () => {
              log.recorded.push(event);
              done({ ok: true, value: EMPTY_OUTBOX_STATUS });
            },
            reject: (err) => done({ ok: false, error: { code: 'internal', message: err.message } }),
          };
          if (options.autoSave) entry.resolve();
          else held.push(entry);
        }),
    },
  } as unknown as CallgateBridge;
  const phone = new FakeSipPort();
  await phone.register();
  const store = deskStoreFor(bridge, {
    phone: () => phone,
    scriptFor: (id, v) => {
      if (id !== SCRIPT.id || v !== SCRIPT.version) throw new Error(`no script ${id} v${v}`);
      return SCRIPT;
    },
    newId,
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.takeWhisper ? { takeWhisper: options.takeWhisper } : {}),
  });
  phone.onCallChange((c) => store.getState().onPhoneCall(c));
  store.setState({ session: { user: { id: 'user-agent1', username: 'agent1', displayName: '김하준', role: 'agent', teamId: 'team-a' }, tokenExpiresAt: '2030-01-01T00:00:00Z', persisted: true } });
  await store.getState().loadCampaigns();
  await store.getState().chooseCampaign('cmp-kr');
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return {
    store,
    phone,
    log,
    held,
    async settleSave(success) {
      const h = held.shift();
      if (!h) throw new Error('no save in flight');
      if (success) h.resolve();
      else h.reject(new Error('ENOSPC: no space left on device'));
      await flush();
    },
    flush,
    phoneCallId() {
      const id = phone.calls()[0]?.id;
      if (!id) throw new Error('no call on the phone');
      return id;
    },
    get monitoring() {
      return monitoring;
    },
    set monitoring(m: Monitoring) {
      monitoring = m;
    },
  };
}
