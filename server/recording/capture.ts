import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The media edge's capture folder (rtpengine `--recording-method=pcap --recording-dir=DIR`): one pcap
 * per call, `DIR/pcaps/<call-id, %-escaped>-<16 hex>.pcap`, and a metadata text file per call written when
 * the edge deletes the call. Plain audio lives there only until the API has sealed it; then it is removed.
 */
export class CaptureFolder {
  constructor(readonly dir: string) {}

  private static callIdOf(file: string): string | null {
    const m = /^(.*)-[0-9a-f]{16}\.(pcap|txt)$/.exec(file.replace(/^rtpengine-meta-/, ''));
    if (!m?.[1]) return null;
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return null;
    }
  }

  private async filesOf(sub: string, mediaCallId: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, sub));
    } catch {
      return [];
    }
    return names.filter((n) => CaptureFolder.callIdOf(n) === mediaCallId).sort().map((n) => join(this.dir, sub, n));
  }

  /** The capture of a call (its first pcap), or null when the edge wrote none. */
  async read(mediaCallId: string): Promise<{ pcap: Buffer; files: string[] } | null> {
    const pcaps = await this.filesOf('pcaps', mediaCallId);
    const first = pcaps[0];
    if (!first) return null;
    return { pcap: await readFile(first), files: [...pcaps, ...(await this.filesOf('metadata', mediaCallId))] };
  }

  /** Removes the call's plain captures (after they were sealed, or when they must not be kept). */
  async remove(mediaCallId: string): Promise<void> {
    for (const f of [...(await this.filesOf('pcaps', mediaCallId)), ...(await this.filesOf('metadata', mediaCallId))]) await rm(f, { force: true });
  }
}
