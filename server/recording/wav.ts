/** RIFF/WAVE with 16-bit PCM: what recordings are stored as (before encryption) and played from. */
export interface WavInfo {
  readonly channels: number;
  readonly sampleRate: number;
  /** Byte offset of the sample data and its length. */
  readonly dataOffset: number;
  readonly dataLength: number;
}

/** A WAV file of 16-bit samples from one Int16Array per channel (all the same length). */
export function encodeWav(channels: readonly Int16Array[], sampleRate: number): Buffer {
  const n = channels[0]?.length ?? 0;
  const c = channels.length;
  const data = Buffer.alloc(n * c * 2);
  for (let i = 0; i < n; i++) for (let ch = 0; ch < c; ch++) data.writeInt16LE(channels[ch]?.[i] ?? 0, (i * c + ch) * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(c, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * c * 2, 28);
  h.writeUInt16LE(c * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** The format of a 16-bit PCM WAV; throws on anything else. */
export function wavInfo(file: Buffer): WavInfo {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let o = 12;
  let channels = 0;
  let sampleRate = 0;
  while (o + 8 <= file.length) {
    const id = file.toString('ascii', o, o + 4);
    const size = file.readUInt32LE(o + 4);
    if (id === 'fmt ') {
      if (file.readUInt16LE(o + 8) !== 1 || file.readUInt16LE(o + 22) !== 16) throw new Error('not a 16-bit PCM WAV');
      channels = file.readUInt16LE(o + 10);
      sampleRate = file.readUInt32LE(o + 12);
    } else if (id === 'data') {
      if (channels === 0) throw new Error('WAV data before its format');
      return { channels, sampleRate, dataOffset: o + 8, dataLength: Math.min(size, file.length - o - 8) };
    }
    o += 8 + size + (size % 2);
  }
  throw new Error('WAV without data');
}
