import type { StateCreator } from 'zustand';
import type { CampaignListResponse, LeadCard, NextLeadResponse } from '../../shared/api/campaigns';
import { BridgeError, unwrap } from '../bridge';
import { toUiError, type UiError } from '../errors';
import { isCallOpen } from './call-controller';
import type { DeskDeps } from './deps';
import type { DeskState } from './store';

/**
 * Campaign and next-lead state. Neither changes while a call is open (from the dial authorization
 * until the wrap-up is recorded): the call belongs to that lead and campaign.
 * ```
 *   idle --nextLead--> loading --card--> ready
 *                         |  \--none--> empty
 *                         \--error--> error --nextLead--> loading
 * ```
 */
export type LeadPhase = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

export interface LeadSlice {
  campaigns: CampaignListResponse | null;
  campaignId: string | null;
  leadPhase: LeadPhase;
  card: LeadCard | null;
  /** Leads the server passed over for the last card (the gate blocks them now), by reason. */
  skipped: NextLeadResponse['skipped'] | null;
  leadError: UiError | null;
  loadCampaigns(): Promise<void>;
  chooseCampaign(id: string): Promise<void>;
  nextLead(leadId?: string): Promise<void>;
  /**
   * Reloads the current lead (its verdict may have changed, e.g. after an opt-out); a lead that is no
   * longer this agent's (404) closes and the campaigns are reloaded.
   */
  refreshLead(): Promise<void>;
  resetDesk(): void;
}

export const createLeadSlice =
  (deps: DeskDeps): StateCreator<DeskState, [], [], LeadSlice> =>
  (set, get) => ({
    campaigns: null,
    campaignId: null,
    leadPhase: 'idle',
    card: null,
    skipped: null,
    leadError: null,
    async loadCampaigns() {
      try {
        const campaigns = await unwrap(deps.bridge.campaigns.list(undefined));
        const only = campaigns.campaigns.length === 1 ? (campaigns.campaigns[0]?.id ?? null) : null;
        // A campaign the agent no longer works (taken off it) is not kept chosen.
        const current = get().campaignId;
        const kept = current !== null && campaigns.campaigns.some((c) => c.id === current) ? current : null;
        set({ campaigns, campaignId: kept ?? only, leadError: null });
      } catch (err) {
        set({ leadError: toUiError(err), leadPhase: 'error' });
      }
    },
    async chooseCampaign(id) {
      if (isCallOpen(get().call.phase)) return;
      set({ campaignId: id, card: null, skipped: null, leadPhase: 'idle' });
      await get().nextLead();
    },
    async nextLead(leadId) {
      const campaignId = get().campaignId;
      if (!campaignId || isCallOpen(get().call.phase)) return;
      get().resetCall();
      set({ leadPhase: 'loading', leadError: null, card: null, skipped: null });
      try {
        const res = await unwrap(deps.bridge.leads.next(leadId === undefined ? { campaignId } : { campaignId, leadId }));
        if (get().campaignId !== campaignId) return;
        set({ card: res.next, skipped: res.skipped, leadPhase: res.next ? 'ready' : 'empty' });
      } catch (err) {
        set({ leadPhase: 'error', leadError: toUiError(err) });
      }
    },
    async refreshLead() {
      const card = get().card;
      if (!card) return;
      try {
        const fresh = await unwrap(deps.bridge.leads.get({ leadId: card.lead.id }));
        if (get().card?.lead.id === fresh.lead.id) set({ card: fresh });
      } catch (err) {
        // 404: the lead is no longer this agent's (taken off its campaign, decision 0016): the card closes
        // and the campaigns are fetched again. Anything else keeps the card shown; the next dial
        // authorization re-checks on the server anyway.
        if (!(err instanceof BridgeError && err.error.status === 404) || get().card?.lead.id !== card.lead.id) return;
        set({ card: null, skipped: null, leadPhase: 'idle' });
        await get().loadCampaigns();
      }
    },
    resetDesk() {
      get().resetCall();
      set({ campaigns: null, campaignId: null, leadPhase: 'idle', card: null, skipped: null, leadError: null });
    },
  });
