// Chromium for WebRTC tests: the one launcher of test/support/chromium.ts (Debian's /usr/bin/chromium
// with the flags of SIP-TEST-STACK.md), plus a WAV as every page's microphone when asked.
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, launchChromium as launch } from '../support/chromium';

export const CHROMIUM_FLAGS = CHROMIUM_ARGS;

/** Launches headless Chromium; `fakeAudioFile` (a WAV) becomes every page's microphone. */
export async function launchChromium(options: { fakeAudioFile?: string } = {}): Promise<Browser> {
  return await launch(options.fakeAudioFile ? [`--use-file-for-fake-audio-capture=${options.fakeAudioFile}`] : []);
}
