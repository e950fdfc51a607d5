// `npm test` must leave the tree clean: whatever the tests write goes to ignored folders.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR } from '../../support/desk-harness';
import { LOCAL_RESULTS, RECORDED_RESULTS, resultsFile } from '../../bench/results-file';

describe('tests leave the tree clean', () => {
  it('e2e screenshots are written to a git-ignored folder, not to the reviewed set', () => {
    const probe = join(SCREENSHOT_DIR, 'probe.png');
    // git check-ignore exits 0 when the path is ignored, 1 when it would be tracked.
    expect(() => execFileSync('git', ['check-ignore', '-q', probe])).not.toThrow();
    expect(SCREENSHOT_DIR).not.toContain(join('docs', 'screenshots'));
  });

  it('a bench run writes its figures to a git-ignored file; only --record writes the reviewed figures', () => {
    const written = resultsFile(['desk']);
    expect(written).toBe(LOCAL_RESULTS);
    expect(() => execFileSync('git', ['check-ignore', '-q', written])).not.toThrow();
    expect(resultsFile(['desk', '--record'])).toBe(RECORDED_RESULTS);
    // The reviewed figures are tracked: ls-files names them (exits 1 with --error-unmatch otherwise).
    expect(() => execFileSync('git', ['ls-files', '--error-unmatch', RECORDED_RESULTS], { stdio: 'ignore' })).not.toThrow();
  });
});
