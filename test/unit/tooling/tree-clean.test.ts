// `npm test` must leave the tree clean: whatever the tests write goes to ignored folders.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR } from '../../support/desk-harness';

describe('tests leave the tree clean', () => {
  it('e2e screenshots are written to a git-ignored folder, not to the reviewed set', () => {
    const probe = join(SCREENSHOT_DIR, 'probe.png');
    // git check-ignore exits 0 when the path is ignored, 1 when it would be tracked.
    expect(() => execFileSync('git', ['check-ignore', '-q', probe])).not.toThrow();
    expect(SCREENSHOT_DIR).not.toContain(join('docs', 'screenshots'));
  });
});
