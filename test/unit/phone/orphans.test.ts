// The BYE for a call dropped during a server outage (an orphan), on real sip.js with a fake
// transport and a scripted far end: it is sent again until the far end answers it, and every
// give-up is bounded and logged.
import { Inviter, SessionState, UserAgent, type SessionDescriptionHandler } from 'sip.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ORPHAN_MAX_BYES, orphanByeVerdict, orphanRetryDelayMs } from '../../../shared/phone/orphan-bye';
import { describeOrphanOutcome, ORPHAN_ANSWER_WAIT_MS, OrphanDialogs, type OrphanOutcome } from '../../../renderer/phone/orphans';
import { FakeSipServer, fakeTransportFor, type FakeTransport } from './fake-transport';

/** How the far end answers each BYE it gets, in order: a status, or nothing at all. */
type ByeAnswer = number | 'silent';

interface ByeSeen {
  readonly callId: string;
  readonly cseq: number;
  readonly fromTag: string;
  readonly toTag: string;
  readonly ruri: string;
}

function header(message: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1] ?? '';
}

function respond(transport: FakeTransport, request: string, status: number, reason: string, extra: { toTag?: string; lines?: string[]; body?: string } = {}): void {
  const vias = request.split('\r\n').filter((l) => /^Via:/i.test(l));
  const body = extra.body ?? '';
  const lines = [
    `SIP/2.0 ${status} ${reason}`,
    ...vias,
    `From: ${header(request, 'From')}`,
    `To: ${header(request, 'To')}${extra.toTag ? `;tag=${extra.toTag}` : ''}`,
    `Call-ID: ${header(request, 'Call-ID')}`,
    `CSeq: ${header(request, 'CSeq')}`,
    ...(extra.lines ?? []),
    `Content-Length: ${body.length}`,
    '',
    body,
  ];
  setTimeout(() => transport.receive(lines.join('\r\n')), 1);
}

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

function fakeSdh(): SessionDescriptionHandler {
  return {
    close: () => undefined,
    getDescription: () => Promise.resolve({ body: SDP, contentType: 'application/sdp' }),
    hasDescription: (contentType: string) => contentType === 'application/sdp',
    setDescription: () => Promise.resolve(),
    sendDtmf: () => true,
  };
}

interface Rig {
  readonly ua: UserAgent;
  readonly orphans: OrphanDialogs;
  readonly byes: ByeSeen[];
  readonly outcomes: OrphanOutcome[];
  /** The far end's answers to the coming BYEs. */
  answers: ByeAnswer[];
  registered: boolean;
  call(): Promise<Inviter>;
  /** The far end hangs up: its BYE in the last call's dialog. */
  farEndBye(): void;
}

function rig(): Rig {
  const server = new FakeSipServer();
  const byes: ByeSeen[] = [];
  const outcomes: OrphanOutcome[] = [];
  let lastInvite: { transport: FakeTransport; message: string } | null = null;
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:agent1@callgate.test') ?? (() => { throw new Error('bad AOR'); })(),
    transportConstructor: fakeTransportFor(server),
    sessionDescriptionHandlerFactory: () => fakeSdh(),
    logBuiltinEnabled: false,
    logLevel: 'error',
  });
  const r: Rig = {
    ua,
    byes,
    outcomes,
    answers: [],
    registered: true,
    orphans: new OrphanDialogs(
      ua,
      {
        now: () => Date.now(),
        setTimeout: (cb, ms) => setTimeout(cb, ms),
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
        canSend: () => r.registered,
      },
      (o) => outcomes.push(o),
    ),
    async call() {
      const inviter = new Inviter(ua, UserAgent.makeURI('sip:d-token@callgate.test') ?? (() => { throw new Error('bad URI'); })());
      void inviter.invite();
      await vi.advanceTimersByTimeAsync(20);
      expect(inviter.state).toBe(SessionState.Established);
      return inviter;
    },
    farEndBye() {
      if (!lastInvite) throw new Error('no call');
      const { transport, message } = lastInvite;
      const bye = [
        'BYE sip:agent1@callgate.test SIP/2.0',
        'Via: SIP/2.0/WSS 192.0.2.10;branch=z9hG4bKfarend',
        `From: ${header(message, 'To')};tag=customer`,
        `To: ${header(message, 'From')}`,
        `Call-ID: ${header(message, 'Call-ID')}`,
        'CSeq: 1 BYE',
        'Max-Forwards: 70',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      transport.receive(bye);
    },
  };
  server.onRequest = (transport, message) => {
    const method = message.split(' ')[0];
    if (method === 'INVITE') {
      lastInvite = { transport, message };
      respond(transport, message, 200, 'OK', {
        toTag: 'customer',
        lines: ['Contact: <sip:customer@192.0.2.10:5060;transport=ws>', 'Content-Type: application/sdp'],
        body: SDP,
      });
    } else if (method === 'BYE') {
      byes.push({
        callId: header(message, 'Call-ID'),
        cseq: Number.parseInt(header(message, 'CSeq'), 10),
        fromTag: /tag=([^;\s]+)/.exec(header(message, 'From'))?.[1] ?? '',
        toTag: /tag=([^;\s]+)/.exec(header(message, 'To'))?.[1] ?? '',
        ruri: message.split(' ')[1] ?? '',
      });
      const answer = r.answers.shift() ?? 200;
      if (answer !== 'silent') respond(transport, message, answer, answer === 200 ? 'OK' : 'Not OK');
    }
  };
  return r;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

async function started(): Promise<Rig> {
  const r = rig();
  await r.ua.start();
  return r;
}

describe('OrphanDialogs (sip.js, fake transport, scripted far end)', () => {
  it('PHONE-ORPHAN-RETRY: a BYE answered 408 is sent again in the same dialog with the next CSeq until the far end answers 200; counted until then', async () => {
    const r = await started();
    const call = await r.call();
    r.orphans.add(call);
    r.answers = [408, 503];
    r.orphans.endAll();
    await vi.advanceTimersByTimeAsync(10);
    expect(r.byes).toHaveLength(1);
    expect(r.orphans.size).toBe(1);

    await vi.advanceTimersByTimeAsync(orphanRetryDelayMs(1));
    expect(r.byes).toHaveLength(2);
    expect(r.orphans.size).toBe(1);
    await vi.advanceTimersByTimeAsync(orphanRetryDelayMs(2));
    expect(r.byes).toHaveLength(3);
    expect(r.orphans.size).toBe(0);

    const [first, ...later] = r.byes;
    for (const [i, bye] of later.entries()) {
      expect(bye).toEqual({ ...first, cseq: (first?.cseq ?? 0) + i + 1 });
    }
    expect(first).toMatchObject({ toTag: 'customer', ruri: 'sip:customer@192.0.2.10:5060;transport=ws' });
    expect(r.outcomes.map((o) => [o.attempt, o.sipStatus, o.verdict])).toEqual([
      [1, 408, 'retrying'],
      [2, 503, 'retrying'],
      [3, 200, 'delivered'],
    ]);
  });

  it('PHONE-ORPHAN-UNANSWERED: a BYE with no answer (the new connection died under it) is sent again after the next re-registration, never while unregistered', async () => {
    const r = await started();
    const call = await r.call();
    r.orphans.add(call);
    r.answers = ['silent'];
    r.orphans.endAll();
    r.registered = false;
    await vi.advanceTimersByTimeAsync(ORPHAN_ANSWER_WAIT_MS + orphanRetryDelayMs(1) + 60_000);
    expect(r.byes).toHaveLength(1);
    expect(r.orphans.size).toBe(1);
    expect(r.outcomes).toMatchObject([{ attempt: 1, sipStatus: null, verdict: 'retrying' }]);

    // Registered again: the phone calls endAll().
    r.registered = true;
    r.orphans.endAll();
    await vi.advanceTimersByTimeAsync(10);
    expect(r.byes).toHaveLength(2);
    expect(r.orphans.size).toBe(0);
    expect(r.outcomes.at(-1)).toMatchObject({ attempt: 2, sipStatus: 200, verdict: 'delivered' });
  });

  it('PHONE-ORPHAN-GIVE-UP: bounded: after ORPHAN_MAX_BYES unanswered BYEs it gives up with a warning; 481 ends it at once (the far end has no such call); a refusal is not retried', async () => {
    const r = await started();
    const call = await r.call();
    r.orphans.add(call);
    r.answers = Array.from({ length: ORPHAN_MAX_BYES + 3 }, () => 503);
    r.orphans.endAll();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(r.byes).toHaveLength(ORPHAN_MAX_BYES);
    expect(r.orphans.size).toBe(0);
    const last = r.outcomes.at(-1);
    expect(last).toMatchObject({ attempt: ORPHAN_MAX_BYES, sipStatus: 503, verdict: 'gave_up' });
    expect(last && describeOrphanOutcome(last)).toMatchObject({ level: 'warn', message: expect.stringContaining('gave up after 5 BYE(s)') as unknown });

    for (const [status, verdict] of [[481, 'gone'], [403, 'refused']] as const) {
      const s = await started();
      s.orphans.add(await s.call());
      s.answers = [status];
      s.orphans.endAll();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(s.byes).toHaveLength(1);
      expect(s.orphans.size).toBe(0);
      expect(s.outcomes).toMatchObject([{ sipStatus: status, verdict }]);
    }
  });

  it('the far end ends the call before our BYE (its BYE reached us): forgotten, nothing sent', async () => {
    const r = await started();
    const call = await r.call();
    r.orphans.add(call);
    r.farEndBye();
    await vi.advanceTimersByTimeAsync(10);
    expect(call.state).toBe(SessionState.Terminated);
    expect(r.orphans.size).toBe(0);
    const sent = r.byes.length;
    r.orphans.endAll();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.byes).toHaveLength(sent);
  });
});

describe('orphanByeVerdict', () => {
  it('2xx delivered, 481 gone, no answer / 408 / 5xx retried, anything else refused', () => {
    expect([200, 202, 481, null, 408, 500, 503, 504, 403, 404, 486, 603].map(orphanByeVerdict)).toEqual([
      'delivered', 'delivered', 'gone', 'retry', 'retry', 'retry', 'retry', 'retry', 'refused', 'refused', 'refused', 'refused',
    ]);
    expect([1, 2, 3, 4].map(orphanRetryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
  });
});
