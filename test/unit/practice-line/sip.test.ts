import { describe, expect, it } from 'vitest';
import { buildAnswer, parseOffer, SdpError } from '../../../server/practice-line/sdp';
import { cseqOf, headerParam, parseSip, parseUri, serializeSip, SipParseError, splitList, type SipRequest, type SipResponse } from '../../../server/practice-line/sip-message';
import { T1, T2, UasDialog, type UasOut } from '../../../server/practice-line/uas-dialog';

// An INVITE as Kamailio relays it from the desk through rtpengine (plain RTP towards the practice line).
const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 30000 RTP/AVP 111 0 8 126',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

function invite(body = OFFER, extra: string[] = []): string {
  return [
    'INVITE sip:p-abcdefghijklmnopqrstu@practice.test SIP/2.0',
    'Record-Route: <sip:127.0.0.1:5060;r2=on;lr;ftag=f1>, <sip:127.0.0.1:8080;transport=ws;r2=on;lr;ftag=f1>',
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKproxy1',
    'v: SIP/2.0/WSS abc.invalid;branch=z9hG4bKdesk1',
    'f: "Agent" <sip:agent1@callgate.test>;tag=f1',
    't: <sip:p-abcdefghijklmnopqrstu@practice.test>',
    'i: call-1@desk',
    'CSeq: 7 INVITE',
    'm: <sip:x@abc.invalid;transport=ws;alias=127.0.0.1~40000~5>',
    'Subject: folded',
    '  header line',
    'Max-Forwards: 69',
    ...extra,
    'c: application/sdp',
    `l: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

function req(text: string): SipRequest {
  const m = parseSip(text);
  if (m.kind !== 'request') throw new Error('not a request');
  return m;
}

const local = { contact: 'sip:practice@127.0.0.1:5070;transport=udp', sentBy: '127.0.0.1:5070', random: (() => { let n = 0; return () => `r${++n}`; })(), userAgent: 'test' };

const statusOf = (out: readonly UasOut[]) => out.map((o) => (o.message.kind === 'response' ? o.message.status : o.message.method));

describe('SIP messages', () => {
  it('parses compact forms, folded lines and comma lists; tags and branches', () => {
    const m = req(invite());
    expect(m.method).toBe('INVITE');
    expect(m.headers.all('via')).toHaveLength(2);
    expect(m.headers.all('record-route')).toHaveLength(2);
    expect(m.headers.get('subject')).toBe('folded header line');
    expect(headerParam(m.headers.get('from'), 'tag')).toBe('f1');
    expect(headerParam(m.headers.get('via'), 'branch')).toBe('z9hG4bKproxy1');
    expect(cseqOf(m)).toEqual({ seq: 7, method: 'INVITE' });
    expect(parseUri(m.uri)).toMatchObject({ user: 'p-abcdefghijklmnopqrstu', host: 'practice.test' });
    expect(parseUri('sip:127.0.0.1:5060;r2=on;lr')).toMatchObject({ host: '127.0.0.1', port: 5060, params: { lr: '', r2: 'on' } });
    expect(splitList('"a, b" <sip:x>, <sip:y;p=1,2>')).toEqual(['"a, b" <sip:x>', '<sip:y;p=1,2>']);
  });

  it('serializes with a Content-Length from the body and parses back the same', () => {
    const m = req(invite());
    const again = req(serializeSip(m));
    expect(again.body).toBe(OFFER);
    expect(again.headers.get('call-id')).toBe('call-1@desk');
    expect(serializeSip(m)).toContain(`Content-Length: ${Buffer.byteLength(OFFER)}`);
  });

  it('refuses what is not SIP, with a reason (nothing is answered)', () => {
    expect(() => parseSip('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toThrow(SipParseError);
    expect(() => parseSip(invite().replace('CSeq: 7 INVITE\r\n', ''))).toThrow(/missing cseq/);
    expect(() => parseSip(invite().replace(/l: \d+/, 'l: -3'))).toThrow(/Content-Length/);
  });
});

describe('SDP offer/answer', () => {
  it('PCMU first, telephone-event with the offerer\'s payload type, our address in the answer', () => {
    const offer = parseOffer(OFFER);
    expect(offer).toEqual({ address: '127.0.0.1', port: 30000, codec: 'PCMU', telephoneEvent: 126, direction: 'sendrecv' });
    const answer = buildAnswer(offer, { address: '127.0.0.2', port: 40000, sessionId: '9', version: 1 });
    expect(answer).toContain('m=audio 40000 RTP/AVP 0 126\r\n');
    expect(answer).toContain('c=IN IP4 127.0.0.2');
    expect(answer).toContain('a=sendrecv');
  });

  it('PCMA when PCMU is missing; hold mirrored; 488 reasons for what cannot be answered', () => {
    expect(parseOffer(OFFER.replace('111 0 8 126', '8')).codec).toBe('PCMA');
    expect(buildAnswer(parseOffer(OFFER.replace('a=sendrecv', 'a=sendonly')), { address: 'x', port: 1, sessionId: '1', version: 2 })).toContain('a=recvonly');
    expect(() => parseOffer(OFFER.replace('111 0 8 126', '111'))).toThrow(SdpError);
    expect(() => parseOffer(OFFER.replace('RTP/AVP', 'UDP/TLS/RTP/SAVPF'))).toThrow(/plain RTP/);
    expect(() => parseOffer('v=0\r\n')).toThrow(/no audio/);
  });
});

describe('UAS dialog (transition table)', () => {
  it('INVITE: 100 and 180 at once; answer: 200 with SDP, Record-Route and Contact, retransmitted T1, 2T1 .. T2 until the ACK', () => {
    const d = new UasDialog(req(invite()), local);
    expect(statusOf(d.start())).toEqual([100, 180]);
    expect(d.state).toBe('proceeding');
    const out = d.answer('v=0\r\n', 0);
    const ok = out[0]?.message as SipResponse;
    expect(ok.status).toBe(200);
    expect(ok.headers.all('record-route')).toHaveLength(2);
    expect(ok.headers.get('contact')).toBe(`<${local.contact}>`);
    expect(headerParam(ok.headers.get('to'), 'tag')).toBe(d.localTag);
    expect(d.state).toBe('answering');
    expect(d.nextAt()).toBe(T1);
    expect(statusOf(d.advance(T1))).toEqual([200]);
    expect(d.nextAt()).toBe(T1 + 2 * T1);
    d.advance(3 * T1);
    d.advance(7 * T1);
    expect(d.nextAt()).toBe(7 * T1 + T2);
    const ack = req(invite('', []).replace('INVITE sip:', 'ACK sip:').replace('CSeq: 7 INVITE', 'CSeq: 7 ACK').replace('t: <sip:p-abcdefghijklmnopqrstu@practice.test>', `t: <sip:p@x>;tag=${d.localTag}`));
    expect(d.receive(ack, 4000, () => undefined)).toEqual([]);
    expect(d.state).toBe('confirmed');
    expect(d.nextAt()).toBeUndefined();
  });

  it('a retransmitted INVITE gets the last response again; CANCEL before the answer ends it with 487', () => {
    const d = new UasDialog(req(invite()), local);
    d.start();
    expect(statusOf(d.receive(req(invite()), 10, () => undefined))).toEqual([180]);
    const cancel = req(invite('').replace('INVITE sip:', 'CANCEL sip:').replace('CSeq: 7 INVITE', 'CSeq: 7 CANCEL'));
    expect(statusOf(d.receive(cancel, 20, () => undefined))).toEqual([200, 487]);
    expect(d.state).toBe('terminated');
    expect(d.ended).toBe('cancelled');
  });

  it('refuse before answering (bad token, no codec) sends the final error and ends', () => {
    const d = new UasDialog(req(invite()), local);
    d.start();
    expect(statusOf(d.refuse(403, 'Forbidden'))).toEqual([403]);
    expect(d.ended).toBe('refused');
    expect(d.answer('v=0', 0)).toEqual([]);
  });

  it('the customer hangs up: BYE along the route set to the caller\'s Contact, retransmitted until answered', () => {
    const d = confirmed();
    const out = d.hangUp(100);
    expect(out).toHaveLength(1);
    const bye = out[0]?.message as SipRequest;
    expect(out[0]?.to).toBe('next_hop');
    expect(bye.method).toBe('BYE');
    expect(bye.uri).toBe('sip:x@abc.invalid;transport=ws;alias=127.0.0.1~40000~5');
    expect(bye.headers.all('route')).toEqual(['<sip:127.0.0.1:5060;r2=on;lr;ftag=f1>', '<sip:127.0.0.1:8080;transport=ws;r2=on;lr;ftag=f1>']);
    expect(headerParam(bye.headers.get('from'), 'tag')).toBe(d.localTag);
    expect(headerParam(bye.headers.get('to'), 'tag')).toBe('f1');
    expect(bye.headers.get('cseq')).toBe('2 BYE');
    expect(d.state).toBe('terminating');
    expect(statusOf(d.advance(100 + T1))).toEqual(['BYE']);
    const ok = parseSip(serializeSip({ kind: 'response', status: 200, reason: 'OK', headers: bye.headers, body: '' })) as SipResponse;
    d.receiveResponse(ok);
    expect(d.state).toBe('terminated');
    expect(d.ended).toBe('local_bye');
  });

  it('BYE from the caller: 200, ended; a retransmitted BYE gets the same 200', () => {
    const d = confirmed();
    const bye = req(inDialog('BYE', 8, d.localTag));
    expect(statusOf(d.receive(bye, 10, () => undefined))).toEqual([200]);
    expect(d.ended).toBe('caller_bye');
    expect(statusOf(d.receive(bye, 20, () => undefined))).toEqual([200]);
  });

  it('a hang-up while the 200 waits for its ACK is sent once the ACK arrives (RFC 3261 15)', () => {
    const d = new UasDialog(req(invite()), local);
    d.start();
    d.answer('v=0', 0);
    expect(d.hangUp(10)).toEqual([]);
    expect(statusOf(d.receive(req(inDialog('ACK', 7, d.localTag)), 20, () => undefined))).toEqual(['BYE']);
  });

  it('no ACK for 64*T1: the dialog is ended with a BYE', () => {
    const d = new UasDialog(req(invite()), local);
    d.start();
    d.answer('v=0', 0);
    let out: UasOut[] = [];
    for (let t = 0; t <= 64 * T1; t += 100) out = [...out, ...d.advance(t)];
    expect(statusOf(out).at(-1)).toBe('BYE');
    expect(d.ended).toBe('no_ack');
  });

  it('re-INVITE (hold): 200 with our new answer; OPTIONS/INFO 200; unknown methods 405', () => {
    const d = confirmed();
    const hold = req(inDialog('INVITE', 8, d.localTag, OFFER.replace('a=sendrecv', 'a=sendonly')));
    const out = d.receive(hold, 10, (offer) => buildAnswer(parseOffer(offer), { address: '127.0.0.1', port: 1, sessionId: '1', version: 2 }));
    expect(statusOf(out)).toEqual([200]);
    expect((out[0]?.message as SipResponse).body).toContain('a=recvonly');
    expect(d.nextAt()).toBe(10 + T1);
    d.receive(req(inDialog('ACK', 8, d.localTag)), 20, () => undefined);
    expect(d.nextAt()).toBeUndefined();
    expect(statusOf(d.receive(req(inDialog('INFO', 9, d.localTag)), 30, () => undefined))).toEqual([200]);
    expect(statusOf(d.receive(req(inDialog('REFER', 10, d.localTag)), 30, () => undefined))).toEqual([405]);
  });
});

function inDialog(method: string, cseq: number, toTag: string, body = ''): string {
  return invite(body)
    .replace('INVITE sip:', `${method} sip:`)
    .replace('CSeq: 7 INVITE', `CSeq: ${cseq} ${method}`)
    .replace(/branch=z9hG4bKproxy1/, `branch=z9hG4bK${method}${cseq}`)
    .replace('t: <sip:p-abcdefghijklmnopqrstu@practice.test>', `t: <sip:p-abcdefghijklmnopqrstu@practice.test>;tag=${toTag}`);
}

function confirmed(): UasDialog {
  const d = new UasDialog(req(invite()), local);
  d.start();
  d.answer('v=0', 0);
  d.receive(req(inDialog('ACK', 7, d.localTag)), 5, () => undefined);
  return d;
}
