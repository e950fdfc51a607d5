// What reaches a plain-RTP party's ear, captured on the wire: dumpcap on the loopback interface for the
// UDP packets sent to one port (the sipp customer's media port), decoded from G.711 per RTP stream. Used
// where a test must prove a party received none of some audio, not that the UI says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePcma, decodePcmu } from '../../server/recording/g711';
import { readRtpPcap } from '../../server/recording/pcap';
import { requireBinary } from '../support/system';
import { waitUntil } from './net';
import { spawnGroup } from './process-group';

/** The decoded audio of one RTP stream (8 kHz), by SSRC. */
export interface CapturedStream {
  readonly ssrc: number;
  readonly payloadType: number;
  readonly packets: number;
  readonly samples: Int16Array;
}

let captures = 0;

/**
 * Captures the next `packets` RTP packets sent to UDP `port` on 127.0.0.1 and returns them decoded
 * (PCMU, PCMA; other payload types are left out). Resolves once the capture is running with a function
 * that waits for the packets (at most `timeoutMs`) and decodes them.
 */
export async function captureRtpTo(runDir: string, port: number, packets: number, timeoutMs = 20_000): Promise<() => Promise<CapturedStream[]>> {
  const dumpcap = requireBinary('dumpcap');
  const n = ++captures;
  const file = join(runDir, `capture-${port}-${n}.pcap`);
  const logFile = join(runDir, `dumpcap-${n}.log`);
  const proc = spawnGroup('dumpcap', dumpcap, ['-i', 'lo', '-f', `udp dst port ${port}`, '-c', String(packets), '-P', '-w', file], { logFile, cwd: runDir });
  // dumpcap says so on stderr once the interface is open: packets from then on are in the file.
  await waitUntil(() => (existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Capturing on') ? true : undefined), 10_000, 'dumpcap capturing', 20);
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([proc.exited, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)))]);
    clearTimeout(timer);
    if (exited === null) {
      await proc.stop();
      throw new Error(`fewer than ${packets} packets reached port ${port} within ${timeoutMs} ms (see ${logFile})`);
    }
    // The loopback capture has an Ethernet header; the reader takes raw IP (as rtpengine writes it).
    const raw = join(runDir, `capture-${port}-${n}-raw.pcap`);
    const edit = spawnSync(requireBinary('editcap'), ['-C', '14', '-T', 'rawip', '-F', 'pcap', file, raw], { encoding: 'utf8' });
    if (edit.status !== 0) throw new Error(`editcap failed: ${edit.stderr}`);
    const bySsrc = new Map<number, { payloadType: number; parts: Int16Array[] }>();
    for (const p of readRtpPcap(readFileSync(raw))) {
      const decode = p.payloadType === 0 ? decodePcmu : p.payloadType === 8 ? decodePcma : null;
      if (!decode) continue;
      const s = bySsrc.get(p.ssrc) ?? { payloadType: p.payloadType, parts: [] };
      s.parts.push(decode(p.payload));
      bySsrc.set(p.ssrc, s);
    }
    return [...bySsrc].map(([ssrc, s]) => {
      const samples = new Int16Array(s.parts.reduce((a, x) => a + x.length, 0));
      let o = 0;
      for (const part of s.parts) samples.set(part, (o += part.length) - part.length);
      return { ssrc, payloadType: s.payloadType, packets: s.parts.length, samples };
    });
  };
}

/** RMS level (0..1) of decoded audio: about 0.001 for a silent microphone through G.711, 0.05+ for speech. */
export function rmsLevel(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const x of samples) sum += (x / 32768) ** 2;
  return Math.sqrt(sum / samples.length);
}
