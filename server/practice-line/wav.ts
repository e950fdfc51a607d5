/**
 * RIFF/WAVE for 16-bit PCM: read what espeak-ng writes (mono, any rate; its streamed output leaves the
 * size fields at 0 or 0xFFFFFFFF, so the data chunk runs to the end), and write the practice recordings
 * (stereo: the customer left, the trainee right).
 */
export interface Pcm {
  readonly rate: number;
  readonly channels: number;
  /** Interleaved samples. */
  readonly samples: Int16Array;
}

export class WavError extends Error {
  override readonly name = 'WavError';
}

export function parseWav(buf: Uint8Array): Pcm {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (at: number): string => String.fromCharCode(...buf.subarray(at, at + 4));
  if (buf.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('not a RIFF/WAVE file');
  let at = 12;
  let rate = 0;
  let channels = 0;
  let bits = 0;
  while (at + 8 <= buf.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (view.getUint16(body, true) !== 1) throw new WavError('only PCM WAVE is supported');
      channels = view.getUint16(body + 2, true);
      rate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (id === 'data') {
      if (bits !== 16 || channels < 1 || rate <= 0) throw new WavError('expected 16-bit PCM with a fmt chunk first');
      const end = size === 0 || size === 0xffffffff || body + size > buf.length ? buf.length : body + size;
      const bytes = buf.slice(body, body + (((end - body) >> 1) << 1));
      return { rate, channels, samples: new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2) };
    }
    at = body + size + (size & 1);
  }
  throw new WavError('no data chunk');
}

export function writeWav(pcm: Pcm): Buffer {
  const dataBytes = pcm.samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(pcm.channels, 22);
  out.writeUInt32LE(pcm.rate, 24);
  out.writeUInt32LE(pcm.rate * pcm.channels * 2, 28);
  out.writeUInt16LE(pcm.channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  Buffer.from(pcm.samples.buffer, pcm.samples.byteOffset, dataBytes).copy(out, 44);
  return out;
}
