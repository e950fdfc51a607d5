import { describe, expect, it } from 'vitest';
import { decode, encode, linearToUlaw, transcode } from '../../../server/practice-line/g711';
import { resample } from '../../../server/practice-line/resample';
import { buildRtp, parseRtp } from '../../../server/practice-line/rtp';
import { levelDbfs, VoiceActivity } from '../../../server/practice-line/voice-activity';
import { parseWav, writeWav, WavError } from '../../../server/practice-line/wav';
import { trimSilence } from '../../../server/practice-line/speech';

function tone(freq: number, rate: number, ms: number, amp = 8000): Int16Array {
  const n = Math.round((rate * ms) / 1000);
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));
}

/** The frequency of a sine by counting zero crossings. */
function frequency(s: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < s.length; i++) if ((s[i - 1] as number) < 0 !== (s[i] as number) < 0) crossings += 1;
  return (crossings / 2) * (rate / s.length);
}

describe('G.711', () => {
  it('µ-law and A-law round trips stay within the codec step (G.711 tables)', () => {
    for (const law of ['PCMU', 'PCMA'] as const) {
      const x = tone(440, 8000, 100, 20_000);
      const back = decode(encode(x, law), law);
      for (let i = 0; i < x.length; i++) expect(Math.abs((back[i] as number) - (x[i] as number))).toBeLessThanOrEqual(Math.max(16, Math.abs(x[i] as number) / 16));
    }
  });

  it('known code points: 0 is 0xFF in µ-law; full scale clips', () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToUlaw(-32768)).toBe(0x00);
    expect(decode(Uint8Array.of(0xff), 'PCMU')[0]).toBe(0);
  });

  it('transcodes between the laws through linear', () => {
    const x = tone(1000, 8000, 20, 10_000);
    const a = transcode(encode(x, 'PCMU'), 'PCMU', 'PCMA');
    expect(frequency(decode(a, 'PCMA'), 8000)).toBeCloseTo(1000, -2);
  });
});

describe('resampling 22 050 Hz -> 8 000 Hz', () => {
  it('keeps a 1 kHz tone at 1 kHz and its length in time', () => {
    const out = resample(tone(1000, 22_050, 500), 22_050, 8000);
    expect(out.length).toBe(4000);
    expect(frequency(out, 8000)).toBeGreaterThan(980);
    expect(frequency(out, 8000)).toBeLessThan(1020);
  });

  it('removes what the telephone cannot carry (a 6 kHz tone is filtered out)', () => {
    const out = resample(tone(6000, 22_050, 200, 10_000), 22_050, 8000);
    expect(levelDbfs(out.subarray(200, 1400))).toBeLessThan(-40);
  });
});

describe('WAV', () => {
  it('writes and reads 16-bit PCM; a streamed header (size 0xFFFFFFFF) reads to the end', () => {
    const samples = tone(500, 8000, 50);
    const wav = writeWav({ rate: 8000, channels: 1, samples });
    expect(parseWav(wav)).toMatchObject({ rate: 8000, channels: 1 });
    expect([...parseWav(wav).samples]).toEqual([...samples]);
    const streamed = Buffer.from(wav);
    streamed.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(streamed).samples.length).toBe(samples.length);
  });

  it('refuses what is not RIFF/WAVE PCM', () => {
    expect(() => parseWav(Buffer.from('hello world, not a wav'))).toThrow(WavError);
  });

  it('trims the silence espeak-ng puts around a line', () => {
    const s = Int16Array.from([0, 3, -5, 900, -1200, 500, 4, 0]);
    expect([...trimSilence(s)]).toEqual([900, -1200, 500]);
  });
});

describe('RTP', () => {
  it('builds and parses the fixed header and payload; RTCP and other versions are not RTP', () => {
    const payload = Uint8Array.from({ length: 160 }, (_, i) => i);
    const b = buildRtp({ marker: true, payloadType: 0, sequence: 65_535, timestamp: 0xfffffff0, ssrc: 0x12345678, payload });
    expect(parseRtp(b)).toMatchObject({ marker: true, payloadType: 0, sequence: 65_535, timestamp: 0xfffffff0, ssrc: 0x12345678 });
    expect([...(parseRtp(b)?.payload ?? [])]).toEqual([...payload]);
    const rtcp = Buffer.from(b);
    rtcp[1] = 200; // SR
    expect(parseRtp(rtcp)).toBeUndefined();
    expect(parseRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
  });
});

describe('voice activity of the trainee', () => {
  const frame = (amp: number): Int16Array => tone(300, 8000, 20, amp);

  it('speech starts after three voiced frames (at the first of them) and stops after the hangover', () => {
    const vad = new VoiceActivity({ hangoverMs: 400 });
    const seen: unknown[] = [];
    let t = 0;
    const push = (f: Int16Array): void => {
      const r = vad.push(f, t);
      if (r) seen.push(r);
      t += 20;
    };
    push(frame(0));
    push(frame(3000)); // a click
    push(frame(0));
    for (let i = 0; i < 10; i++) push(frame(3000)); // 200 ms of voice from t=60
    for (let i = 0; i < 30; i++) push(frame(0));
    expect(seen).toEqual([
      { type: 'start', at: 60 },
      { type: 'stop', at: 260 },
    ]);
  });

  it('no packets at all (the far end stopped sending) also ends the speech', () => {
    const vad = new VoiceActivity();
    for (let i = 0; i < 5; i++) vad.push(frame(3000), i * 20);
    expect(vad.speaking).toBe(true);
    expect(vad.idle(200)).toBeUndefined();
    expect(vad.idle(600)).toEqual({ type: 'stop', at: 100 });
  });

  it('quiet noise stays quiet', () => {
    const vad = new VoiceActivity();
    for (let i = 0; i < 50; i++) expect(vad.push(frame(40), i * 20)).toBeUndefined();
  });
});
