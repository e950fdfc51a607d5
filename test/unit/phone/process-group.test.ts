import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../sip/net';
import { spawnGroup } from '../../sip/process-group';

const dir = mkdtempSync(join(tmpdir(), 'callgate-pg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Live (non-zombie) processes whose process group is `pgid`. */
function members(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('process groups of the SIP test stack', () => {
  it('PHONE-STACK: stop() ends the forked workers too (as Kamailio forks), not just the main process', async () => {
    // A parent that forks two workers ignoring SIGTERM, like daemons that need the SIGKILL fallback.
    const proc = spawnGroup('forker', 'sh', ['-c', "trap '' TERM; sleep 60 & sleep 60 & wait"], { logFile: join(dir, 'forker.log') });
    await waitUntil(() => (members(proc.pid).length >= 3 ? true : undefined), 5_000, 'the parent and its two workers');
    await proc.stop(300);
    expect(members(proc.pid)).toEqual([]);
  });

  it('PHONE-STACK: kill() is immediate and also takes the whole group', async () => {
    const proc = spawnGroup('sleeper', 'sh', ['-c', 'sleep 60 & sleep 60 & wait'], { logFile: join(dir, 'sleeper.log') });
    await waitUntil(() => (members(proc.pid).length >= 3 ? true : undefined), 5_000, 'the parent and its two workers');
    const started = Date.now();
    await proc.kill();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(members(proc.pid)).toEqual([]);
  });
});
