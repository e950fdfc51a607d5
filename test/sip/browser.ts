// Chromium for WebRTC tests (playwright-core + Debian's /usr/bin/chromium), with the flags of
// /work/shared/SIP-TEST-STACK.md. Without --allow-loopback-in-peer-connection no ICE candidate is
// gathered on loopback: calls reach Established and no audio flows.
import { chromium, type Browser } from 'playwright-core';
import { requireBinary } from '../support/system';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
] as const;

/** Launches headless Chromium; `fakeAudioFile` (a WAV) becomes every page's microphone. */
export async function launchChromium(options: { fakeAudioFile?: string } = {}): Promise<Browser> {
  const executablePath = requireBinary('chromium');
  const args: string[] = [...CHROMIUM_FLAGS];
  if (options.fakeAudioFile) args.push(`--use-file-for-fake-audio-capture=${options.fakeAudioFile}`);
  return await chromium.launch({ executablePath, headless: true, args });
}
