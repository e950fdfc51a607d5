// Small network helpers for the SIP test stack: free UDP ports and port-readiness probes.
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** A UDP port that was free a moment ago on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A run of `count` consecutive UDP ports (for rtpengine's media range) that are free right now. */
export async function freeUdpRange(count: number): Promise<{ min: number; max: number }> {
  const bound = udpPortsInUse();
  for (let attempt = 0; attempt < 50; attempt++) {
    const min = 20_000 + Math.floor(Math.random() * 2_000) * 20;
    let free = true;
    for (let p = min; p < min + count; p++) {
      if (bound.has(p)) {
        free = false;
        break;
      }
    }
    if (free) return { min, max: min + count - 1 };
  }
  throw new Error(`no run of ${count} free UDP ports found`);
}

/** Local UDP ports bound right now (from /proc/net/udp). */
export function udpPortsInUse(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      const port = local ? Number.parseInt(local.split(':')[1] ?? '', 16) : Number.NaN;
      if (Number.isFinite(port)) ports.add(port);
    }
  }
  return ports;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForTcp(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on tcp ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once a UDP socket is bound to `port`. */
export async function waitForUdp(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!udpPortsInUse().has(port)) {
    if (Date.now() > deadline) throw new Error(`${what} did not bind udp ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls `check` until it returns a value other than undefined, or throws `message` (a function: read at the deadline) after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, message: string | (() => string), intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${typeof message === 'function' ? message() : message}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
