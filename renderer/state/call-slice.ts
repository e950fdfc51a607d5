import type { StateCreator } from 'zustand';
import type { DialAuthorization } from '../../shared/api/leads';
import type { VerdictDto } from '../../shared/api/common';
import type { CallOutcome } from '../../shared/domain/consent-event';
import { automaticOutcome, type CallEnd } from '../../shared/phone/call-end-reason';
import { isConnected } from '../../shared/phone/call-state';
import type { CallSnapshot } from '../../shared/phone/sip-port';
import { renderContextFor, ScriptRun, spokenLocaleFor, type ScriptAction, type ScriptRunSnapshot } from '../../shared/script';
import { BridgeError, unwrap } from '../bridge';
import type { DeskDeps } from './deps';
import type { DeskState } from './store';

/**
 * One call from the desk's point of view. Nothing dials without a dial authorization; the ScriptRun
 * starts when the call is established; every script answer is made durable (outbox, fsync) before the
 * run moves on; a call that ends while the run is open aborts it, recording the partial outcome.
 * ```
 *  idle --dial--> authorizing --422--> refused
 *                      \--201--> dialing --ringing--> ringing --answered--> connected (script)
 *  dialing|ringing --busy/no answer/rejected/failed--> ended
 *  connected --hang up / remote hang-up / server lost--> ended (run aborted if still open)
 *  ended --finishCall(outcome)--> wrapped --nextLead--> idle
 * ```
 */
export type CallPhase = 'idle' | 'authorizing' | 'refused' | 'dialing' | 'ringing' | 'connected' | 'ended' | 'wrapped';

export interface CallSlice {
  phase: CallPhase;
  refusal: VerdictDto['reasons'];
  callError: string | null;
  /** Our call record id (UUIDv7, also ConsentEvent.callId) and the phone's own call id. */
  callId: string | null;
  phoneCallId: string | null;
  /** The phone's latest snapshot of this call (hold, mute, signalling state). */
  phoneCall: CallSnapshot | null;
  sipCallId: string | null;
  authorization: DialAuthorization | null;
  run: ScriptRun | null;
  /** A new object after every run change, so views re-render. */
  runSnapshot: ScriptRunSnapshot | null;
  /** True while an answer is being made durable: controls are disabled until it is. */
  saving: boolean;
  saveError: string | null;
  callEnd: CallEnd | null;
  optOutConfirmed: boolean;
  dial(): Promise<void>;
  hangUp(): Promise<void>;
  act(action: ScriptAction): Promise<void>;
  /** The outcome the wrap-up proposes: the script's, or the phone's for calls never answered. */
  proposedOutcome(): CallOutcome | null;
  finishCall(outcome: CallOutcome, callbackAt?: string): Promise<void>;
  /** Puts the number on the internal DNC list at once (KR-OPTOUT); the outbox event does it too. */
  confirmOptOut(): Promise<void>;
  onPhoneCall(snapshot: CallSnapshot): void;
  resetCall(): void;
}

const IDLE = {
  phase: 'idle' as CallPhase,
  refusal: [] as VerdictDto['reasons'],
  callError: null,
  callId: null,
  phoneCallId: null,
  phoneCall: null,
  sipCallId: null,
  authorization: null,
  run: null,
  runSnapshot: null,
  saving: false,
  saveError: null,
  callEnd: null,
  optOutConfirmed: false,
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const createCallSlice =
  (deps: DeskDeps): StateCreator<DeskState, [], [], CallSlice> =>
  (set, get) => {
    /** Persists one event: resolves only once the main process fsync'd it. */
    const persist = async (event: Parameters<Parameters<ScriptRun['perform']>[1]>[0]): Promise<void> => {
      set({ outbox: await unwrap(deps.bridge.consent.record({ events: [event] })) });
    };

    function startRun(snapshot: CallSnapshot): void {
      const { card, campaigns, session, settings, callId } = get();
      if (!card || !campaigns || !session || !callId) return;
      const campaign = campaigns.campaigns.find((c) => c.id === card.lead.campaignId);
      if (!campaign) return;
      const company = (id: string) => campaigns.companies.find((c) => c.id === id);
      const calling = company(campaign.callingCompanyId);
      const seller = company(campaign.sellerCompanyId);
      if (!calling || !seller) return;
      const run = new ScriptRun({
        script: deps.scriptFor(campaign.scriptId, campaign.scriptVersion),
        call: {
          callId,
          ...(snapshot.sipCallId ? { sipCallId: snapshot.sipCallId } : {}),
          leadId: card.lead.id,
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
      set({ run, runSnapshot: run.snapshot() });
    }

    async function patchCall(change: Record<string, unknown>): Promise<void> {
      const callId = get().callId;
      if (!callId) return;
      try {
        await unwrap(deps.bridge.calls.update({ callId, change: change as never }));
      } catch (err) {
        set({ callError: message(err) });
      }
    }

    return {
      ...IDLE,
      async dial() {
        const { card, phase } = get();
        if (!card || (phase !== 'idle' && phase !== 'refused')) return;
        const phone = deps.phone();
        if (!phone) {
          set({ callError: 'no-phone' });
          return;
        }
        set({ ...IDLE, phase: 'authorizing' });
        let authorization: DialAuthorization;
        try {
          authorization = await unwrap(deps.bridge.dial.authorize({ leadId: card.lead.id }));
        } catch (err) {
          const reasons = err instanceof BridgeError && err.error.status === 422 ? (err.error.fields ?? []) : [];
          if (err instanceof BridgeError && err.error.status === 422) {
            await get().refreshLead();
            set({ phase: 'refused', refusal: get().card?.verdict.reasons ?? [], callError: reasons.length ? null : message(err) });
          } else set({ phase: 'idle', callError: message(err) });
          return;
        }
        const callId = deps.newId();
        set({ authorization, callId, phase: 'dialing' });
        try {
          await unwrap(deps.bridge.calls.create({ attemptId: authorization.attemptId, callId, startedAt: deps.now().toISOString() }));
          const phoneCallId = await phone.call(authorization.dialTarget);
          set({ phoneCallId });
        } catch (err) {
          set({ phase: 'ended', callError: message(err), callEnd: { reason: 'failed', sipStatus: null } as CallEnd });
        }
      },
      async hangUp() {
        const { phoneCallId } = get();
        const phone = deps.phone();
        if (phone && phoneCallId) await phone.hangUp(phoneCallId).catch(() => undefined);
      },
      async act(action) {
        const { run, saving, phase } = get();
        if (!run || saving || phase !== 'connected') return;
        set({ saving: true, saveError: null });
        try {
          await run.perform(action, persist);
          set({ runSnapshot: run.snapshot(), saving: false });
        } catch (err) {
          set({ saving: false, saveError: message(err) });
          return;
        }
        if (action.type === 'opt_out') await get().confirmOptOut();
      },
      proposedOutcome() {
        const { run, callEnd } = get();
        if (run?.outcome) return run.outcome.code;
        return callEnd ? automaticOutcome(callEnd.reason) : null;
      },
      async finishCall(outcome, callbackAt) {
        if (get().phase !== 'ended') return;
        await patchCall({ endedAt: deps.now().toISOString(), outcome, ...(callbackAt ? { callbackAt } : {}) });
        set({ phase: 'wrapped' });
      },
      onPhoneCall(snapshot) {
        if (snapshot.id !== get().phoneCallId) return;
        set({ phoneCall: snapshot.state === 'ended' ? null : snapshot });
        if (snapshot.sipCallId && snapshot.sipCallId !== get().sipCallId) {
          set({ sipCallId: snapshot.sipCallId });
          void patchCall({ sipCallId: snapshot.sipCallId });
        }
        if (snapshot.state === 'ringing' && get().phase === 'dialing') set({ phase: 'ringing' });
        if (isConnected(snapshot.state) && (get().phase === 'dialing' || get().phase === 'ringing')) {
          set({ phase: 'connected' });
          void patchCall({ answeredAt: new Date(snapshot.answeredAt ?? Date.now()).toISOString() });
          startRun(snapshot);
        }
        if (snapshot.state === 'ended' && get().phase !== 'ended' && get().phase !== 'wrapped') {
          set({ phase: 'ended', callEnd: snapshot.end });
          const run = get().run;
          if (run && !run.isFinal) {
            // The call dropped (or was hung up) mid-script: record where it stopped.
            void run
              .perform({ type: 'abort' }, persist)
              .then(() => set({ runSnapshot: run.snapshot() }))
              .catch((err: unknown) => set({ saveError: message(err) }));
          }
        }
      },
      resetCall() {
        set({ ...IDLE });
      },
      async confirmOptOut() {
        const { card, callId } = get();
        if (!card) return;
        try {
          await unwrap(deps.bridge.leads.optOut({ leadId: card.lead.id, request: { channel: 'call', ...(callId ? { callId } : {}) } }));
          set({ optOutConfirmed: true });
        } catch (err) {
          // The opt-out event itself reaches the server through the outbox, which applies it there too.
          set({ callError: message(err) });
        }
      },
    };
  };
