// System dependencies of the real-part tests. A missing one fails the test with the command that
// installs it; it never skips (DEVELOPERS.md "Standards").
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian packages behind each binary the tests run. `.ci/run` installs all of them. */
export const SYSTEM_PACKAGES: Record<string, string> = {
  chromium: 'chromium',
  kamailio: 'kamailio kamailio-websocket-modules kamailio-autheph-modules kamailio-utils-modules kamailio-extra-modules kamailio-json-modules kamailio-tls-modules',
  rtpengine: 'rtpengine-daemon',
  sipp: 'sip-tester',
  'espeak-ng': 'espeak-ng',
  sox: 'sox',
  // What reaches a sipp customer's port, captured on the wire (test/sip/rtp-capture.ts).
  dumpcap: 'wireshark-common',
  editcap: 'wireshark-common',
  psql: 'postgresql-client',
};

/** Absolute path of `binary` on PATH (or one of the sbin folders), or throws with an install hint. */
export function requireBinary(binary: string): string {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  const pkg = SYSTEM_PACKAGES[binary] ?? binary;
  throw new Error(
    `'${binary}' is not installed, and this test needs the real one. Install it with:\n` +
      `  apt-get update && apt-get install -y --no-install-recommends ${pkg}\n` +
      `(.ci/run installs every system package the tests need.)`,
  );
}

/** PostgreSQL URL of the test server (DEVELOPERS.md: 127.0.0.1:5432, trust auth, database `test`). */
export const TEST_DATABASE_URL = process.env['CALLGATE_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
