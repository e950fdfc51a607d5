// A packaged desk started with a debugging switch refuses to start: no window, exit code 1, a message.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as fake from '../../support/electron-fake';

vi.mock('electron', async () => (await import('../../support/electron-fake')).electronModule);

beforeAll(async () => {
  fake.electronFake.app.isPackaged = true;
  fake.userData.dir = mkdtempSync(join(tmpdir(), 'cg-electron-debug-'));
  const argv = process.argv;
  process.argv = [...argv, '--remote-debugging-port=9222'];
  try {
    await import('../../../electron/main');
    for (let i = 0; i < 50 && fake.electronFake.app.exit.mock.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  } finally {
    process.argv = argv;
  }
});

describe('packaged desk started with --remote-debugging-port', () => {
  it('exits with 1 before opening any window, and says why', () => {
    expect(fake.electronFake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.handles.size).toBe(0);
    expect(fake.electronFake.dialog.showErrorBox).toHaveBeenCalledWith('Callgate', expect.stringContaining('--remote-debugging-port'));
  });
});
