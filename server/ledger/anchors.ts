import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sql } from '../store/sql';
import { canonicalJson } from './hash';

/**
 * Ledger anchors (docs/decisions/0022-ledger-anchors.md): signed checkpoints of `(seq, head hash, time)`
 * kept OUTSIDE the database, so that someone able to rewrite the database (truncate the tail, or rewrite
 * the whole chain and every hash) is caught by `ledger:verify --anchors`. One anchor is one line of the
 * anchor log (JSONL): the canonical JSON (RFC 8785) of
 *
 *   { v: 1, seq, head, at, keyId, sig }    sig = Ed25519( JCS({ v, seq, head, at, keyId }) ), base64
 *
 * The line's bytes are what an exported anchor is, and what an RFC 3161 time-stamp request hashes.
 */
export interface Anchor {
  readonly v: 1;
  readonly seq: number;
  readonly head: string;
  readonly at: string;
  readonly keyId: string;
  readonly sig: string;
}

/** The bytes an anchor's signature covers. */
export function anchorStatement(a: Pick<Anchor, 'seq' | 'head' | 'at' | 'keyId'>): Buffer {
  return Buffer.from(canonicalJson({ v: 1, seq: a.seq, head: a.head, at: a.at, keyId: a.keyId }), 'utf8');
}

/** The anchor exactly as one log line (without the newline): canonical JSON. */
export function anchorLine(a: Anchor): string {
  return canonicalJson({ v: a.v, seq: a.seq, head: a.head, at: a.at, keyId: a.keyId, sig: a.sig });
}

/** A key's id: the first 16 hex digits of SHA-256 over its SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Reads a public key from PEM (SPKI) or from a private key's PEM (its public half). */
export function parsePublicKey(text: string): KeyObject {
  const key = text.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(text)) : createPublicKey(text);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the anchor key must be an Ed25519 key');
  return key;
}

/** The signing key: Ed25519 from `CALLGATE_ANCHOR_KEY` (PEM or base64 PKCS#8 DER) or a PEM file, created there if missing. */
export class AnchorKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  static fromText(text: string): AnchorKey {
    const trimmed = text.trim();
    const key = trimmed.includes('-----BEGIN') ? createPrivateKey(trimmed) : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('CALLGATE_ANCHOR_KEY must be an Ed25519 private key (PKCS#8)');
    return new AnchorKey(key);
  }

  /**
   * `envKey` when set; else the file, generated on first start (0600, with `<file>.pub` beside it for
   * whoever checks the anchors).
   */
  static load(envKey: string | undefined, file: string): AnchorKey {
    if (envKey) return AnchorKey.fromText(envKey);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      try {
        writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
        chmodSync(file, 0o600);
      } catch (err) {
        // Another process made it first: use theirs.
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
      }
    }
    const key = AnchorKey.fromText(readFileSync(file, 'utf8'));
    if (!existsSync(`${file}.pub`)) writeFileSync(`${file}.pub`, publicKeyPem(key.publicKey));
    return key;
  }

  sign(seq: number, head: string, at: string): Anchor {
    const sig = sign(null, anchorStatement({ seq, head, at, keyId: this.keyId }), this.privateKey).toString('base64');
    return { v: 1, seq, head, at, keyId: this.keyId, sig };
  }
}

/** True when `a` is signed by `publicKey`. */
export function anchorSignatureValid(a: Anchor, publicKey: KeyObject): boolean {
  try {
    return a.keyId === keyIdOf(publicKey) && verify(null, anchorStatement(a), publicKey, Buffer.from(a.sig, 'base64'));
  } catch {
    return false;
  }
}

function asAnchor(value: unknown): Anchor | null {
  if (value === null || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  const ok =
    o['v'] === 1 &&
    Number.isSafeInteger(o['seq']) &&
    (o['seq'] as number) > 0 &&
    typeof o['head'] === 'string' &&
    /^[0-9a-f]{64}$/.test(o['head']) &&
    typeof o['at'] === 'string' &&
    typeof o['keyId'] === 'string' &&
    typeof o['sig'] === 'string';
  return ok ? { v: 1, seq: o['seq'] as number, head: o['head'] as string, at: o['at'] as string, keyId: o['keyId'] as string, sig: o['sig'] as string } : null;
}

/** Every anchor of a log (unreadable lines counted apart; a missing file is no anchors). */
export function readAnchorLog(file: string): { anchors: Anchor[]; unreadable: number[] } {
  if (!existsSync(file)) return { anchors: [], unreadable: [] };
  const anchors: Anchor[] = [];
  const unreadable: number[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = null;
      }
      const a = asAnchor(parsed);
      if (a) anchors.push(a);
      else unreadable.push(i + 1);
    });
  return { anchors, unreadable };
}

export interface AnchorsOptions {
  readonly db: Sql;
  readonly clock: () => Date;
  readonly key: AnchorKey;
  /** The anchor log (JSONL), outside the database. */
  readonly logFile: string;
  /** Anchor once the head is this many entries past the last anchor. */
  readonly everyEntries: number;
  /** Anchor a changed head at least this often (seconds). */
  readonly intervalSec: number;
  /** How often the head is looked at (ms; 0: only on `noteCommitted` and `tick`). */
  readonly pollMs: number;
  readonly log?: (line: string) => void;
}

/**
 * Writes anchors beside the ledger with minimal coupling: the writers of the ledger need not know about
 * it. A poll of the committed head (every `pollMs`) anchors when `everyEntries` were added or
 * `intervalSec` passed with a changed head; `noteCommitted(seq, head)` is the optional single call an
 * append path makes after its commit to anchor at once when the entry count is reached.
 */
export class LedgerAnchors {
  private last: { seq: number; at: number };
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: AnchorsOptions) {
    const previous = readAnchorLog(opts.logFile).anchors.filter((a) => a.keyId === opts.key.keyId);
    const latest = previous.reduce<Anchor | null>((m, a) => (m === null || a.seq > m.seq ? a : m), null);
    this.last = latest ? { seq: latest.seq, at: Date.parse(latest.at) } : { seq: 0, at: opts.clock().getTime() };
  }

  get publicKey(): KeyObject {
    return this.opts.key.publicKey;
  }

  get keyId(): string {
    return this.opts.key.keyId;
  }

  start(): void {
    if (this.opts.pollMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.opts.log?.(`ledger anchor failed: ${err instanceof Error ? err.message : String(err)}`)), this.opts.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy.catch(() => undefined);
  }

  /** After a commit that appended up to `seq` with hash `head`: anchors at once when `everyEntries` is reached. */
  noteCommitted(seq: number, head: string): void {
    if (seq - this.last.seq >= this.opts.everyEntries) this.write(seq, head);
  }

  /** Looks at the committed head and anchors it if due. Returns the new anchor, if one was written. */
  async tick(): Promise<Anchor | null> {
    const run = this.busy.then(async () => {
      const head = await this.opts.db.get('SELECT seq, hash FROM ledger_head WHERE id = 1');
      const seq = Number(head?.['seq'] ?? 0);
      if (seq <= this.last.seq) return null;
      const due = seq - this.last.seq >= this.opts.everyEntries || this.opts.clock().getTime() - this.last.at >= this.opts.intervalSec * 1000;
      return due ? this.write(seq, String(head?.['hash'])) : null;
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** Anchors the committed head now (if it moved since the last anchor); returns the latest anchor. */
  async anchorNow(): Promise<Anchor | null> {
    const head = await this.opts.db.get('SELECT seq, hash FROM ledger_head WHERE id = 1');
    const seq = Number(head?.['seq'] ?? 0);
    if (seq > this.last.seq) return this.write(seq, String(head?.['hash']));
    return this.latest(1)[0] ?? null;
  }

  /** The newest `limit` anchors of the log, oldest first. */
  latest(limit: number): Anchor[] {
    const { anchors } = readAnchorLog(this.opts.logFile);
    return anchors.slice(Math.max(0, anchors.length - limit));
  }

  private write(seq: number, head: string): Anchor | null {
    if (seq <= this.last.seq) return null;
    const now = this.opts.clock();
    const anchor = this.opts.key.sign(seq, head, now.toISOString());
    mkdirSync(dirname(this.opts.logFile), { recursive: true });
    // One write of one line with O_APPEND (atomic for a line this short), then fsync: the anchor is
    // durable before anyone is told about it.
    const fd = openSync(this.opts.logFile, 'a', 0o644);
    try {
      writeSync(fd, `${anchorLine(anchor)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.last = { seq, at: now.getTime() };
    return anchor;
  }
}
