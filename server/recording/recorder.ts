import type { ProfileId } from '../../shared/domain/campaign';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { newId } from '../../shared/domain/ids';
import { recordingPolicy } from '../../shared/recording/policy';
import { recordingInputOf, recordingStep, type GrantCheck, type RecordingInput } from '../../shared/recording/recording-run';
import type { MediaEdge, MediaParty } from '../media/media-edge';
import { callById, type CallRow } from '../store/calls';
import { campaignById } from '../store/campaigns';
import { insertRecording, recordingById, recordingOfCall, recordingsInState, updateRecording, type RecordedDirection, type RecordingRow } from '../store/recordings';
import type { Db } from '../store/sql';
import type { CaptureFolder } from './capture';
import type { Keyring } from './keyring';
import { pcapToRecording } from './pcap-to-wav';
import { storeRecording } from './store-recording';
import type { RecordingVault } from './vault';

/** Which media-edge call carries a call's audio, and (when known) the agent's tag in it. */
export interface MediaTarget {
  readonly mediaCallId: string;
  readonly agentTag?: string | undefined;
}

export interface RecorderDeps {
  readonly db: Db;
  readonly clock: () => Date;
  readonly edge: MediaEdge;
  readonly capture: CaptureFolder;
  readonly vault: RecordingVault;
  readonly keyring: Keyring;
  /** Days a recording of this profile is kept after the call (configured, never below the policy's floor). */
  readonly retentionDays: (profile: ProfileId) => number;
  /** Whether a consent answer granted its consent (the script's `grantedBy`). */
  readonly granted: GrantCheck;
  /** The media-edge call of a call; null when it is not known (the call is then not recorded). */
  readonly targetOf: (call: CallRow) => MediaTarget | null;
  readonly log: (message: string) => void;
}

/** Tags the API gives supervisors' legs (live listen and whisper): never a party of the recording. */
export const SUPERVISOR_TAG_PREFIX = 'cg-sup-';

/** Which party is the agent and which the customer: the agent's tag when known, else the WebRTC leg. */
export function labelParties(parties: readonly MediaParty[], agentTag?: string): RecordedDirection[] {
  const callParties = parties.filter((p) => !p.tag.startsWith(SUPERVISOR_TAG_PREFIX) && p.port !== null);
  const agent = callParties.find((p) => (agentTag ? p.tag === agentTag : /SAVP/.test(p.protocol)));
  const customer = callParties.find((p) => p !== agent);
  const out: RecordedDirection[] = [];
  if (agent?.port != null) out.push({ port: agent.port, role: 'agent', codec: agent.codec ?? undefined });
  if (customer?.port != null) out.push({ port: customer.port, role: 'customer', codec: customer.codec ?? undefined });
  return out;
}

const STOP_REASONS: Partial<Record<RecordingInput, string>> = { refusal: 'consent_refused', stop: 'call_ended_by_customer', call_end: 'call_ended' };

/**
 * Records calls at the media edge when, and only when, the call's evidence allows it (see
 * shared/recording/recording-run.ts for the states). The ingest tells it the events it stored; the
 * call routes tell it a call ended. Work per call is serialised (one chain per call) and never fails
 * the request that triggered it: a failure is recorded on the recording (`failed`, with the reason).
 */
export class Recorder {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deps: RecorderDeps) {}

  /** Stored evidence events (after their transaction committed): starts or stops recordings. */
  onEventsStored(events: readonly ConsentEvent[]): void {
    const byCall = new Map<string, ConsentEvent[]>();
    for (const e of events) if (!e.practice) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
    for (const [callId, list] of byCall) {
      this.enqueue(callId, async () => {
        const call = await callById(this.deps.db, callId);
        const policy = call ? recordingPolicy(await this.profileOf(call)) : undefined;
        if (!call || !policy) return;
        for (const e of [...list].sort((a, b) => a.seq - b.seq)) {
          const input = recordingInputOf(e, policy, this.deps.granted);
          if (input) await this.apply(call, input, e);
        }
      });
    }
  }

  /** The call ended (desk or edge): a running recording stops and is sealed. */
  onCallEnded(callId: string): void {
    this.enqueue(callId, async () => {
      const call = await callById(this.deps.db, callId);
      if (call) await this.apply(call, 'call_end');
    });
  }

  /** Resolves when every queued piece of work has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  /**
   * Picks up what a restart interrupted: recordings being processed are finalized; running ones whose
   * call ended, or that the media edge no longer knows, are ended.
   */
  async sweep(): Promise<void> {
    for (const r of await recordingsInState(this.deps.db, 'processing')) this.enqueue(r.callId, () => this.finalize(r.id));
    for (const state of ['recording', 'stopped'] as const) {
      for (const r of await recordingsInState(this.deps.db, state)) {
        const call = await callById(this.deps.db, r.callId);
        const gone = call?.state === 'ended' || (await this.deps.edge.parties(r.mediaCallId).catch(() => null))?.length === 0;
        if (gone) this.onCallEnded(r.callId);
      }
    }
    await this.idle();
  }

  private enqueue(callId: string, work: () => Promise<void>): void {
    const before = this.chains.get(callId) ?? Promise.resolve();
    const next = before
      .then(work)
      .catch((err: unknown) => this.deps.log(`recording of call ${callId}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (this.chains.get(callId) === next) this.chains.delete(callId);
      });
    this.chains.set(callId, next);
  }

  private async profileOf(call: CallRow): Promise<ProfileId> {
    const campaign = await campaignById(this.deps.db, call.campaignId);
    if (!campaign) throw new Error(`call ${call.id} names a missing campaign`);
    return campaign.profile;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  private async apply(call: CallRow, input: RecordingInput, event?: ConsentEvent): Promise<void> {
    const { db } = this.deps;
    const row = await recordingOfCall(db, call.id);
    const state = row?.state ?? 'none';
    const step = recordingStep(state, input);
    if (!step) return;
    const at = this.now();
    const stopping = step.effects.includes('stop') || step.next === 'declined';
    const stopFields = stopping ? { stopReason: STOP_REASONS[input] ?? input, stopRequestedAt: at } : {};
    let current: RecordingRow | undefined;
    if (!row) {
      const target = this.deps.targetOf(call);
      const id = newId();
      const base = { id, callId: call.id, leadId: call.leadId, teamId: call.teamId, profile: await this.profileOf(call), permissionEventId: event?.eventId ?? null, requestedAt: at, updatedAt: at };
      if (!target && step.next === 'recording') {
        await insertRecording(db, { ...base, state: 'failed', mediaCallId: '', stopReason: null });
        await updateRecording(db, id, 'failed', { failure: 'the media edge call of this call is not known: it cannot be recorded' }, at);
        return;
      }
      const fields = { ...base, state: step.next, mediaCallId: target?.mediaCallId ?? '', stopReason: step.next === 'declined' ? (STOP_REASONS[input] ?? null) : null };
      if (!(await insertRecording(db, fields))) return;
      current = await recordingById(db, id);
    } else {
      if (!(await updateRecording(db, row.id, state, { state: step.next, ...stopFields }, at))) return;
      current = await recordingById(db, row.id);
    }
    if (!current) return;
    for (const effect of step.effects) {
      if (effect === 'start') await this.start(call, current);
      else if (effect === 'stop') await this.deps.edge.stopRecording(current.mediaCallId).catch((err: unknown) => this.deps.log(`stop recording ${current.id}: ${String(err)}`));
      else await this.finalize(current.id);
    }
  }

  private async start(call: CallRow, r: RecordingRow): Promise<void> {
    const { edge, db } = this.deps;
    try {
      await edge.startRecording(r.mediaCallId, `callgate-recording=${r.id}`);
      const directions = labelParties(await edge.parties(r.mediaCallId), this.deps.targetOf(call)?.agentTag);
      await updateRecording(db, r.id, 'recording', { directions }, this.now());
    } catch (err) {
      const reason = `the media edge did not start recording: ${err instanceof Error ? err.message : String(err)}`;
      await updateRecording(db, r.id, 'recording', { state: 'failed', failure: reason }, this.now());
    }
  }

  /** Seals the captured audio, stores it, and appends its ledger entry (all or nothing). */
  private async finalize(id: string): Promise<void> {
    const { db, capture, vault, keyring } = this.deps;
    const r = await recordingById(db, id);
    if (!r || r.state !== 'processing') return;
    const fail = async (reason: string): Promise<void> => {
      await updateRecording(db, id, 'processing', { state: 'failed', failure: reason }, this.now());
      await capture.remove(r.mediaCallId);
    };
    const captured = await capture.read(r.mediaCallId);
    if (!captured) return fail('the media edge captured no audio for this call');
    let converted;
    try {
      converted = pcapToRecording(captured.pcap, r.directions ?? [], { untilMs: r.stopRequestedAt ? Date.parse(r.stopRequestedAt) : null });
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    await storeRecording(id, converted, { db, vault, keyring, now: this.deps.clock(), retentionDays: this.deps.retentionDays(r.profile as ProfileId) });
    await capture.remove(r.mediaCallId);
  }
}
