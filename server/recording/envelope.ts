import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Keyring } from './keyring';

/**
 * Recordings at rest: each file is encrypted with its own random AES-256 key, and that key is stored in
 * the file wrapped (AES-256-GCM) by a server key from the keyring. The audio is sealed in chunks, each
 * its own AES-GCM message, so a ranged playback decrypts only the chunks it needs.
 *
 * ```
 * "CGREC" 0x01 | u32 header length | header JSON | chunk 0 ciphertext | tag | chunk 1 ... | tag
 * header: { v, alg, chunkSize, plainSize, keyId, wrappedKey, wrapIv, wrapTag, noncePrefix }
 * nonce(i) = noncePrefix (8 bytes) || u32 i;  AAD(i) = SHA-256(header bytes) || u32 i || u8 last
 * ```
 * Binding the header's hash and a "last" flag into every chunk makes a swapped header, reordered
 * chunks or a truncated file fail authentication, not decrypt to something else.
 */
const MAGIC = Buffer.from('CGREC\x01', 'latin1');
const TAG = 16;
export const CHUNK_SIZE = 64 * 1024;

interface Header {
  readonly v: 1;
  readonly alg: 'AES-256-GCM';
  readonly chunkSize: number;
  readonly plainSize: number;
  readonly keyId: string;
  readonly wrappedKey: string;
  readonly wrapIv: string;
  readonly wrapTag: string;
  readonly noncePrefix: string;
}

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

function keyAad(keyId: string): Buffer {
  return Buffer.from(`callgate-recording-key-v1:${keyId}`, 'utf8');
}

function chunkIv(prefix: Buffer, i: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0, 0, 8);
  iv.writeUInt32BE(i, 8);
  return iv;
}

function chunkAad(headerHash: Buffer, i: number, last: boolean): Buffer {
  const b = Buffer.alloc(headerHash.length + 5);
  headerHash.copy(b, 0);
  b.writeUInt32BE(i, headerHash.length);
  b[headerHash.length + 4] = last ? 1 : 0;
  return b;
}

/** Encrypts `plain` under a fresh key wrapped by the keyring's current server key. */
export function seal(plain: Buffer, keyring: Keyring, chunkSize = CHUNK_SIZE): Buffer {
  const key = randomBytes(32);
  const server = keyring.current();
  const wrapIv = randomBytes(12);
  const wrap = createCipheriv('aes-256-gcm', server.key, wrapIv);
  wrap.setAAD(keyAad(server.id));
  const wrappedKey = Buffer.concat([wrap.update(key), wrap.final()]);
  const noncePrefix = randomBytes(8);
  const header: Header = {
    v: 1,
    alg: 'AES-256-GCM',
    chunkSize,
    plainSize: plain.length,
    keyId: server.id,
    wrappedKey: wrappedKey.toString('base64'),
    wrapIv: wrapIv.toString('base64'),
    wrapTag: wrap.getAuthTag().toString('base64'),
    noncePrefix: noncePrefix.toString('base64'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerHash = createHash('sha256').update(headerBytes).digest();
  const count = Math.max(1, Math.ceil(plain.length / chunkSize));
  const parts: Buffer[] = [MAGIC, Buffer.alloc(4), headerBytes];
  parts[1]?.writeUInt32BE(headerBytes.length, 0);
  for (let i = 0; i < count; i++) {
    const c = createCipheriv('aes-256-gcm', key, chunkIv(noncePrefix, i));
    c.setAAD(chunkAad(headerHash, i, i === count - 1));
    parts.push(c.update(plain.subarray(i * chunkSize, (i + 1) * chunkSize)), c.final(), c.getAuthTag());
  }
  key.fill(0);
  return Buffer.concat(parts);
}

/** Random access to the plaintext of a sealed file. */
export interface EnvelopeReader {
  readonly plainSize: number;
  /** Plaintext bytes [start, end) (end exclusive, clipped to the size). */
  read(start: number, end: number): Promise<Buffer>;
}

/** Opens a sealed file: reads its header and unwraps its key with the keyring. */
export async function openEnvelope(fh: FileHandle, keyring: Keyring): Promise<EnvelopeReader> {
  const head = Buffer.alloc(MAGIC.length + 4);
  await fh.read(head, 0, head.length, 0);
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new EnvelopeError('not a Callgate recording file');
  const headerLen = head.readUInt32BE(MAGIC.length);
  if (headerLen > 4096) throw new EnvelopeError('recording header too large');
  const headerBytes = Buffer.alloc(headerLen);
  await fh.read(headerBytes, 0, headerLen, head.length);
  let h: Header;
  try {
    h = JSON.parse(headerBytes.toString('utf8')) as Header;
  } catch {
    throw new EnvelopeError('recording header unreadable');
  }
  if (h.v !== 1 || h.alg !== 'AES-256-GCM') throw new EnvelopeError(`recording format ${String(h.v)}/${String(h.alg)} unknown`);
  const server = keyring.byId(h.keyId);
  if (!server) throw new EnvelopeError(`server key ${h.keyId} is not in the keyring`);
  let key: Buffer;
  try {
    const unwrap = createDecipheriv('aes-256-gcm', server.key, Buffer.from(h.wrapIv, 'base64'));
    unwrap.setAAD(keyAad(h.keyId));
    unwrap.setAuthTag(Buffer.from(h.wrapTag, 'base64'));
    key = Buffer.concat([unwrap.update(Buffer.from(h.wrappedKey, 'base64')), unwrap.final()]);
  } catch {
    throw new EnvelopeError('the recording key does not unwrap (wrong server key or a changed header)');
  }
  const headerHash = createHash('sha256').update(headerBytes).digest();
  const prefix = Buffer.from(h.noncePrefix, 'base64');
  const body = head.length + headerLen;
  const count = Math.max(1, Math.ceil(h.plainSize / h.chunkSize));
  const stat = await fh.stat();
  if (stat.size !== body + h.plainSize + count * TAG) throw new EnvelopeError(`recording file is ${stat.size} bytes; its header says ${body + h.plainSize + count * TAG}`);
  const chunk = async (i: number): Promise<Buffer> => {
    const plainLen = Math.min(h.chunkSize, h.plainSize - i * h.chunkSize);
    const buf = Buffer.alloc(plainLen + TAG);
    await fh.read(buf, 0, buf.length, body + i * (h.chunkSize + TAG));
    try {
      const d = createDecipheriv('aes-256-gcm', key, chunkIv(prefix, i));
      d.setAAD(chunkAad(headerHash, i, i === count - 1));
      d.setAuthTag(buf.subarray(plainLen));
      return Buffer.concat([d.update(buf.subarray(0, plainLen)), d.final()]);
    } catch {
      throw new EnvelopeError(`recording chunk ${i} fails authentication (the file was changed)`);
    }
  };
  return {
    plainSize: h.plainSize,
    async read(start, end) {
      const s = Math.max(0, start);
      const e = Math.min(h.plainSize, end);
      if (e <= s) return Buffer.alloc(0);
      const first = Math.floor(s / h.chunkSize);
      const last = Math.floor((e - 1) / h.chunkSize);
      const parts: Buffer[] = [];
      for (let i = first; i <= last; i++) parts.push(await chunk(i));
      const joined = Buffer.concat(parts);
      return joined.subarray(s - first * h.chunkSize, e - first * h.chunkSize);
    },
  };
}
