// The desk's call (renderer/state/call-controller.ts through the app store), on a FakeSipPort and a
// bridge whose saves answer when the test says: the defects of issue 12 one by one, then every
// interleaving of phone events and saves (fast-check model test).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_TRANSITIONS, leadStaleAfter, type CallPhase } from '../../../renderer/state/call-controller';
import { endForFailureResponse } from '../../../shared/phone/call-end-reason';
import { CAMPAIGNS, deskOnCall, leadCard, type DeskCall } from '../../support/desk-call';
import { okResult } from '../../support/desk-store';

/** Dials the lead on the card and has the customer answer: the script starts. */
async function connected(d: DeskCall): Promise<void> {
  await d.store.getState().dial();
  await d.flush();
  d.phone.remote.answer(d.phoneCallId());
  await d.flush();
  expect(d.store.getState().call.phase).toBe('connected');
}

describe('call controller: the defects of issue 12', () => {
  it('a call that ends while an answer is being saved still records its abort, after that save', async () => {
    const d = await deskOnCall();
    await connected(d);
    void d.store.getState().act({ type: 'confirm' });
    await d.flush();
    expect(d.store.getState().call.saving).toBe(true);
    d.phone.remote.hangUp(d.phoneCallId());
    await d.flush();
    expect(d.store.getState().call.phase).toBe('ended');
    await d.settleSave(true); // the confirm lands; the abort is proposed only now
    await d.settleSave(true);
    expect(d.log.recorded.map((e) => [e.seq, e.kind])).toEqual([
      [0, 'disclosure'],
      [1, 'aborted'],
    ]);
    expect(d.store.getState().call).toMatchObject({ outcomes: ['dropped', 'failed'], proposedOutcome: 'dropped' });
  });

  it('an in-call opt-out is recorded once (the event; no second opt-out request)', async () => {
    const d = await deskOnCall({ autoSave: true });
    await connected(d);
    await d.store.getState().act({ type: 'opt_out' });
    await d.flush();
    expect(d.log.recorded.filter((e) => e.kind === 'opt_out')).toHaveLength(1);
    expect(d.log.optOuts).toEqual([]);
  });

  it('after an opt-out: the acknowledgement to read is shown, the agent confirms and the call hangs up; the wrap-up offers opt-out only', async () => {
    const d = await deskOnCall({ autoSave: true });
    await connected(d);
    await d.store.getState().act({ type: 'confirm' });
    await d.store.getState().act({ type: 'opt_out' });
    await d.flush();
    const call = d.store.getState().call;
    expect(call.phase).toBe('closing');
    expect(call.acknowledgement).toEqual({ kind: 'opt_out', text: d.log.recorded.at(-1)!.promptText });
    expect(call.acknowledgement?.text).toMatch(/수신거부/);
    expect(call.optedOut).toBe(true);
    await d.store.getState().acknowledge();
    await d.flush();
    expect(d.phone.calls()).toEqual([]);
    expect(d.store.getState().call).toMatchObject({ phase: 'ended', outcomes: ['opt_out'], proposedOutcome: 'opt_out' });
    // "Sale" cannot be recorded after an opt-out, whatever the UI sends.
    await d.store.getState().finishCall('sale');
    expect(d.log.updates.filter((u) => 'outcome' in u.change)).toEqual([]);
    await d.store.getState().finishCall('opt_out');
    expect(d.log.updates.filter((u) => 'outcome' in u.change).map((u) => u.change['outcome'])).toEqual(['opt_out']);
    expect(d.store.getState().call.phase).toBe('wrapped');
  });

  it('campaign and lead cannot change while a call is open', async () => {
    const d = await deskOnCall({ autoSave: true });
    const lead = d.store.getState().card?.lead.id;
    await connected(d);
    await d.store.getState().chooseCampaign('cmp-kr-2');
    await d.store.getState().nextLead();
    expect(d.store.getState()).toMatchObject({ campaignId: 'cmp-kr', card: { lead: { id: lead } }, call: { phase: 'connected' } });
    expect(d.log.nextLeads).toHaveLength(1);
  });

  it('no dial without a registered phone (the reason is given)', async () => {
    const d = await deskOnCall();
    await d.phone.unregister();
    await d.store.getState().dial();
    expect(d.store.getState().call).toMatchObject({ phase: 'idle', problem: { code: 'phone-not-registered' } });
    expect(d.phone.calls()).toEqual([]);
  });

  it('the wrap-up offers exactly what the run allows: the recorded outcome, with its callback time', async () => {
    const d = await deskOnCall({ autoSave: true });
    await connected(d);
    await d.store.getState().act({ type: 'confirm' });
    await d.store.getState().act({ type: 'answer', answerId: 'no' });
    const at = '2030-01-02T01:00:00.000Z';
    await d.store.getState().act({ type: 'record_outcome', outcome: 'callback', callbackAt: at });
    await d.flush();
    expect(d.store.getState().call).toMatchObject({ phase: 'closing', acknowledgement: null });
    await d.store.getState().hangUp();
    await d.flush();
    expect(d.store.getState().call).toMatchObject({ phase: 'ended', outcomes: ['callback'] });
    await d.store.getState().finishCall('callback');
    expect(d.log.updates.at(-1)?.change).toMatchObject({ outcome: 'callback', callbackAt: at });
  });

  it('a call never answered: the phone says how it ended (busy), nothing else is offered', async () => {
    const d = await deskOnCall();
    await d.store.getState().dial();
    await d.flush();
    d.phone.remote.refuse(d.phoneCallId(), 486);
    await d.flush();
    expect(d.store.getState().call).toMatchObject({ phase: 'ended', run: null, outcomes: ['busy'] });
  });

  it('dead air the phone measured goes on the call record when the call ends, and again with the wrap-up (issue 13 item 1)', async () => {
    const d = await deskOnCall({ autoSave: true });
    await connected(d);
    d.phone.remote.media(d.phoneCallId(), { inbound: 'silent', outbound: 'flowing', deadAirMs: 4_200 });
    await d.flush();
    expect(d.log.updates.filter((u) => 'deadAirMs' in u.change)).toEqual([]);
    d.phone.remote.hangUp(d.phoneCallId());
    await d.flush();
    expect(d.log.updates.filter((u) => 'deadAirMs' in u.change).map((u) => u.change)).toEqual([{ deadAirMs: 4_200 }]);
    await d.store.getState().finishCall('dropped');
    expect(d.log.updates.at(-1)?.change).toMatchObject({ outcome: 'dropped', deadAirMs: 4_200 });
  });

  it('a call never answered reports no dead air (there was no audio to expect)', async () => {
    const d = await deskOnCall();
    await d.store.getState().dial();
    await d.flush();
    d.phone.remote.refuse(d.phoneCallId(), 486);
    await d.flush();
    await d.store.getState().finishCall('busy');
    expect(d.log.updates.some((u) => 'outcome' in u.change)).toBe(true);
    expect(d.log.updates.filter((u) => 'deadAirMs' in u.change)).toEqual([]);
  });

  it('an abort whose save failed can be saved again; the wrap-up waits for it', async () => {
    const d = await deskOnCall();
    await connected(d);
    d.phone.remote.hangUp(d.phoneCallId());
    await d.flush();
    await d.settleSave(false);
    expect(d.store.getState().call).toMatchObject({ phase: 'ended', outcomes: [], problem: { code: 'record-failed' } });
    void d.store.getState().retryAbort();
    await d.flush();
    await d.settleSave(true);
    expect(d.store.getState().call.outcomes).toEqual(['dropped', 'failed']);
  });
});

// ---------------------------------------------------------------------------------------------------
// Model test: any interleaving of the agent's clicks, the far end, and saves finishing or failing.

type Step =
  | { readonly t: 'act'; readonly pick: number }
  | { readonly t: 'save'; readonly ok: boolean }
  | { readonly t: 'ring' }
  | { readonly t: 'answer' }
  | { readonly t: 'remoteHangUp' }
  | { readonly t: 'busy' }
  | { readonly t: 'hangUp' }
  | { readonly t: 'acknowledge' }
  | { readonly t: 'finish'; readonly pick: number }
  | { readonly t: 'retryAbort' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.nat(20).map((pick) => ({ t: 'act', pick }) as const) },
  { weight: 5, arbitrary: fc.boolean().map((ok) => ({ t: 'save', ok }) as const) },
  fc.constant({ t: 'ring' } as const),
  { weight: 2, arbitrary: fc.constant({ t: 'answer' } as const) },
  fc.constant({ t: 'remoteHangUp' } as const),
  fc.constant({ t: 'busy' } as const),
  fc.constant({ t: 'hangUp' } as const),
  fc.constant({ t: 'acknowledge' } as const),
  fc.nat(3).map((pick) => ({ t: 'finish', pick }) as const),
  fc.constant({ t: 'retryAbort' } as const),
);

async function apply(d: DeskCall, step: Step): Promise<void> {
  const s = d.store.getState();
  const live = d.phone.calls()[0];
  switch (step.t) {
    case 'act': {
      const actions = (s.call.run?.availableActions ?? []).filter((a) => a.type !== 'abort');
      const action = actions[step.pick % Math.max(1, actions.length)];
      if (action) void s.act(action);
      break;
    }
    case 'save':
      if (d.held.length > 0) await d.settleSave(step.ok);
      break;
    case 'ring':
      if (live?.state === 'dialing') d.phone.remote.ring(live.id);
      break;
    case 'answer':
      if (live && (live.state === 'dialing' || live.state === 'ringing')) d.phone.remote.answer(live.id);
      break;
    case 'remoteHangUp':
      if (live && live.state !== 'ending') d.phone.remote.hangUp(live.id);
      break;
    case 'busy':
      if (live && (live.state === 'dialing' || live.state === 'ringing')) d.phone.remote.refuse(live.id, 486);
      break;
    case 'hangUp':
      void s.hangUp();
      break;
    case 'acknowledge':
      void s.acknowledge();
      break;
    case 'finish': {
      const outcome = s.call.outcomes[step.pick % Math.max(1, s.call.outcomes.length)];
      if (outcome) void s.finishCall(outcome, '2030-01-02T01:00:00.000Z');
      break;
    }
    case 'retryAbort':
      void s.retryAbort();
      break;
  }
  await d.flush();
}

/** Every phase change the store showed is one the transition table allows (for some input). */
function watchPhases(d: DeskCall): [CallPhase, CallPhase][] {
  const changes: [CallPhase, CallPhase][] = [];
  d.store.subscribe((s, prev) => {
    if (s.call.phase !== prev.call.phase) changes.push([prev.call.phase, s.call.phase]);
  });
  return changes;
}

/** What must hold after every step. */
function invariants(d: DeskCall, changes: readonly [CallPhase, CallPhase][]): void {
  const { call } = d.store.getState();
  for (const [from, to] of changes) expect(Object.values(CALL_TRANSITIONS[from]).some((targets) => targets.includes(to)), `${from} -> ${to}`).toBe(true);
  // Events recorded: one per seq, in order, none after a final one, never two of a kind that ends the run.
  const rec = d.log.recorded;
  expect(rec.map((e) => e.seq)).toEqual(rec.map((_, i) => i));
  expect(new Set(rec.map((e) => e.eventId)).size).toBe(rec.length);
  const finalAt = rec.findIndex((e) => ['opt_out', 'refusal', 'aborted'].includes(e.kind) || e.kind === 'outcome');
  if (finalAt >= 0) expect(rec.length - 1).toBe(finalAt);
  // At most one save in flight.
  expect(d.held.length).toBeLessThanOrEqual(1);
  // No opt-out request beside the event.
  expect(d.log.optOuts).toEqual([]);
  // The wrap-up offers only what the run allows, and proposes one of them.
  if (call.run?.isFinal && call.outcomes.length > 0) {
    const s = call.run.snapshot();
    const allowed = s.state === 'aborted' ? ['dropped', 'failed'] : [s.outcome?.code];
    expect(call.outcomes).toEqual(allowed);
  }
  if (call.proposedOutcome) expect(call.outcomes).toContain(call.proposedOutcome);
  // An outcome reached the API only from the wrap-up, once, and only one the run allowed.
  const finished = d.log.updates.filter((u) => 'outcome' in u.change);
  expect(finished.length).toBeLessThanOrEqual(1);
  if (finished[0] && call.run?.isFinal) {
    const s = call.run.snapshot();
    const allowed: readonly string[] = s.state === 'aborted' ? ['dropped', 'failed'] : [s.outcome?.code ?? ''];
    expect(allowed).toContain(finished[0].change['outcome']);
  }
}

describe('call controller: the edge refused the dial because the lead or the assignment changed (decisions 0014, 0016)', () => {
  /** Dials the card's lead and has the edge answer 403 with `reason` (Kamailio's reason phrase). */
  async function refusedAtEdge(d: DeskCall, reason: string): Promise<string> {
    const lead = d.store.getState().card!.lead.id;
    await d.store.getState().dial();
    await d.flush();
    d.phone.remote.refuse(d.phoneCallId(), 403, `Dial token refused (${reason})`);
    await d.flush();
    expect(d.store.getState().call).toMatchObject({ phase: 'ended', callEnd: { reason: 'failed', sipStatus: 403, edgeRefusal: reason }, outcomes: ['failed'] });
    return lead;
  }

  it('only gate-changed and not-assigned make the card stale; other refusals and ends do not', () => {
    expect(leadStaleAfter(endForFailureResponse(403, null, 'Dial token refused (gate-changed)'))).toBe(true);
    expect(leadStaleAfter(endForFailureResponse(403, null, 'Dial token refused (not-assigned)'))).toBe(true);
    for (const reason of ['used', 'expired', 'wrong-agent', 'session-ended', 'unknown']) {
      expect(leadStaleAfter(endForFailureResponse(403, null, `Dial token refused (${reason})`))).toBe(false);
    }
    expect(leadStaleAfter(endForFailureResponse(403))).toBe(false);
    expect(leadStaleAfter(endForFailureResponse(486, null, 'Dial token refused (gate-changed)'))).toBe(false);
    expect(leadStaleAfter(null)).toBe(false);
  });

  it('gate-changed: the card is fetched again at once, so it shows the blocked verdict, not the one the dial was authorized on', async () => {
    const blocked = (id: string) =>
      okResult({ ...leadCard(id), onInternalDnc: true, verdict: { allowed: false, reasons: [{ code: 'KR-DNC', detail: 'opted out', message: { ko: '수신 거부', en: 'Opted out' } }] } });
    const d = await deskOnCall({ leadGet: blocked });
    const lead = await refusedAtEdge(d, 'gate-changed');
    expect(d.log.leadGets).toEqual([lead]);
    expect(d.store.getState().card).toMatchObject({ lead: { id: lead }, verdict: { allowed: false, reasons: [{ code: 'KR-DNC' }] } });
  });

  it('not-assigned: the lead is 404 for the agent now, so the card closes and the campaign it was in is no longer chosen; the wrap-up goes on to a campaign still assigned', async () => {
    const remaining = { ...CAMPAIGNS, campaigns: CAMPAIGNS.campaigns.filter((c) => c.id !== 'cmp-kr') };
    let assigned = CAMPAIGNS;
    const d = await deskOnCall({
      leadGet: () => Promise.resolve({ ok: false, error: { code: 'api-error', message: 'no lead', status: 404, problemType: 'https://callgate.dev/problems/not-found' } }),
      campaignList: () => okResult(assigned),
    });
    assigned = remaining;
    const lead = await refusedAtEdge(d, 'not-assigned');
    expect(d.log.leadGets).toEqual([lead]);
    expect(d.store.getState()).toMatchObject({ card: null, leadPhase: 'idle', campaignId: 'cmp-kr-2', campaigns: remaining });
    // As the wrap-up does: the outcome, then the next lead.
    await d.store.getState().finishCall('failed');
    await d.store.getState().nextLead();
    expect(d.log.updates.at(-1)?.change).toMatchObject({ outcome: 'failed' });
    expect(d.log.nextLeads.at(-1)).toEqual({ campaignId: 'cmp-kr-2' });
    expect(d.store.getState()).toMatchObject({ call: { phase: 'idle' }, card: { lead: { campaignId: 'cmp-kr-2' } } });
  });

  it('a refusal that says nothing about the lead (used) fetches nothing; a failed fetch other than 404 keeps the card', async () => {
    const d = await deskOnCall({ leadGet: () => Promise.resolve({ ok: false, error: { code: 'api-unreachable', message: 'offline', status: 0 } }) });
    const lead = await refusedAtEdge(d, 'used');
    expect(d.log.leadGets).toEqual([]);
    await d.store.getState().finishCall('failed');
    await d.store.getState().nextLead();
    await refusedAtEdge(d, 'gate-changed');
    expect(d.log.leadGets).toHaveLength(1);
    expect(d.store.getState().card?.lead.id).not.toBe(lead);
    expect(d.store.getState().card?.lead.id).toBe(d.log.leadGets[0]);
  });
});

describe('call controller: every interleaving of phone events and saves (model)', () => {
  it('keeps its invariants, and a call that ended mid-script always ends with its abort recorded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), async (steps) => {
        const d = await deskOnCall();
        const changes = watchPhases(d);
        await d.store.getState().dial();
        await d.flush();
        for (const step of steps) {
          await apply(d, step);
          invariants(d, changes);
        }
        // Then the far end hangs up (if it has not), and every save lands.
        const live = d.phone.calls()[0];
        if (live) d.phone.remote.hangUp(live.id);
        await d.flush();
        for (let i = 0; i < 10 && d.held.length > 0; i++) await d.settleSave(true);
        const { call } = d.store.getState();
        if (call.phase === 'ended' && call.run && !call.run.isFinal && call.problem?.code === 'record-failed') {
          // the abort failed to save earlier (the disk refused it): saving it again must work
          void d.store.getState().retryAbort();
          await d.flush();
          await d.settleSave(true);
        }
        const end = d.store.getState().call;
        invariants(d, changes);
        expect(['ended', 'wrapped']).toContain(end.phase);
        if (end.run) {
          expect(end.run.isFinal).toBe(true);
          expect(end.run.events.map((e) => e.eventId)).toEqual(d.log.recorded.map((e) => e.eventId));
          expect(end.outcomes.length > 0 || end.phase === 'wrapped').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
