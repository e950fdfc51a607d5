// Headless Debian Chromium for UI and WebRTC tests (playwright-core; never a downloaded browser).
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { requireBinary } from './system';

/** Flags that make Chromium quiet on a closed network and let WebRTC work on loopback (SIP-TEST-STACK.md). */
export const CHROMIUM_ARGS = [
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
];

export async function launchChromium(extraArgs: readonly string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = requireBinary('chromium');
  return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], ...options });
}
