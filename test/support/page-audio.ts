// What a page hears, read from its own WebRTC stats (inbound-rtp totalAudioEnergy), for e2e tests that
// must prove audio arrived, not that the UI says so. PC_HOOK (an init script) keeps every
// RTCPeerConnection the page makes; waitAudio waits on the energy rate as a condition.
import type { Page } from 'playwright-core';

/** Inbound audio energy per second (WebRTC totalAudioEnergy: level² x seconds) above which someone speaks. */
export const SPEECH_RATE = 0.002;

/** Init script: every RTCPeerConnection the page makes, on window.__cgPcs. */
export const PC_HOOK = `(() => {
  const Original = window.RTCPeerConnection;
  const pcs = [];
  window.__cgPcs = pcs;
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); pcs.push(this); }
  };
})();`;

/**
 * Which of the page's connections count: `all`; `answered` (those the page answered an offer on, e.g.
 * the legs the media edge offered it); `offered` (those it made the offer on, e.g. its SIP calls).
 */
export type Connections = 'all' | 'answered' | 'offered';

export interface AudioWait {
  readonly mode: 'speaks' | 'quiet';
  /** How long the condition must hold. */
  readonly forMs: number;
  readonly timeoutMs: number;
  /** Said in the timeout's message. */
  readonly what: string;
  readonly connections?: Connections;
  readonly threshold?: number;
}

/**
 * Waits until the inbound audio energy rate, summed over the chosen open connections, has been above
 * (`speaks`) or at most (`quiet`) the threshold for `forMs`: the page samples its own stats at each of
 * Playwright's waitForFunction polls (every 100 ms) and keeps the previous sample on window, so the
 * condition itself is what is waited on.
 */
export async function waitAudio(page: Page, w: AudioWait): Promise<void> {
  await page.evaluate(() => delete (window as unknown as { __cgRate?: unknown }).__cgRate);
  try {
    await page.waitForFunction(
      ({ mode, threshold, forMs, connections }) => {
        // Synchronous (each poll reads the last finished sample and starts the next one).
        type Rate = { at: number; e: number; since: number | null; met: boolean; busy: boolean };
        const win = window as unknown as { __cgPcs: RTCPeerConnection[]; __cgRate?: Rate };
        const s = (win.__cgRate ??= { at: 0, e: 0, since: null, met: false, busy: false });
        if (!s.busy) {
          s.busy = true;
          const chosen = win.__cgPcs.filter(
            (pc) =>
              pc.connectionState !== 'closed' &&
              (connections === 'all' || (connections === 'answered') === (pc.remoteDescription?.type === 'offer')),
          );
          void Promise.all(chosen.map((pc) => pc.getStats())).then((reports) => {
            let e = 0;
            for (const report of reports) {
              report.forEach((r: { type?: string; kind?: string; totalAudioEnergy?: number }) => {
                if (r.type === 'inbound-rtp' && r.kind === 'audio') e += r.totalAudioEnergy ?? 0;
              });
            }
            const at = Date.now();
            if (s.at > 0 && at > s.at) {
              // A connection closed between samples makes the sum drop: that counts as no energy.
              const rate = Math.max(0, e - s.e) / ((at - s.at) / 1000);
              const holds = mode === 'speaks' ? rate > threshold : rate <= threshold;
              s.since = holds ? (s.since ?? at) : null;
              s.met = s.since !== null && at - s.since >= forMs;
            }
            s.at = at;
            s.e = e;
            s.busy = false;
          });
        }
        return s.met;
      },
      { mode: w.mode, threshold: w.threshold ?? SPEECH_RATE, forMs: w.forMs, connections: w.connections ?? 'all' },
      { polling: 100, timeout: w.timeoutMs },
    );
  } catch (err) {
    throw new Error(`timed out after ${w.timeoutMs} ms waiting until ${w.what}`, { cause: err });
  }
}
