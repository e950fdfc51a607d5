/**
 * SIP messages (RFC 3261 section 7) for the practice line: parse what arrives over UDP, build what is
 * sent. Only what a user agent server needs: start line, headers (compact forms, folded lines,
 * comma-separated values), Content-Length body; tags, branch and URI parts.
 */

export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: SipHeaders;
  readonly body: string;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: SipHeaders;
  readonly body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** A message that cannot be parsed (answered with nothing, or 400 when it is a request we can answer). */
export class SipParseError extends Error {
  override readonly name = 'SipParseError';
}

const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via', o: 'event', u: 'allow-events', r: 'refer-to',
};

/** Headers whose values may be listed with commas (RFC 3261 7.3.1); the others are kept whole. */
const LISTS = new Set(['via', 'route', 'record-route', 'contact', 'allow', 'supported', 'require', 'proxy-require', 'unsupported']);

/** Headers by lower-case name, each with its values in order. */
export class SipHeaders {
  readonly #map = new Map<string, string[]>();

  static from(entries: Iterable<readonly [string, string]>): SipHeaders {
    const h = new SipHeaders();
    for (const [k, v] of entries) h.add(k, v);
    return h;
  }

  add(name: string, value: string): void {
    const key = canonical(name);
    const values = LISTS.has(key) ? splitList(value) : [value.trim()];
    this.#map.set(key, [...(this.#map.get(key) ?? []), ...values]);
  }

  get(name: string): string | undefined {
    return this.#map.get(canonical(name))?.[0];
  }

  all(name: string): readonly string[] {
    return this.#map.get(canonical(name)) ?? [];
  }

  has(name: string): boolean {
    return this.#map.has(canonical(name));
  }

  entries(): [string, string[]][] {
    return [...this.#map].map(([k, v]) => [k, [...v]]);
  }
}

function canonical(name: string): string {
  const n = name.trim().toLowerCase();
  return COMPACT[n] ?? n;
}

/** Splits a header value at commas outside quotes and angle brackets. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '<') depth += 1;
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== '');
}

const MAX_MESSAGE = 65_535;

export function parseSip(raw: Buffer | string): SipMessage {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  if (text.length > MAX_MESSAGE) throw new SipParseError('message too large');
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const rest = split < 0 ? '' : text.slice(split + 4);
  const lines = head.split(/\r?\n/);
  const start = lines.shift()?.trim() ?? '';
  const headers = new SipHeaders();
  let current: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && current !== undefined) {
      current += ` ${line.trim()}`;
      continue;
    }
    if (current !== undefined) addLine(headers, current);
    current = line;
  }
  if (current !== undefined && current.trim() !== '') addLine(headers, current);
  const lengthHeader = headers.get('content-length');
  const length = lengthHeader === undefined ? Buffer.byteLength(rest) : Number(lengthHeader);
  if (!Number.isInteger(length) || length < 0) throw new SipParseError('bad Content-Length');
  const body = Buffer.from(rest, 'utf8').subarray(0, length).toString('utf8');
  for (const required of ['call-id', 'cseq', 'from', 'to', 'via']) {
    if (!headers.has(required)) throw new SipParseError(`missing ${required}`);
  }
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (request) return { kind: 'request', method: request[1] as string, uri: request[2] as string, headers, body };
  throw new SipParseError('bad start line');
}

function addLine(headers: SipHeaders, line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new SipParseError('bad header line');
  headers.add(line.slice(0, colon), line.slice(colon + 1));
}

/** Serializes a message; Content-Length is always written from the body. */
export function serializeSip(m: SipMessage): string {
  const start = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = [start];
  for (const [name, values] of m.headers.entries()) {
    if (name === 'content-length') continue;
    for (const v of values) lines.push(`${headerName(name)}: ${v}`);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(m.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${m.body}`;
}

function headerName(lower: string): string {
  if (lower === 'call-id') return 'Call-ID';
  if (lower === 'cseq') return 'CSeq';
  if (lower === 'www-authenticate') return 'WWW-Authenticate';
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
}

/** A header parameter, e.g. `tag` of a From, `branch` of a Via (case-insensitive name). */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  // Parameters after the URI's closing bracket (or anywhere when there is none).
  const tail = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value;
  for (const part of tail.split(';').slice(1)) {
    const [k, v] = part.split('=');
    if (k?.trim().toLowerCase() === name) return v?.trim() ?? '';
  }
  return undefined;
}

/** The URI inside a name-addr (`"x" <sip:a@b>;tag=1` -> `sip:a@b`) or an addr-spec. */
export function uriOf(value: string): string {
  const lt = value.indexOf('<');
  if (lt >= 0) return value.slice(lt + 1, value.indexOf('>', lt)).trim();
  return value.split(';')[0]?.trim() ?? value.trim();
}

export interface SipUri {
  readonly user: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `sip:user@host:port;params` (IPv4 and names; no IPv6 literals needed here). */
export function parseUri(uri: string): SipUri {
  const m = /^sips?:(?:([^@;]+)@)?([^:;?]+)(?::(\d+))?((?:;[^?]*)?)/i.exec(uri.trim());
  if (!m) throw new SipParseError(`bad URI ${uri.slice(0, 80)}`);
  const params: Record<string, string> = {};
  for (const p of (m[4] ?? '').split(';').slice(1)) {
    const [k, v] = p.split('=');
    if (k) params[k.toLowerCase()] = v ?? '';
  }
  return { user: m[1], host: m[2] as string, port: m[3] === undefined ? undefined : Number(m[3]), params };
}

/** The CSeq header's number and method. */
export function cseqOf(m: SipMessage): { seq: number; method: string } {
  const [seq, method] = (m.headers.get('cseq') ?? '').split(/\s+/);
  const n = Number(seq);
  if (!Number.isInteger(n) || !method) throw new SipParseError('bad CSeq');
  return { seq: n, method: method.toUpperCase() };
}
