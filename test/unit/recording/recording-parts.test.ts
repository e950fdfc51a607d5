// Recording pieces that need no media edge: the recording state machine and what events mean for it,
// encryption at rest (random access, tamper detection), audio grants, Range parsing, G.711, pcap
// decoding onto one timeline, and which party is which.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { RECORDING_POLICIES } from '../../../shared/recording/policy';
import { RECORDING_INPUTS, RECORDING_STATES, RECORDING_TRANSITIONS, recordingInputOf, recordingStep, type RecordingState } from '../../../shared/recording/recording-run';
import { checkGrant, signGrant } from '../../../server/recording/audio-grant';
import { EnvelopeError, openEnvelope, seal } from '../../../server/recording/envelope';
import { decodePcma, decodePcmu, encodePcmu } from '../../../server/recording/g711';
import { keyringOf } from '../../../server/recording/keyring';
import { pcapToRecording } from '../../../server/recording/pcap-to-wav';
import { labelParties } from '../../../server/recording/recorder';
import { wavInfo } from '../../../server/recording/wav';
import { parseRange } from '../../../server/services/recordings';
import { tone } from '../../support/tones';

const dir = mkdtempSync(join(tmpdir(), 'cg-rec-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (over: Partial<ConsentEvent>): ConsentEvent => ({
  eventId: '0190f000-0000-7000-8000-000000000001', callId: 'c', leadId: 'l', campaignId: 'k', agentId: 'a', scriptId: 'kr-default', scriptVersion: 2,
  stepId: 'kr-rec', seq: 4, kind: 'answer', answer: 'yes', ruleIds: [], promptText: 't', promptSha256: '0'.repeat(64), locale: 'ko',
  occurredAt: '2026-03-10T01:00:00.000Z', calleeTimeZone: 'Asia/Seoul', practice: false, ...over,
});

describe('recording state machine (KR-REC, US-RECNOTICE)', () => {
  const KR = RECORDING_POLICIES.KR!;
  const US = RECORDING_POLICIES.US!;

  it('KR-REC: only a granted recording-consent answer is permission; any other answer refuses', () => {
    expect(recordingInputOf(event({ consentKind: 'recording' }), KR, () => true)).toBe('permission');
    expect(recordingInputOf(event({ consentKind: 'recording', answer: 'no' }), KR, () => false)).toBe('refusal');
    // A marketing consent "yes" is not permission to record.
    expect(recordingInputOf(event({ consentKind: 'marketing_call' }), KR, () => true)).toBeNull();
    // The US notice means nothing under KR: KR needs the person's consent.
    expect(recordingInputOf(event({ kind: 'disclosure', answer: 'confirmed', ruleIds: ['US-RECNOTICE'] }), KR, () => true)).toBeNull();
  });

  it('US-RECNOTICE: the confirmed notice is permission; a recording-consent answer is not asked for', () => {
    expect(recordingInputOf(event({ kind: 'disclosure', answer: 'confirmed', ruleIds: ['US-RECNOTICE'] }), US, () => false)).toBe('permission');
    expect(recordingInputOf(event({ kind: 'disclosure', answer: 'confirmed', ruleIds: ['US-DISC'] }), US, () => false)).toBeNull();
  });

  it('KR-OPTOUT: an opt-out, a refusal or a dropped call stops the recording', () => {
    for (const kind of ['opt_out', 'refusal', 'aborted'] as const) expect(recordingInputOf(event({ kind }), KR, () => true)).toBe('stop');
  });

  it('the recording never starts without permission and never restarts once stopped (every path)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RECORDING_INPUTS), { maxLength: 12 }), (inputs) => {
        let state: RecordingState = 'none';
        let started = 0;
        let permitted = false;
        for (const input of inputs) {
          if (input === 'permission') permitted = true;
          const step = recordingStep(state, input);
          if (!step) continue;
          if (step.effects.includes('start')) {
            started += 1;
            expect(permitted).toBe(true);
          }
          state = step.next;
        }
        expect(started).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the transition table names only known states, and the final states are final', () => {
    for (const s of RECORDING_STATES) for (const step of Object.values(RECORDING_TRANSITIONS[s])) expect(RECORDING_STATES).toContain(step.next);
    for (const s of ['declined', 'failed', 'deleted'] as const) expect(RECORDING_TRANSITIONS[s]).toEqual({});
    expect(recordingStep('recording', 'call_end')?.effects).toEqual(['stop', 'finalize']);
    expect(recordingStep('none', 'stop')).toBeNull();
  });
});

describe('recordings at rest', () => {
  const keyring = keyringOf([randomBytes(32)]);
  const plain = randomBytes(200_000);

  async function sealedFile(data: Buffer, name: string, chunk?: number): Promise<string> {
    const file = join(dir, name);
    writeFileSync(file, seal(data, keyring, chunk));
    return file;
  }

  it('decrypts any range to exactly the plaintext, reading only what it needs', async () => {
    const file = await sealedFile(plain, 'a.cgrec', 4096);
    const fh = await open(file, 'r');
    try {
      const env = await openEnvelope(fh, keyring);
      expect(env.plainSize).toBe(plain.length);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: plain.length }), fc.integer({ min: 0, max: 20_000 }), async (start, len) => {
          expect((await env.read(start, start + len)).equals(plain.subarray(start, start + len))).toBe(true);
        }),
        { numRuns: 60 },
      );
    } finally {
      await fh.close();
    }
  });

  it('a changed byte, a truncated file, swapped chunks or another server key are refused, never decrypted', async () => {
    const tries: [string, (b: Buffer) => Buffer][] = [
      ['flip', (b) => Object.assign(Buffer.from(b), { [b.length - 10]: (b[b.length - 10] ?? 0) ^ 1 })],
      ['truncate', (b) => b.subarray(0, b.length - 4096 - 16)],
      ['header', (b) => Buffer.from(b.toString('latin1').replace('"plainSize":200000', '"plainSize":199999'), 'latin1')],
    ];
    for (const [name, mutate] of tries) {
      const file = join(dir, `m-${name}.cgrec`);
      writeFileSync(file, mutate(seal(plain, keyring, 4096)));
      const fh = await open(file, 'r');
      try {
        await expect((async () => (await openEnvelope(fh, keyring)).read(0, plain.length))(), name).rejects.toThrow(EnvelopeError);
      } finally {
        await fh.close();
      }
    }
    const file = await sealedFile(plain, 'k.cgrec');
    const fh = await open(file, 'r');
    try {
      await expect(openEnvelope(fh, keyringOf([randomBytes(32)]))).rejects.toThrow(/not in the keyring/);
    } finally {
      await fh.close();
    }
  });

  it('two chunks swapped fail authentication (the chunk index is bound into each)', async () => {
    const chunk = 4096;
    const data = randomBytes(chunk * 3);
    const sealed = seal(data, keyring, chunk);
    const body = sealed.length - 3 * (chunk + 16);
    const swapped = Buffer.concat([sealed.subarray(0, body), sealed.subarray(body + chunk + 16, body + 2 * (chunk + 16)), sealed.subarray(body, body + chunk + 16), sealed.subarray(body + 2 * (chunk + 16))]);
    const file = join(dir, 'swap.cgrec');
    writeFileSync(file, swapped);
    const fh = await open(file, 'r');
    try {
      const env = await openEnvelope(fh, keyring);
      await expect(env.read(0, data.length)).rejects.toThrow(/chunk 0 fails authentication/);
    } finally {
      await fh.close();
    }
  });

  it('the sealed file shows no audio header and a rotated keyring still opens old files', async () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(40), Buffer.from('WAVEfmt ')]);
    const sealed = seal(wav, keyring);
    expect(sealed.includes(Buffer.from('RIFF'))).toBe(false);
    const rotated = keyringOf([randomBytes(32), keyring.current().key]);
    const file = join(dir, 'rot.cgrec');
    writeFileSync(file, sealed);
    const fh = await open(file, 'r');
    try {
      expect((await (await openEnvelope(fh, rotated)).read(0, wav.length)).equals(wav)).toBe(true);
    } finally {
      await fh.close();
    }
  });
});

describe('audio links and ranges', () => {
  const keyring = keyringOf([randomBytes(32)]);
  const now = new Date('2026-03-10T01:00:00Z');
  const g = { recordingId: 'rec-1', userId: 'user-lead1', purpose: 'play' as const, expiresAtMs: now.getTime() + 60_000 };

  it('a grant is good for its recording until it expires, and not when forged or re-signed elsewhere', () => {
    const token = signGrant(g, keyring);
    expect(checkGrant(token, 'rec-1', keyring, now)).toEqual(g);
    expect(checkGrant(token, 'rec-2', keyring, now)).toBeNull();
    expect(checkGrant(token, 'rec-1', keyring, new Date(g.expiresAtMs + 1))).toBeNull();
    expect(checkGrant(token, 'rec-1', keyringOf([randomBytes(32)]), now)).toBeNull();
    const [body] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body ?? '', 'base64url').toString()), p: 'export' })).toString('base64url');
    expect(checkGrant(`${forged}.${token.split('.')[1]}`, 'rec-1', keyring, now)).toBeNull();
  });

  it('Range headers: closed, open-ended, suffix; out of range is unsatisfiable', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 100, open: false });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 1000, open: true });
    expect(parseRange('bytes=-10', 1000)).toEqual({ start: 990, end: 1000, open: false });
    expect(parseRange('bytes=500-5000', 1000)).toEqual({ start: 500, end: 1000, open: false });
    for (const bad of ['bytes=1000-', 'bytes=-0', 'bytes=-', 'items=0-1', 'bytes=5-2']) expect(parseRange(bad, 1000), bad).toBe('unsatisfiable');
  });
});

describe('media decoding', () => {
  it('G.711 mu-law round-trips a tone within its quantisation step; A-law decodes its silence to near zero', () => {
    const t = tone(1000, 20);
    const back = decodePcmu(encodePcmu(t));
    for (let i = 0; i < t.length; i++) expect(Math.abs((back[i] ?? 0) - (t[i] ?? 0))).toBeLessThan(Math.abs(t[i] ?? 0) / 16 + 16);
    expect(Math.abs(decodePcma(Uint8Array.of(0xd5))[0] ?? 99)).toBeLessThanOrEqual(8);
  });

  /** A raw-IP pcap of RTP packets (what rtpengine's pcap method writes). */
  interface Pkt {
    atMs: number;
    dstPort: number;
    ssrc: number;
    seq: number;
    ts: number;
    payload: Buffer;
    pt?: number;
  }

  function pcap(packets: readonly Pkt[]): Buffer {
    const head = Buffer.alloc(24);
    head.writeUInt32LE(0xa1b2c3d4, 0);
    head.writeUInt16LE(2, 4);
    head.writeUInt16LE(4, 6);
    head.writeUInt32LE(65535, 16);
    head.writeUInt32LE(101, 20);
    const recs = packets.map((p) => {
      const rtp = Buffer.concat([Buffer.alloc(12), p.payload]);
      rtp[0] = 0x80;
      rtp[1] = p.pt ?? 0;
      rtp.writeUInt16BE(p.seq, 2);
      rtp.writeUInt32BE(p.ts >>> 0, 4);
      rtp.writeUInt32BE(p.ssrc, 8);
      const udp = Buffer.concat([Buffer.alloc(8), rtp]);
      udp.writeUInt16BE(40000, 0);
      udp.writeUInt16BE(p.dstPort, 2);
      udp.writeUInt16BE(udp.length, 4);
      const ip = Buffer.concat([Buffer.alloc(20), udp]);
      ip[0] = 0x45;
      ip[9] = 17;
      ip.writeUInt16BE(ip.length, 2);
      Buffer.from([127, 0, 0, 1]).copy(ip, 16);
      const rec = Buffer.alloc(16);
      rec.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
      rec.writeUInt32LE((p.atMs % 1000) * 1000, 4);
      rec.writeUInt32LE(ip.length, 8);
      rec.writeUInt32LE(ip.length, 12);
      return Buffer.concat([rec, ip]);
    });
    return Buffer.concat([head, ...recs]);
  }

  it('two directions become two aligned channels; a gap stays silent; packets after the stop are dropped', () => {
    const t0 = Date.parse('2026-03-10T01:00:00Z');
    const frame = encodePcmu(tone(1000, 20));
    const packets: Pkt[] = [];
    // Agent (port 30000): frames 0..49, with frames 10..19 lost. Customer (30002) starts 200 ms later.
    for (let i = 0; i < 50; i++) if (i < 10 || i >= 20) packets.push({ atMs: t0 + i * 20, dstPort: 30000, ssrc: 1, seq: i, ts: 5000 + i * 160, payload: frame });
    for (let i = 0; i < 40; i++) packets.push({ atMs: t0 + 200 + i * 20, dstPort: 30002, ssrc: 2, seq: i, ts: 0xfffff000 + i * 160, payload: frame });
    // A DTMF event packet (PT 101) on the agent's port is not audio.
    packets.push({ atMs: t0 + 30, dstPort: 30000, ssrc: 1, seq: 99, ts: 5000, payload: Buffer.from([1, 0, 0, 160]), pt: 101 });
    const r = pcapToRecording(pcap(packets), [{ port: 30000, role: 'agent' }, { port: 30002, role: 'customer', codec: 'PCMU/8000' }]);
    expect(r.startedAt).toBe('2026-03-10T01:00:00.000Z');
    expect(r.durationMs).toBe(1000);
    const info = wavInfo(r.wav);
    expect(info).toMatchObject({ channels: 2, sampleRate: 8000, dataLength: 8000 * 2 * 2 });
    const sample = (i: number, ch: number): number => r.wav.readInt16LE(info.dataOffset + (i * 2 + ch) * 2);
    const energy = (ch: number, from: number, to: number): number => {
      let e = 0;
      for (let i = from; i < to; i++) e += Math.abs(sample(i, ch));
      return e / (to - from);
    };
    expect(energy(0, 0, 1600)).toBeGreaterThan(5000);
    expect(energy(0, 1600, 3200)).toBe(0); // the lost frames: silence, not shifted audio
    expect(energy(1, 0, 1600)).toBe(0); // the customer had not started (wrapped RTP timestamps included)
    expect(energy(1, 1700, 8000)).toBeGreaterThan(5000);
    const cut = pcapToRecording(pcap(packets), [{ port: 30000, role: 'agent' }, { port: 30002, role: 'customer' }], { untilMs: t0 + 500 });
    expect(cut.durationMs).toBeLessThanOrEqual(520);
    expect(() => pcapToRecording(pcap(packets), [{ port: 30000, role: 'agent', codec: 'opus/48000/2' }, { port: 30002, role: 'customer' }])).toThrow(/opus\/48000\/2 on port 30000 cannot be decoded/);
  });

  it('the agent is the tag the edge names, else the WebRTC leg; supervisors are never a party', () => {
    const parties = [
      { tag: 'cg-sup-1', protocol: 'UDP/TLS/RTP/SAVPF', port: 1, codec: 'opus/48000/2' },
      { tag: 'trunk', protocol: 'RTP/AVP', port: 2, codec: 'PCMU/8000' },
      { tag: 'desk', protocol: 'UDP/TLS/RTP/SAVPF', port: 3, codec: 'PCMU/8000' },
    ];
    expect(labelParties(parties)).toEqual([{ port: 3, role: 'agent', codec: 'PCMU/8000' }, { port: 2, role: 'customer', codec: 'PCMU/8000' }]);
    expect(labelParties(parties, 'trunk')).toEqual([{ port: 2, role: 'agent', codec: 'PCMU/8000' }, { port: 3, role: 'customer', codec: 'PCMU/8000' }]);
  });
});
