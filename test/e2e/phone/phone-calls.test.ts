// The sip.js adapter against the real stack: Kamailio (WebSocket + digest auth), rtpengine, sipp,
// Chromium. Audio is proven by getStats counters on both sides, never by "Established" alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../sip/net';
import type { Agent } from './agent';
import { startPhoneFixture, type PhoneFixture } from './fixture';

let f: PhoneFixture;
let agent: Agent;

beforeAll(async () => {
  f = await startPhoneFixture();
  agent = await f.agent(0);
  await agent.must((h) => h.phone!.register());
});

afterAll(async () => {
  await f?.close();
});

/** Waits until the agent's inbound audio shows bytes and energy (and returns the counters). */
async function agentHearsAudio(callId: string) {
  return await waitUntil(
    async () => {
      const s = await agent.must((h, id) => h.phone!.mediaStats(id), callId);
      return s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 ? s : undefined;
    },
    10_000,
    'agent inbound audio (bytesReceived and totalAudioEnergy > 0)',
  );
}

/** The call's states without the repeats of snapshots that changed only a detail (hold, media, mute). */
function distinctStates(history: readonly { state: string }[]): string[] {
  return history.map((c) => c.state).filter((state, i, all) => i === 0 || all[i - 1] !== state);
}

async function hangUpAll(): Promise<void> {
  await agent.run(async (h) => {
    for (const c of h.phone!.calls()) await h.phone!.hangUp(c.id);
  });
}

describe('registration', () => {
  it('PHONE-REG: registers with auth_ephemeral credentials (digest MD5) and reports registered', async () => {
    const registration = await agent.must((h) => h.phone!.registration());
    expect(registration.state).toBe('registered');
    expect(registration.aor).toBe(f.stack.agents[0]?.aor);
  });

  it('PHONE-REG-AUTH: a wrong password fails as auth_failed, stops in `failed` and does not retry', async () => {
    const wrong = await f.agent(1, { authPassword: 'not-the-password' });
    const outcome = await wrong.run((h) => h.phone!.register());
    expect(outcome).toMatchObject({ ok: false, code: 'auth_failed' });
    if (!outcome.ok) expect([401, 403, 407]).toContain(outcome.sipStatus);
    const registration = await wrong.must((h) => h.phone!.registration());
    // No retry loop hammering the server with a bad password: nothing is scheduled (the unit test
    // PHONE-REG-AUTH runs the clock two minutes on and sees no second REGISTER).
    expect(registration).toMatchObject({ state: 'failed', error: { kind: 'auth_failed' }, nextAttemptAt: null });
    const states = await wrong.page.evaluate(() => window.agent.registration.map((r) => r.value.state));
    expect(states).toEqual(['registering', 'failed']);
    await wrong.close();
  });
});

describe('calls to the browser customer', () => {
  it('PHONE-AUDIO: audio flows both ways (getStats bytesReceived and totalAudioEnergy > 0 on each side)', async () => {
    const customer = await f.customer(0);
    const id = await agent.must((h, aor) => h.phone!.call(aor), customer.user.aor);
    const active = await agent.waitForCall(id, 'active', 15_000);
    expect(active.sipCallId).toBeTruthy();
    const agentSide = await agentHearsAudio(id);
    expect(agentSide.bytesSent).toBeGreaterThan(0);
    const customerSide = await waitUntil(
      async () => {
        const s = await customer.stats();
        return s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 ? s : undefined;
      },
      10_000,
      'customer inbound audio',
    );
    expect(customerSide.bytesSent).toBeGreaterThan(0);
    // Live quality from getStats reached the agent, with an estimated MOS.
    const quality = await waitUntil(
      () => agent.page.evaluate((cid) => window.agent.quality.find((q) => q.value.callId === cid && q.value.bytesReceived > 0)?.value, id),
      5_000,
      'a quality sample',
    );
    expect(quality.mos).toBeGreaterThanOrEqual(1);
    expect(quality.mos).toBeLessThanOrEqual(4.5);
    await agent.must((h, cid) => h.phone!.hangUp(cid), id);
    const ended = await agent.waitForCall(id, 'ended');
    expect(ended.end).toEqual({ reason: 'local_hangup', sipStatus: null });
    await waitUntil(async () => ((await customer.events()).some((e) => e.type === 'terminated') ? true : undefined), 5_000, 'customer sees BYE');
    await customer.close();
  });
});

describe('calls to the plain-SIP customer through rtpengine', () => {
  it('PHONE-TRUNK: a call to a phone number goes through rtpengine to sipp and its echo comes back', async () => {
    const id = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, f.stack.pstn.echo));
    await agent.waitForCall(id, 'active', 15_000);
    const heard = await agentHearsAudio(id);
    expect(heard.bytesSent).toBeGreaterThan(0);
    // The desk dialled a single-use token: the number never reached it, and the token is not shown.
    expect((await agent.history(id))[0]?.remoteLabel).toBe('***');
    await agent.must((h, cid) => h.phone!.hangUp(cid), id);
    expect((await agent.waitForCall(id, 'ended')).end?.reason).toBe('local_hangup');
  });

  it('PHONE-END: busy, no answer, rejected, remote hang-up and cancel end with distinct reasons', async () => {
    const { pstn } = f.stack;
    const busy = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, pstn.busy));
    const rejected = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, pstn.rejects));
    const noAnswer = await agent.must((h, t) => h.phone!.call(t, { noAnswerTimeoutMs: 2_000 }), await f.dial(0, pstn.noAnswer));
    const hangsUp = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, pstn.hangsUp));
    const cancelled = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, pstn.noAnswer));
    await agent.waitForCall(cancelled, 'ringing', 10_000);
    await agent.must((h, cid) => h.phone!.hangUp(cid), cancelled);

    const ends = await Promise.all([busy, rejected, noAnswer, hangsUp, cancelled].map((id) => agent.waitForCall(id, 'ended', 15_000)));
    // What the customer's side saw of the cancelled call, for a failure's message.
    const cancelledSip = (await agent.history(cancelled)).find((c) => c.sipCallId)?.sipCallId ?? '';
    const customerSaw = `customer log of the cancelled call: ${f.stack.sipp.callLog(cancelledSip).join(' | ') || '(nothing)'}`;
    expect(ends.map((c) => c.end), customerSaw).toEqual([
      { reason: 'busy', sipStatus: 486 },
      { reason: 'rejected', sipStatus: 603 },
      { reason: 'no_answer', sipStatus: 487 },
      { reason: 'remote_hangup', sipStatus: null },
      { reason: 'cancelled', sipStatus: 487 },
    ]);
    // The unanswered call rang with a local ringback tone (180 without SDP).
    expect((await agent.history(noAnswer)).some((c) => c.state === 'ringing' && c.ringback === 'tone')).toBe(true);
    // The call that was hung up by the far end had been answered first.
    expect((await agent.history(hangsUp)).some((c) => c.state === 'active')).toBe(true);

    // The edge reported each call to the API (dialog events -> POST /v1/edge/call-events): start,
    // the trunk's answer, and the end with the final code or who hung up.
    const sipIds = await Promise.all([busy, rejected, cancelled, hangsUp].map(async (id) => (await agent.history(id)).find((c) => c.sipCallId)?.sipCallId ?? ''));
    const edge = f.stack.edgeApi!;
    const endOf = (sipCallId: string) => edge.events().find((e) => e.kind === 'end' && e.sipCallId === sipCallId);
    await waitUntil(() => (sipIds.every((id) => endOf(id)) ? true : undefined), 5_000, 'the edge reported every end');
    expect(endOf(sipIds[0] ?? '')).toMatchObject({ sipCode: 486, reason: 'failure' });
    expect(endOf(sipIds[1] ?? '')).toMatchObject({ sipCode: 603, reason: 'failure' });
    expect(endOf(sipIds[2] ?? '')).toMatchObject({ sipCode: 487, reason: 'CANCEL' });
    expect(endOf(sipIds[3] ?? '')).toMatchObject({ reason: 'BYE from the trunk' });
    const kinds = edge.events().filter((e) => e.sipCallId === sipIds[3]).map((e) => e.kind);
    expect(kinds).toEqual(['start', 'answer', 'end']);
    expect(edge.events().filter((e) => e.sipCallId === sipIds[0]).map((e) => e.kind)).toEqual(['start', 'end']);
  });
});

describe('DTMF', () => {
  it('PHONE-DTMF-4733: RFC 4733 keys from the agent reach the media path, and the echo comes back', async () => {
    const id = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, f.stack.pstn.echo));
    await agent.waitForCall(id, 'active', 15_000);
    const before = f.stack.mediaDtmf().length;
    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '19#', 'rfc4733'), id);
    // rtpengine sits in the media path and reports each telephone-event it forwards.
    const events = await waitUntil(() => {
      const seen = f.stack.mediaDtmf().slice(before);
      return seen.length >= 6 ? seen : undefined;
    }, 5_000, 'six telephone-events (three each way)');
    // sipp's dialog tag says which side sent each event.
    const fromSipp = (e: (typeof events)[number]): boolean => String(e.raw['source_tag']).includes('SIPpTag');
    const fromAgent = events.filter((e) => !fromSipp(e)).map((e) => e.event);
    const echoed = events.filter(fromSipp).map((e) => e.event);
    expect(fromAgent).toEqual([1, 9, 11]); // RFC 4733: '#' is event 11
    expect(echoed).toEqual([1, 9, 11]);
    await agent.must((h, cid) => h.phone!.hangUp(cid), id);
  });

  it('PHONE-DTMF-INFO: SIP INFO keys reach the plain-SIP customer, and its INFO reaches the agent', async () => {
    const echo = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, f.stack.pstn.echo));
    await agent.waitForCall(echo, 'active', 15_000);
    const before = f.stack.sipp.infoDigits().length;
    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '42*', 'info'), echo);
    expect(f.stack.sipp.infoDigits().slice(before)).toEqual(['4', '2', '*']);
    await agent.must((h, cid) => h.phone!.hangUp(cid), echo);

    const sender = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, f.stack.pstn.sendsDtmf));
    await agent.waitForCall(sender, 'active', 15_000);
    const received = await waitUntil(
      () => agent.page.evaluate((cid) => window.agent.dtmf.find((d) => d.value.callId === cid)?.value, sender),
      5_000,
      'INFO DTMF from the customer',
    );
    expect(received.digit).toBe('5');
    await agent.must((h, cid) => h.phone!.hangUp(cid), sender);
  });

  it('PHONE-DTMF-BROWSER: INFO keys both ways with the browser customer', async () => {
    const customer = await f.customer(0);
    const id = await agent.must((h, aor) => h.phone!.call(aor), customer.user.aor);
    await agent.waitForCall(id, 'active', 15_000);
    await agent.must((h, cid) => h.phone!.sendDtmf(cid, '8', 'info'), id);
    const info = await waitUntil(async () => (await customer.events()).find((e) => e.type === 'info'), 5_000, 'customer gets INFO');
    expect(info.detail).toContain('Signal=8');
    expect(await customer.sendInfoDtmf('3')).toBe(200);
    const got = await waitUntil(() => agent.page.evaluate((cid) => window.agent.dtmf.find((d) => d.value.callId === cid)?.value, id), 5_000, 'agent gets INFO');
    expect(got.digit).toBe('3');
    await hangUpAll();
    await customer.close();
  });
});

describe('hold', () => {
  it('PHONE-HOLD: `held` only after the far end answered the re-INVITE (answered 1.5 s late)', async () => {
    const id = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, f.stack.pstn.slowHold));
    await agent.waitForCall(id, 'active', 15_000);
    const holdStarted = Date.now();
    const reinvitesBefore = f.stack.sipp.logLines().filter((l) => /re-INVITE a=sendonly/.test(l)).length;
    const hold = agent.run((h, cid) => h.phone!.hold(cid), id);
    await waitUntil(() => (f.stack.sipp.logLines().filter((l) => /re-INVITE a=sendonly/.test(l)).length > reinvitesBefore ? true : undefined), 5_000, 'sipp received the hold re-INVITE');
    // The customer has the re-INVITE and answers it 1.5 s late: the phone must not claim the call is on hold yet.
    expect((await agent.history(id)).at(-1)?.state).toBe('holding');
    expect(await hold).toEqual({ ok: true, value: undefined });
    const held = await agent.waitForCall(id, 'held');
    const heldAt = await agent.page.evaluate((cid) => window.agent.calls.find((c) => c.value.id === cid && c.value.state === 'held')?.at ?? 0, id);
    expect(heldAt - holdStarted).toBeGreaterThanOrEqual(1_400);
    expect(held.state).toBe('held');
    expect(held.hold).toBe('local');
    await agent.must((h, cid) => h.phone!.unhold(cid), id);
    expect(distinctStates(await agent.history(id)).slice(-3)).toEqual(['held', 'resuming', 'active']);
    expect((await agent.history(id)).at(-1)?.hold).toBe('none');
    await agent.must((h, cid) => h.phone!.hangUp(cid), id);
  });

  it('PHONE-HOLD-REFUSED: a refused hold (488) leaves the call active and tells the agent', async () => {
    const id = await agent.must((h, t) => h.phone!.call(t), await f.dial(0, f.stack.pstn.refusesHold));
    await agent.waitForCall(id, 'active', 15_000);
    const outcome = await agent.run((h, cid) => h.phone!.hold(cid), id);
    expect(outcome).toMatchObject({ ok: false, code: 'hold_refused', sipStatus: 488 });
    expect(distinctStates(await agent.history(id)).slice(-3)).toEqual(['active', 'holding', 'active']);
    const notice = await agent.page.evaluate((cid) => window.agent.notices.find((n) => n.value.callId === cid)?.value, id);
    expect(notice).toMatchObject({ kind: 'hold_refused', sipStatus: 488 });
    // Still a working call: received audio keeps being decoded (no one-way audio after the refusal).
    const first = await agent.must((h, cid) => h.phone!.mediaStats(cid), id);
    await waitUntil(
      async () => ((await agent.must((h, cid) => h.phone!.mediaStats(cid), id))!.totalAudioEnergy > first!.totalAudioEnergy ? true : undefined),
      5_000,
      'received audio energy keeps growing after the refused hold',
    );
    // And the dialog is not stuck: a second attempt is refused by the far end again, not by the phone.
    expect(await agent.run((h, cid) => h.phone!.hold(cid), id)).toMatchObject({ ok: false, code: 'hold_refused', sipStatus: 488 });
    await agent.must((h, cid) => h.phone!.hangUp(cid), id);
  });

  it('PHONE-HOLD-BROWSER: the browser customer sees the hold (recvonly) and the resume (sendrecv)', async () => {
    const customer = await f.customer(0);
    const id = await agent.must((h, aor) => h.phone!.call(aor), customer.user.aor);
    await agent.waitForCall(id, 'active', 15_000);
    await agent.must((h, cid) => h.phone!.hold(cid), id);
    expect((await customer.stats())?.currentDirection).toBe('recvonly');
    await agent.must((h, cid) => h.phone!.unhold(cid), id);
    expect((await customer.stats())?.currentDirection).toBe('sendrecv');
    await agent.must((h, cid) => h.phone!.setMuted(cid, true), id);
    expect((await agent.history(id)).at(-1)?.muted).toBe(true);
    await hangUpAll();
    await customer.close();
  });
});

describe('transfer and incoming calls', () => {
  it('PHONE-XFER: blind transfer (REFER) moves the customer to another phone and ends the agent leg', async () => {
    const customer = await f.customer(0);
    const target = await f.customer(1);
    const id = await agent.must((h, aor) => h.phone!.call(aor), customer.user.aor);
    await agent.waitForCall(id, 'active', 15_000);
    await agent.must((h, [cid, to]) => h.phone!.transfer(cid, to), [id, target.user.user] as const);
    const ended = await agent.waitForCall(id, 'ended');
    expect(ended.end?.reason).toBe('transferred');
    expect((await customer.events()).some((e) => e.type === 'refer')).toBe(true);
    // The transferee called the target, which answered: a second call with audio.
    await waitUntil(async () => ((await target.events()).some((e) => e.type === 'established') ? true : undefined), 10_000, 'target answered');
    const stats = await waitUntil(async () => {
      const s = await target.stats();
      return s && s.bytesReceived > 0 ? s : undefined;
    }, 10_000, 'audio on the transferred call');
    expect(stats.bytesReceived).toBeGreaterThan(0);
    await customer.close();
    await target.close();
  });

  it('PHONE-IN: an incoming call rings as `incoming`, answer() makes it active with audio', async () => {
    const customer = await f.customer(2);
    await customer.call(f.stack.agents[0]!.aor);
    const incoming = await waitUntil(
      () => agent.page.evaluate(() => window.agent.calls.find((c) => c.value.direction === 'incoming' && c.value.state === 'incoming')?.value),
      10_000,
      'incoming call',
    );
    expect(incoming.remoteLabel).toBe('customer3');
    await agent.must((h, cid) => h.phone!.answer(cid), incoming.id);
    await agent.waitForCall(incoming.id, 'active');
    await agentHearsAudio(incoming.id);
    await customer.hangUp();
    expect((await agent.waitForCall(incoming.id, 'ended')).end?.reason).toBe('remote_hangup');
    await customer.close();
  });
});

describe('audio devices', () => {
  it('PHONE-DEVICES: the microphone switches mid-call without renegotiation; the output follows setSinkId', async () => {
    const customer = await f.customer(0);
    const id = await agent.must((h, aor) => h.phone!.call(aor), customer.user.aor);
    await agent.waitForCall(id, 'active', 15_000);
    const devices = await agent.must((h) => h.phone!.audioDevices());
    expect(devices.canSelectOutput).toBe(true);
    const mic = devices.inputs.find((d) => d.label === 'Fake Audio Input 1');
    const speaker = devices.outputs.find((d) => d.label === 'Fake Audio Output 2');
    expect(mic && speaker).toBeTruthy();
    await agent.must((h, dev) => h.phone!.setAudioInput(dev), mic!.deviceId);
    await agent.must((h, dev) => h.phone!.setAudioOutput(dev), speaker!.deviceId);
    const routing = await agent.must((h, cid) => h.phone!.audioRouting(cid), id);
    expect(routing).toEqual({ sinkId: speaker!.deviceId, microphone: 'Fake Audio Input 1' });
    // The customer keeps hearing the agent on the new microphone.
    const before = await customer.stats();
    await waitUntil(async () => ((await customer.stats())!.totalAudioEnergy > before!.totalAudioEnergy ? true : undefined), 5_000, 'the customer hears the new microphone');
    expect(await agent.run((h) => h.phone!.setAudioOutput('no-such-device'))).toMatchObject({ ok: false, code: 'device_not_found' });
    await hangUpAll();
    await customer.close();
  });
});
