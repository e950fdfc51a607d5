import type { StateCreator } from 'zustand';
import type { CallOutcome } from '../../shared/domain/consent-event';
import type { CallSnapshot } from '../../shared/phone/sip-port';
import { renderContextFor, ScriptRun, spokenLocaleFor, type ScriptAction } from '../../shared/script';
import { BridgeError, unwrap } from '../bridge';
import { CallController, leadStaleAfter, type CallControllerPorts, type CallView } from './call-controller';
import type { DeskDeps } from './deps';
import { takeWhisper } from '../live/live-media';
import { rtcIceServers } from '../phone/prewarm';
import { MonitoringWatch, type MonitoringView } from './monitoring-watch';
import { WhisperLeg, type WhisperLegView } from './whisper-leg';
import type { DeskState } from './store';

/**
 * The call, as the store shows it: the view of the pure CallController (renderer/state/call-controller.ts,
 * which owns the transition table), and the agent's commands forwarded to it. The slice only builds the
 * controller's ports from the bridge and the store (lead, campaign, agent for the script run).
 */
export interface CallSlice {
  call: CallView;
  /** Whether a team lead listens or whispers on this call (shown where the profile requires it). */
  monitoring: MonitoringView;
  /** The lead's whisper as this desk takes it (an extra leg beside the call's audio; `playing`: the agent hears the lead). */
  whisperLeg: WhisperLegView;
  dial(): Promise<void>;
  hangUp(): Promise<void>;
  act(action: ScriptAction): Promise<void>;
  /** The agent read the opt-out / refusal acknowledgement: the call ends. */
  acknowledge(): Promise<void>;
  finishCall(outcome: CallOutcome, callbackAt?: string): Promise<void>;
  retryAbort(): Promise<void>;
  onPhoneCall(snapshot: CallSnapshot): void;
  /** Back to idle once the call is wrapped up (no-op while a call is open). */
  resetCall(): void;
}

/** How often the desk asks whether a lead monitors the call in progress. */
export const MONITORING_POLL_MS = 3000;

export const createCallSlice =
  (deps: DeskDeps): StateCreator<DeskState, [], [], CallSlice> =>
  (set, get, api) => {
    const ports: CallControllerPorts = {
      phone: deps.phone,
      async authorize(leadId) {
        try {
          return { ok: true, authorization: await unwrap(deps.bridge.dial.authorize({ leadId })) };
        } catch (err) {
          // 422: the gate refused now; the lead card (reloaded) says why.
          if (err instanceof BridgeError && err.error.status === 422) return { ok: false };
          throw err;
        }
      },
      async openCall(authorization, callId, startedAt) {
        await unwrap(deps.bridge.calls.create({ attemptId: authorization.attemptId, callId, startedAt }));
      },
      place: (phone, authorization) => phone.call(authorization.dialUri, { label: authorization.label }),
      async updateCall(callId, change) {
        await unwrap(deps.bridge.calls.update({ callId, change }));
      },
      async record(event) {
        set({ outbox: await unwrap(deps.bridge.consent.record({ events: [event] })) });
      },
      startRun({ leadId, callId, sipCallId }) {
        const { card, campaigns, session, settings } = get();
        if (!card || card.lead.id !== leadId || !campaigns || !session) throw new Error('the lead of this call is not loaded');
        const campaign = campaigns.campaigns.find((c) => c.id === card.lead.campaignId);
        const company = (id: string | undefined) => campaigns.companies.find((c) => c.id === id);
        const calling = company(campaign?.callingCompanyId);
        const seller = company(campaign?.sellerCompanyId);
        if (!campaign || !calling || !seller) throw new Error(`campaign ${card.lead.campaignId} is not loaded`);
        return new ScriptRun({
          script: deps.scriptFor(campaign.scriptId, campaign.scriptVersion),
          call: {
            callId,
            ...(sipCallId ? { sipCallId } : {}),
            leadId,
            campaignId: campaign.id,
            agentId: session.user.id,
            // UK callees are spoken to in English and German ones in German, whatever the screen's language.
            locale: spokenLocaleFor(campaign.profile, settings.locale),
            practice: false,
            calleeTimeZone: card.lead.timeZone,
          },
          context: renderContextFor({ campaign, callingCompany: calling, sellerCompany: seller, lead: card.lead, agentName: session.user.displayName }),
          now: deps.now,
          newId: deps.newId,
        });
      },
      now: deps.now,
      newId: deps.newId,
    };
    const controller = new CallController(ports);
    const watch = new MonitoringWatch({
      fetch: (callId) => unwrap(deps.bridge.live.monitoring({ callId })),
      schedule: deps.schedule,
      intervalMs: MONITORING_POLL_MS,
    });
    const whisperLeg = new WhisperLeg({
      async offer(sessionId) {
        const sdp = (await unwrap(deps.bridge.live.whisperLegOffer({ sessionId }))).legs[0]?.sdp;
        if (!sdp) throw new Error('the media edge offered no whisper leg');
        return sdp;
      },
      // The site's provisioned ICE servers (decision 0015), as for the call itself.
      connect: (offerSdp, lost) => (deps.takeWhisper ?? takeWhisper)(offerSdp, get().settings.devices.outputId, lost, rtcIceServers(get().connection?.sip.iceServers ?? [])),
      async answer(sessionId, sdp) {
        await unwrap(deps.bridge.live.whisperLegAnswer({ sessionId, sdp }));
      },
      schedule: deps.schedule,
    });
    whisperLeg.subscribe((view) => set({ whisperLeg: view }));
    // The whisper plays where the call plays: a new output device in settings moves it too.
    api.subscribe((now, before) => {
      if (now.settings.devices.outputId !== before.settings.devices.outputId) whisperLeg.setOutput(now.settings.devices.outputId);
    });
    watch.subscribe((monitoring) => {
      set({ monitoring });
      whisperLeg.follow(monitoring.whisper);
    });
    controller.subscribe((call) => {
      const before = get().call.phase;
      const refused = call.phase === 'refused' && before !== 'refused';
      // The edge refused the dial because the lead's verdict or the agent's assignment changed: the card is stale.
      const stale = call.phase === 'ended' && before !== 'ended' && leadStaleAfter(call.callEnd);
      set({ call });
      if (refused || stale) void get().refreshLead();
      watch.watch((call.phase === 'connected' || call.phase === 'closing') && call.callId ? call.callId : null);
    });

    return {
      call: controller.view(),
      monitoring: watch.view(),
      whisperLeg: whisperLeg.view(),
      async dial() {
        const card = get().card;
        if (card) await controller.dial(card.lead.id);
      },
      hangUp: () => controller.hangUp(),
      act: (action) => controller.act(action),
      acknowledge: () => controller.acknowledge(),
      finishCall: (outcome, callbackAt) => controller.finish(outcome, callbackAt),
      retryAbort: () => controller.retryAbort(),
      onPhoneCall: (snapshot) => controller.onPhoneCall(snapshot),
      resetCall: () => controller.reset(),
    };
  };
