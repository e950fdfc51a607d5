import { randomBytes } from 'node:crypto';

/**
 * An RFC 3161 TimeStampReq (DER) for a SHA-256 digest, for any RFC 3161 time-stamping authority
 * (`curl --data-binary @x.tsq -H 'Content-Type: application/timestamp-query' <TSA>`; `openssl ts -query
 * -in x.tsq -text` shows it):
 *
 *   TimeStampReq ::= SEQUENCE { version INTEGER (1), messageImprint MessageImprint,
 *                               nonce INTEGER, certReq BOOLEAN (TRUE) }
 *   MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier (sha256, NULL), hashedMessage OCTET STRING }
 */
export function timeStampRequest(sha256: Buffer, nonce: Buffer = randomBytes(8)): Buffer {
  if (sha256.length !== 32) throw new Error('a SHA-256 digest is 32 bytes');
  if (nonce.length < 1 || nonce.length > 16) throw new Error('nonce of 1..16 bytes');
  const n = Buffer.from(nonce);
  // A positive INTEGER in minimal DER: top bit clear, first byte not zero.
  n[0] = ((n[0] ?? 0) & 0x7f) | 0x40;
  const sha256Oid = Buffer.from([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
  const algorithm = der(0x30, Buffer.concat([sha256Oid, Buffer.from([0x05, 0x00])]));
  const imprint = der(0x30, Buffer.concat([algorithm, der(0x04, sha256)]));
  return der(0x30, Buffer.concat([der(0x02, Buffer.from([1])), imprint, der(0x02, n), der(0x01, Buffer.from([0xff]))]));
}

function der(tag: number, content: Buffer): Buffer {
  const len = content.length;
  const header = len < 0x80 ? Buffer.from([tag, len]) : len < 0x100 ? Buffer.from([tag, 0x81, len]) : Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  return Buffer.concat([header, content]);
}
