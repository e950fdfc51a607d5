import type { StateCreator } from 'zustand';
import type { CampaignListResponse, LeadCard } from '../../shared/api/campaigns';
import { unwrap } from '../bridge';
import type { DeskDeps } from './deps';
import type { DeskState } from './store';

/**
 * Campaign and next-lead state.
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
  leadError: string | null;
  loadCampaigns(): Promise<void>;
  chooseCampaign(id: string): Promise<void>;
  nextLead(leadId?: string): Promise<void>;
  /** Reloads the current lead (its verdict may have changed, e.g. after an opt-out). */
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
    leadError: null,
    async loadCampaigns() {
      try {
        const campaigns = await unwrap(deps.bridge.campaigns.list(undefined));
        const only = campaigns.campaigns.length === 1 ? (campaigns.campaigns[0]?.id ?? null) : null;
        set({ campaigns, campaignId: get().campaignId ?? only, leadError: null });
      } catch (err) {
        set({ leadError: err instanceof Error ? err.message : String(err), leadPhase: 'error' });
      }
    },
    async chooseCampaign(id) {
      set({ campaignId: id, card: null, leadPhase: 'idle' });
      await get().nextLead();
    },
    async nextLead(leadId) {
      const campaignId = get().campaignId;
      if (!campaignId) return;
      get().resetCall();
      set({ leadPhase: 'loading', leadError: null, card: null });
      try {
        const res = await unwrap(deps.bridge.leads.next(leadId === undefined ? { campaignId } : { campaignId, leadId }));
        set({ card: res.next, leadPhase: res.next ? 'ready' : 'empty' });
      } catch (err) {
        set({ leadPhase: 'error', leadError: err instanceof Error ? err.message : String(err) });
      }
    },
    async refreshLead() {
      const card = get().card;
      if (!card) return;
      try {
        set({ card: await unwrap(deps.bridge.leads.get({ leadId: card.lead.id })) });
      } catch {
        // keep the card shown; the next dial authorization re-checks on the server anyway
      }
    },
    resetDesk() {
      get().resetCall();
      set({ campaigns: null, campaignId: null, leadPhase: 'idle', card: null, leadError: null });
    },
  });
