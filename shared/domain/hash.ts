import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Lowercase hex SHA-256 of a string's UTF-8 bytes, synchronous: this pure one or a platform's own (Node's crypto). */
export type Sha256Hex = (text: string) => string;

/** Lowercase hex SHA-256 of a string's UTF-8 bytes; synchronous, the same in Node and Chromium (pure JS). */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
