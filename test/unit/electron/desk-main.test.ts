// The main-process services (electron/services/desk-main.ts) against small HTTP servers standing in for
// the central API and for a server an agent would like the desk to talk to: the API is provisioned, the
// token is bound to it, and the outbox's delivery sorts every answer the API (or a proxy) can give.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenVault, type SecretCipher } from '../../../electron/credentials/token-vault';
import { Outbox } from '../../../electron/outbox/outbox';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { makeCallEvents } from '../../support/events';

vi.mock('electron', () => ({ default: {} }));
const { openSettingsStore } = await import('../../../electron/settings/settings-store');
const { createDeskMain } = await import('../../../electron/services/desk-main');

const cipher: SecretCipher = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString(),
};

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}
type Handler = (req: Seen, res: ServerResponse) => void;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function server(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: raw ? (JSON.parse(raw) as unknown) : undefined };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => srv.close(() => r())));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json'): void => {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
};
const problem = (res: ServerResponse, status: number, kind: string, extra: Record<string, unknown> = {}): void =>
  json(res, status, { type: `https://callgate.dev/problems/${kind}`, title: kind, status, detail: `${kind} (server words)`, ...extra }, 'application/problem+json');

const LOGIN = { token: 'tok-123', expiresAt: '2030-01-01T00:00:00.000Z', user: { id: 'user-agent1', username: 'agent1', displayName: '김하준', role: 'agent', teamId: 'team-a' } };

/** An API that logs in and acknowledges every event, unless `ingest` answers otherwise. */
function apiHandler(ingest?: (events: ConsentEvent[], res: ServerResponse) => boolean): Handler {
  return (req, res) => {
    if (req.url === '/v1/auth/login') return json(res, 200, LOGIN);
    if (req.url === '/v1/me') return json(res, 200, { user: LOGIN.user, tokenExpiresAt: LOGIN.expiresAt });
    if (req.url === '/v1/consent-events') {
      const events = (req.body as { events: ConsentEvent[] }).events;
      if (ingest?.(events, res)) return;
      return json(res, 200, { results: events.map((e) => ({ eventId: e.eventId, status: 'stored', practice: false, ledgerSeq: 1 })) });
    }
    problem(res, 404, 'not-found');
  };
}

async function desk(apiUrl: string, userData = mkdtempSync(join(tmpdir(), 'cg-main-')), emit: (event: string, payload: unknown) => void = () => undefined) {
  const outbox = await Outbox.open(join(userData, 'outbox'));
  const main = createDeskMain({
    connection: { apiUrl, source: 'development', policyFile: null, sip: { wsUrl: null, iceServers: [] } },
    settings: openSettingsStore({ cwd: userData, projectVersion: '0.1.0' }),
    vault: new TokenVault(cipher, userData),
    outbox,
    emit,
    openExternal: async () => undefined,
  });
  closers.push(async () => {
    await main.stop();
    await outbox.close();
  });
  return { main, outbox, userData };
}

/** Kicks delivery until nothing waits (a backoff wait is cut short by each kick). */
async function drain(main: Awaited<ReturnType<typeof desk>>['main'], outbox: Outbox): Promise<void> {
  for (let i = 0; i < 200 && outbox.status().pending > 0; i++) {
    main.deliverer.kick();
    await main.deliverer.idle();
  }
}

describe('the API is provisioned, not editable', () => {
  it('settings:update with an apiUrl, a SIP edge URL or ICE servers is refused; the token and the evidence go only to the provisioned API', async () => {
    const api = await server(apiHandler());
    const evil = await server(apiHandler());
    const { main, outbox } = await desk(api.url);
    main.start();
    await expect(main.dispatch('settings:update', { apiUrl: evil.url })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload', fields: [{ path: 'apiUrl', code: 'unknown_field' }] } });
    await expect(main.dispatch('connection:get', undefined)).resolves.toEqual({ ok: true, value: { apiUrl: api.url, source: 'development', policyFile: null, sip: { wsUrl: null, iceServers: [] } } });
    // Nor the SIP edge or ICE servers (decision 0015): refused naming the field and why.
    for (const [field, value] of [['wsUrl', 'wss://evil.example:7443'], ['iceServers', [{ urls: 'turn:evil.example' }]]] as const) {
      await expect(main.dispatch('settings:update', { sip: { iceGatheringTimeoutMs: 500, [field]: value } })).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-payload', fields: [{ path: `sip.${field}`, code: 'unknown_field', message: expect.stringContaining('provisioned by your administrator') }] },
      });
    }
    await expect(main.dispatch('settings:get', undefined)).resolves.toMatchObject({ ok: true, value: { sip: { iceGatheringTimeoutMs: 500 } } });
    await expect(main.dispatch('session:login', { username: 'agent1', password: 'pw' })).resolves.toMatchObject({ ok: true });
    await main.dispatch('consent:record', { events: makeCallEvents(2) });
    await drain(main, outbox);
    expect(evil.seen).toEqual([]);
    expect(api.seen.filter((s) => s.url === '/v1/consent-events').every((s) => s.authorization === 'Bearer tok-123')).toBe(true);
  });

  it('a token issued by one API is never sent to another: after the API changes, the agent signs in again', async () => {
    const first = await server(apiHandler());
    const second = await server(apiHandler());
    const a = await desk(first.url);
    await a.main.dispatch('session:login', { username: 'agent1', password: 'pw' });
    await expect(a.main.dispatch('session:current', undefined)).resolves.toMatchObject({ ok: true, value: { user: { id: 'user-agent1' } } });
    await a.main.stop();
    await a.outbox.close();
    const b = await desk(second.url, a.userData);
    await expect(b.main.dispatch('session:current', undefined)).resolves.toEqual({ ok: true, value: null });
    expect(second.seen).toEqual([]);
    // And the old token is gone for good, even if the first API comes back.
    const c = await desk(first.url, a.userData);
    await expect(c.main.dispatch('session:current', undefined)).resolves.toEqual({ ok: true, value: null });
  });
});

describe('consent:record', () => {
  it('an event off ConsentEventSchema is refused at the IPC boundary with its field path; nothing is written', async () => {
    const { main, outbox, userData } = await desk('http://127.0.0.1:9');
    const res = await main.dispatch('consent:record', { events: [{ ...makeCallEvents(1)[0]!, promptSha256: 'nope' }] });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-payload', fields: [{ path: expect.stringMatching(/promptSha256/) }] } });
    expect(outbox.status().pending).toBe(0);
    expect(readFileSync(join(userData, 'outbox', 'journal.ndjson'), 'utf8')).toBe('');
  });
});

describe('delivery: permanent refusals are visible, not blocking', () => {
  async function signedIn(handler: Handler) {
    const api = await server(handler);
    const d = await desk(api.url);
    await d.main.dispatch('session:login', { username: 'agent1', password: 'pw' });
    d.main.start();
    return { ...d, api };
  }
  const delivered = (seen: Seen[]): string[] => seen.filter((s) => s.url === '/v1/consent-events').flatMap((s) => (s.body as { events: ConsentEvent[] }).events.map((e) => e.eventId));

  it("an event the server's replay refuses (per event, in a 200) is set aside with its reason; the rest of the call is delivered", async () => {
    const events = makeCallEvents(4);
    const bad = events[1]!.eventId;
    const d = await signedIn(
      apiHandler((batch, res) => {
        json(res, 200, {
          results: batch.map((e) =>
            e.eventId === bad
              ? { eventId: e.eventId, status: 'refused', practice: false, ledgerSeq: null, refusal: { type: 'https://callgate.dev/problems/event-refused', title: 't', detail: 'd', ruleId: 'CG-PITCH-LOCK' } }
              : { eventId: e.eventId, status: 'stored', practice: false, ledgerSeq: 1 },
          ),
        });
        return true;
      }),
    );
    await d.main.dispatch('consent:record', { events });
    await drain(d.main, d.outbox);
    expect(d.outbox.status()).toMatchObject({
      pending: 0,
      refused: 1,
      lastRefused: { eventId: bad, seq: 1, refusal: { type: 'https://callgate.dev/problems/event-refused', ruleId: 'CG-PITCH-LOCK', status: null } },
    });
    // Sent once each: the refused event is not retried.
    expect(delivered(d.api.seen).filter((id) => id === bad)).toHaveLength(1);
  });

  it('a 403 without an event pointer: the batch is halved until the one event is found; everything else is delivered, in order', async () => {
    const events = makeCallEvents(9);
    const bad = events[5]!.eventId;
    const stored: string[] = [];
    const d = await signedIn(
      apiHandler((batch, res) => {
        if (batch.some((e) => e.eventId === bad)) return (problem(res, 403, 'forbidden'), true);
        stored.push(...batch.map((e) => e.eventId));
        return false;
      }),
    );
    await d.main.dispatch('consent:record', { events });
    await drain(d.main, d.outbox);
    expect(stored).toEqual(events.filter((e) => e.eventId !== bad).map((e) => e.eventId));
    expect(d.outbox.list().refused).toMatchObject([{ eventId: bad, refusal: { type: 'https://callgate.dev/problems/forbidden', status: 403 } }]);
    // A later answer is not held up either.
    const later = makeCallEvents(1);
    await d.main.dispatch('consent:record', { events: later });
    await drain(d.main, d.outbox);
    expect(stored.at(-1)).toBe(later[0]!.eventId);
  });

  it("a proxy's 413 page (HTML, no problem+json) is narrowed down the same way", async () => {
    const events = makeCallEvents(3);
    const bad = events[0]!.eventId;
    const d = await signedIn(
      apiHandler((batch, res) => {
        if (!batch.some((e) => e.eventId === bad)) return false;
        res.writeHead(413, { 'content-type': 'text/html' });
        res.end('<html><body><h1>413 Request Entity Too Large</h1></body></html>');
        return true;
      }),
    );
    await d.main.dispatch('consent:record', { events });
    await drain(d.main, d.outbox);
    expect(d.outbox.status()).toMatchObject({ pending: 0, refused: 1, lastRefused: { eventId: bad, refusal: { type: 'about:blank', status: 413 } } });
  });

  it('an HTML 502 from a proxy is a clear, transient error: kept, retried, delivered once the API is back', async () => {
    let down = true;
    const d = await signedIn(
      apiHandler((_batch, res) => {
        if (!down) return false;
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
        return true;
      }),
    );
    await d.main.dispatch('consent:record', { events: makeCallEvents(2) });
    await d.main.deliverer.idle();
    expect(d.outbox.status()).toMatchObject({ pending: 2, refused: 0, lastError: expect.stringMatching(/^the central API answered HTTP 502 with text\/html, not JSON: 502 Bad Gateway/) });
    down = false;
    await drain(d.main, d.outbox);
    expect(d.outbox.status()).toMatchObject({ pending: 0, refused: 0, lastError: null });
  });

  it('a 404 (a misrouted proxy) refuses nothing: it is retried', async () => {
    let misrouted = true;
    const d = await signedIn(apiHandler((_b, res) => misrouted && (problem(res, 404, 'not-found'), true)));
    await d.main.dispatch('consent:record', { events: makeCallEvents(1) });
    await d.main.deliverer.idle();
    expect(d.outbox.status()).toMatchObject({ pending: 1, refused: 0 });
    misrouted = false;
    await drain(d.main, d.outbox);
    expect(d.outbox.status()).toMatchObject({ pending: 0, refused: 0 });
  });
});

describe('streamed exports: progress and cancel', () => {
  /** An API whose CSV export writes a header, then `rows` rows in chunks of 100, each when the client read the last. */
  async function exportApi(rows: number, holdAfter = Infinity) {
    const closed: boolean[] = [];
    let written = 0;
    const srv = createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        if (req.url === '/v1/auth/login') return json(res, 200, LOGIN);
        if (req.url !== '/v1/review/exports/calls') return problem(res, 404, 'not-found');
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="calls.csv"', 'x-callgate-rows-expected': String(rows) });
        res.on('close', () => closed.push(res.writableFinished));
        res.write('\uFEFFcallId,agent\r\n');
        const more = (): void => {
          if (written >= rows) return void res.end();
          if (written >= holdAfter) return; // holds the rest until the client goes away
          const n = Math.min(100, rows - written);
          const chunk = Array.from({ length: n }, (_x, i) => `call-${written + i},김하준\r\n`).join('');
          written += n;
          if (res.write(chunk)) setTimeout(more, 2);
          else res.once('drain', more);
        };
        more();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }));
    return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, closed, written: () => written };
  }

  const request = { filter: {}, sort: '-startedAt', reason: 'monthly review' } as const;

  it('tells rows of the expected count as they arrive, at most every 100 ms and once at the end', async () => {
    const api = await exportApi(3000);
    const events: { event: string; payload: { exportId: string; rows: number; bytes: number; expectedRows: number | null } }[] = [];
    const d = await desk(api.url, undefined, (event, payload) => events.push({ event, payload: payload as (typeof events)[number]['payload'] }));
    await d.main.dispatch('session:login', { username: 'lead1', password: 'pw' });
    const t0 = Date.now();
    const res = await d.main.dispatch('review:exportCalls', { ...request, exportId: 'exp-1' });
    const took = Date.now() - t0;
    expect(res).toMatchObject({ ok: true, value: { fileName: 'calls.csv', mediaType: 'text/csv', rows: 3000 } });
    const progress = events.filter((e) => e.event === 'review:exportProgress').map((e) => e.payload);
    expect(progress.every((p) => p.exportId === 'exp-1' && p.expectedRows === 3000)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ rows: 3000 });
    const rows = progress.map((p) => p.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // Throttled: a first and a last one, and not more than one per 100 ms in between.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(took / 100) + 3);
  });

  it('review:cancelExport aborts the HTTP request mid-stream: the export fails as cancelled and the server sees the client go', async () => {
    const api = await exportApi(100_000, 500);
    const events: { rows: number }[] = [];
    const d = await desk(api.url, undefined, (event, payload) => event === 'review:exportProgress' && events.push(payload as { rows: number }));
    await d.main.dispatch('session:login', { username: 'lead1', password: 'pw' });
    const running = d.main.dispatch('review:exportCalls', { ...request, exportId: 'exp-2' });
    await vi.waitFor(() => expect(api.written()).toBe(500), { timeout: 10_000 });
    await expect(d.main.dispatch('review:cancelExport', { exportId: 'exp-2' })).resolves.toEqual({ ok: true, value: true });
    await expect(running).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await vi.waitFor(() => expect(api.closed).toEqual([false]), { timeout: 10_000 });
    expect(api.written()).toBe(500);
    // Nothing runs under that id any more.
    await expect(d.main.dispatch('review:cancelExport', { exportId: 'exp-2' })).resolves.toEqual({ ok: true, value: false });
  });
});

describe('SIP credentials are the session\'s, from the API (issue 10, decision 0011)', () => {
  const CREDS = { username: '1893456000:user-agent1', password: 'aGVsbG8=', authUser: '1893456000:user-agent1', aor: 'sip:user-agent1@edge.test', expiresAt: '2030-01-01T00:00:00.000Z' };
  const handler: Handler = (req, res) => {
    if (req.url === '/v1/sip/credentials' && req.method === 'POST') return req.authorization === 'Bearer tok-123' ? json(res, 200, CREDS) : problem(res, 401, 'unauthenticated');
    if (req.url === '/v1/auth/logout' && req.method === 'POST') {
      res.writeHead(204);
      return res.end();
    }
    return apiHandler()(req, res);
  };

  it('sip:credentials asks the API with the session token; nothing is stored; no channel takes a SIP password', async () => {
    const api = await server(handler);
    const { main, userData } = await desk(api.url);
    await expect(main.dispatch('sip:credentials', undefined)).resolves.toMatchObject({ ok: false });
    await main.dispatch('session:login', { username: 'agent1', password: 'pw' });
    await expect(main.dispatch('sip:credentials', undefined)).resolves.toEqual({ ok: true, value: CREDS });
    expect(api.seen.filter((s) => s.url === '/v1/sip/credentials').at(-1)).toMatchObject({ method: 'POST', authorization: 'Bearer tok-123' });
    // Nothing of the credentials is on disk (the session token is, encrypted, in its vault).
    const files = (await import('node:fs')).readdirSync(userData, { recursive: true }).map(String);
    for (const f of files.filter((x) => !x.startsWith('outbox'))) {
      const path = join(userData, f);
      if ((await import('node:fs')).statSync(path).isFile()) expect(readFileSync(path, 'utf8')).not.toContain(CREDS.password);
    }
    await expect(main.dispatch('sip:setPassword' as never, { password: 'secret' } as never)).resolves.toMatchObject({ ok: false });
  });

  it('sign-out ends the session at the API too', async () => {
    const api = await server(handler);
    const { main } = await desk(api.url);
    await main.dispatch('session:login', { username: 'agent1', password: 'pw' });
    await expect(main.dispatch('session:logout', undefined)).resolves.toEqual({ ok: true, value: null });
    expect(api.seen.find((s) => s.url === '/v1/auth/logout')).toMatchObject({ method: 'POST', authorization: 'Bearer tok-123' });
    await expect(main.dispatch('sip:credentials', undefined)).resolves.toMatchObject({ ok: false });
  });
});
