import type { Campaign, ProfileId } from '../../shared/domain/campaign';
import type { Company } from '../../shared/domain/company';
import type { Lead } from '../../shared/domain/lead';
import type { CallOutcome, ConsentEvent } from '../../shared/domain/consent-event';
import { consentEffect, type ConsentEffect } from '../../shared/script/consent-steps';
import { judgeEvent, judgeOutcome, type ReplayRefusal } from '../../shared/script/replay-judge';
import { spokenLocaleFor } from '../../shared/script/profile-rules';
import { renderContextFor } from '../../shared/script/render';
import { ScriptRun } from '../../shared/script/script-run';
import { userById } from '../identity/users';
import type { CallRow } from '../store/calls';
import { campaignById, companyById } from '../store/campaigns';
import { sha256Hex } from '../ledger/hash';
import { leadById } from '../store/leads';
import { json } from '../store/rows';
import type { Sql } from '../store/sql';
import { installedScript } from './practice/assets';

/**
 * The server's replay of one evidence call (issue 11, decision 0020): the call's ScriptRun on the same
 * `shared/script` engine and script version as the desk, rebuilt from the call's accepted events. Each
 * received event is judged against it (`judge`): accepted events move the run, refused ones leave it
 * where it was. A replay is bound to the call's next `seq` when it was last used, so a replay cached by
 * this process is used only while no other writer moved the call (see CallReplays).
 */
export class CallReplay {
  /** The seq the call's next event must carry, for the events this replay has seen. */
  nextSeq: number;
  readonly #run: ScriptRun | null;
  readonly #profile: ProfileId;
  /** Why no run could be built (unknown script, a render that failed): every event is refused with it. */
  readonly #broken: ReplayRefusal | null;
  #current: ConsentEvent | undefined;

  private constructor(opts: { run: (r: CallReplay) => ScriptRun; profile: ProfileId; nextSeq: number } | { broken: ReplayRefusal; profile: ProfileId; nextSeq: number }) {
    this.nextSeq = opts.nextSeq;
    this.#profile = opts.profile;
    if ('broken' in opts) {
      this.#run = null;
      this.#broken = opts.broken;
      return;
    }
    let run: ScriptRun | null = null;
    let broken: ReplayRefusal | null = null;
    try {
      run = opts.run(this);
    } catch (err) {
      broken = { ruleId: 'CG-SCRIPT', detail: `the call's script run could not be started: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.#run = run;
    this.#broken = broken;
  }

  /** Judges `event` (the call's next one): null when accepted (the run moved on), else why it is refused. */
  judge(event: ConsentEvent): ReplayRefusal | null {
    this.nextSeq = event.seq + 1;
    if (!this.#run) return this.#broken;
    this.#current = event;
    try {
      return judgeEvent(this.#run, event, this.#profile);
    } finally {
      this.#current = undefined;
    }
  }

  /** What an accepted answer does to its question's consent (`granted`, `refused`; undefined: none). */
  consentEffectOf(event: ConsentEvent): ConsentEffect | undefined {
    if (event.kind !== 'answer' || !this.#run) return undefined;
    const step = this.#run.script.steps.find((st) => st.id === event.stepId);
    return step ? consentEffect(step, event.answer) : undefined;
  }

  /** Whether the call may end with `outcome` (see judgeOutcome). */
  judgeOutcome(outcome: CallOutcome): ReplayRefusal | null {
    if (!this.#run) return outcome === 'sale' ? this.#broken : null;
    return judgeOutcome(this.#run, outcome);
  }

  /**
   * Builds the replay of `call` from its stored, accepted events (refused ones occupy their seq but never
   * move the run). The run's language and callee time zone come from the call's first event (`first`, the
   * event being received, when none is stored; else the profile's spoken language and the lead's zone).
   */
  static async load(sql: Sql, call: CallRow, first?: ConsentEvent, lookups: ReplayLookups = directLookups, knownLead?: Lead): Promise<CallReplay> {
    // A call with no event yet (next seq 0) has nothing to replay: no query.
    const stored = call.nextSeq === 0 ? [] : (await sql.all('SELECT body FROM consent_events WHERE call_id = ? ORDER BY seq', [call.id])).map((r) => json<ConsentEvent>(r, 'body'));
    const setup = await lookups.campaign(sql, call.campaignId);
    const campaign = setup?.campaign;
    const profile: ProfileId = campaign?.profile ?? 'KR';
    const refuse = (detail: string): CallReplay => new CallReplay({ broken: { ruleId: 'CG-SCRIPT', detail }, profile, nextSeq: call.nextSeq });
    if (!setup || !campaign) return refuse(`campaign ${call.campaignId} does not exist`);
    const script = installedScript(campaign.scriptId, campaign.scriptVersion);
    if (!script) return refuse(`the campaign's script ${campaign.scriptId} v${campaign.scriptVersion} is not installed on the server`);
    const { calling, seller } = setup;
    // One query at a time: inside a PostgreSQL transaction they share one connection.
    const lead = knownLead ?? (await leadById(sql, call.leadId));
    const agentName = await lookups.agentName(sql, call.agentId);
    if (!calling || !seller || !lead) return refuse(`the call's campaign companies or lead are missing`);
    const binding = stored[0] ?? first ?? { locale: spokenLocaleFor(profile, 'ko'), calleeTimeZone: lead.timeZone };
    const replay = new CallReplay({
      profile,
      nextSeq: call.nextSeq,
      run: (r) =>
        new ScriptRun({
          script,
          call: {
            callId: call.id,
            leadId: call.leadId,
            campaignId: call.campaignId,
            agentId: call.agentId,
            locale: binding.locale,
            practice: false,
            calleeTimeZone: binding.calleeTimeZone,
          },
          context: renderContextFor({ campaign, callingCompany: calling, sellerCompany: seller, lead, agentName: agentName ?? call.agentId }),
          now: () => new Date(r.#current?.occurredAt ?? 0),
          newId: () => r.#current?.eventId ?? '',
          // The event being judged carries the SHA-256 of its promptText, checked by the ingest before any
          // replay (and by the ingest of a stored event when it arrived): when the run renders the same
          // text, that hash is the run's; any other text is hashed here.
          sha256: (text) => (r.#current !== undefined && text === r.#current.promptText ? r.#current.promptSha256 : sha256Hex(text)),
        }),
    });
    // Stored events were accepted when they arrived; one that no longer fits (stored before the replay
    // existed) is passed over, as a refused one is.
    for (const e of stored) replay.judge(e);
    replay.nextSeq = call.nextSeq;
    return replay;
  }
}

/** What a replay reads besides the call: the campaign with its companies, and the agent's name. */
export interface ReplayLookups {
  campaign(sql: Sql, id: string): Promise<{ campaign: Campaign; calling: Company | undefined; seller: Company | undefined } | undefined>;
  agentName(sql: Sql, id: string): Promise<string | undefined>;
}

const directLookups: ReplayLookups = {
  async campaign(sql, id) {
    const campaign = await campaignById(sql, id);
    if (!campaign) return undefined;
    const calling = await companyById(sql, campaign.callingCompanyId);
    const seller = await companyById(sql, campaign.sellerCompanyId);
    return { campaign, calling, seller };
  },
  agentName: async (sql, id) => (await userById(sql, id))?.displayName,
};

/** Campaign setups and agent names kept for `ttlMs` (they change rarely; a change applies within seconds). */
function cachedLookups(ttlMs: number): ReplayLookups {
  const campaigns = new Map<string, { at: number; value: Awaited<ReturnType<ReplayLookups['campaign']>> }>();
  const agents = new Map<string, { at: number; value: string | undefined }>();
  const fresh = (at: number): boolean => Date.now() - at < ttlMs;
  return {
    async campaign(sql, id) {
      const hit = campaigns.get(id);
      if (hit && fresh(hit.at)) return hit.value;
      const value = await directLookups.campaign(sql, id);
      campaigns.set(id, { at: Date.now(), value });
      return value;
    },
    async agentName(sql, id) {
      const hit = agents.get(id);
      if (hit && fresh(hit.at)) return hit.value;
      const value = await directLookups.agentName(sql, id);
      agents.set(id, { at: Date.now(), value });
      if (agents.size > 10_000) agents.clear();
      return value;
    },
  };
}

/**
 * The replays of open calls, most recently used last, at most `capacity` (a bounded LRU): ingest judges a
 * call's new events without reading its earlier ones again. An entry is used only when the call's
 * `next_seq` (read under the call's row lock) equals the replay's, so a change by another process or a
 * rolled-back batch is never trusted; a miss rebuilds from the database.
 */
export class CallReplays {
  readonly #entries = new Map<string, CallReplay>();
  /** Campaign setups and agent names for rebuilding runs, kept 5 s. */
  readonly #lookups = cachedLookups(5000);
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  /** Whether `take` would answer from the cache (the call's replay is kept and current). */
  has(call: Pick<CallRow, 'id' | 'nextSeq'>): boolean {
    return this.#entries.get(call.id)?.nextSeq === call.nextSeq;
  }

  /** The replay of `call` (taken out of the cache: put it back with `keep` once its batch committed); `lead` saves its query. */
  async take(sql: Sql, call: CallRow, first?: ConsentEvent, lead?: Lead): Promise<CallReplay> {
    const cached = this.#entries.get(call.id);
    this.#entries.delete(call.id);
    if (cached && cached.nextSeq === call.nextSeq) {
      this.hits += 1;
      return cached;
    }
    this.misses += 1;
    return CallReplay.load(sql, call, first, this.#lookups, lead);
  }

  /** Caches `replay` for `callId` after its events committed. */
  keep(callId: string, replay: CallReplay): void {
    this.#entries.delete(callId);
    this.#entries.set(callId, replay);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Drops the replay of an ended call. */
  forget(callId: string): void {
    this.#entries.delete(callId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
