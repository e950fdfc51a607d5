// The server probe asks the SIP server's own URL over HTTP(S), never with a WebSocket (Chromium
// throttles WebSocket connects after failures; see renderer/phone/server-probe.ts).
import { describe, expect, it } from 'vitest';
import { httpProbe } from '../../../renderer/phone/server-probe';

interface Seen {
  url: string;
  init: RequestInit | undefined;
}

function recordingFetch(answer: (seen: Seen) => Promise<Response>): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const f = ((input: RequestInfo | URL, init?: RequestInit) => {
    const s = { url: String(input), init };
    seen.push(s);
    return answer(s);
  }) as typeof fetch;
  return { fetch: f, seen };
}

describe('httpProbe', () => {
  it('asks https for wss and http for ws, no-cors, uncached, without credentials', async () => {
    const r = recordingFetch(async () => new Response(null, { status: 404 }));
    expect(await httpProbe('wss://sip.example.com:7443/ws', r.fetch).result).toBe(true);
    expect(await httpProbe('ws://127.0.0.1:5066', r.fetch).result).toBe(true);
    expect(r.seen.map((s) => s.url)).toEqual(['https://sip.example.com:7443/ws', 'http://127.0.0.1:5066/']);
    expect(r.seen[0]?.init).toMatchObject({ mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
  });

  it('any HTTP answer means up (404 from the xhttp route); a failed connection means down', async () => {
    expect(await httpProbe('ws://h:1', recordingFetch(async () => new Response(null, { status: 404 })).fetch).result).toBe(true);
    expect(await httpProbe('ws://h:1', recordingFetch(() => Promise.reject(new TypeError('Failed to fetch'))).fetch).result).toBe(false);
  });

  it('close() aborts a pending attempt (a frozen server never answers) and the attempt reports down', async () => {
    const r = recordingFetch(
      (s) =>
        new Promise<Response>((_resolve, reject) => {
          s.init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const probe = httpProbe('ws://h:1', r.fetch);
    probe.close();
    expect(await probe.result).toBe(false);
  });

  it('a server URL that does not parse is down, not an exception', async () => {
    const r = recordingFetch(async () => new Response(null));
    expect(await httpProbe('not a url', r.fetch).result).toBe(false);
    expect(r.seen).toEqual([]);
  });
});
