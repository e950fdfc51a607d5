// The shipped edge config (deploy/kamailio/kamailio.cfg) is valid for Kamailio in each variant an
// operator can choose (plain ws, wss with an Origin check, with a practice line), with include files
// written by scripts/edge-config.mjs, and that writer refuses values that would break or widen the config.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EDGE_CONFIG, edgeSecretsText, edgeSettingsText, writeEdgeRunDir, type EdgeSettings } from '../../../scripts/edge-config.mjs';
import { requireKamailioModules } from '../../sip/kamailio';
import { requireBinary } from '../../support/system';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const base: EdgeSettings = {
  wsListen: '127.0.0.1:18080',
  sipListen: '127.0.0.1:18060',
  domain: 'calls.example.com',
  trunk: '127.0.0.1:18070',
  rtpengineNg: '127.0.0.1:18090',
  apiUrl: 'https://api.example.com',
  edgeSecret: 'e'.repeat(32),
  sipSecret: 's'.repeat(32),
};

/** `kamailio -c` on a run folder written for `settings`: its output, or throws with it. */
function check(settings: EdgeSettings): string {
  const kamailio = requireBinary('kamailio');
  requireKamailioModules();
  const dir = mkdtempSync(join(tmpdir(), 'callgate-edge-cfg-'));
  dirs.push(dir);
  const cfg = writeEdgeRunDir(dir, settings);
  expect(readFileSync(cfg, 'utf8')).toBe(readFileSync(EDGE_CONFIG, 'utf8'));
  expect(statSync(join(dir, 'callgate-secrets.cfg')).mode & 0o077).toBe(0);
  return execFileSync(kamailio, ['-c', '-f', cfg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('deploy/kamailio/kamailio.cfg', () => {
  it('passes kamailio -c as plain ws, with a practice line, and with wss + Origin check', () => {
    expect(() => check(base)).not.toThrow();
    expect(() => check({ ...base, practice: '127.0.0.1:18075' })).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'callgate-edge-tls-'));
    dirs.push(dir);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=calls.example.com'], { stdio: 'ignore' });
    writeFileSync(join(dir, 'tls.cfg'), `[server:default]\nmethod = TLSv1.2+\ncertificate = ${dir}/cert.pem\nprivate_key = ${dir}/key.pem\n`);
    expect(() => check({ ...base, tls: { listen: '127.0.0.1:18443', config: join(dir, 'tls.cfg') }, allowedOrigin: 'https://desk.example.com' })).not.toThrow();
  });

  it('keeps the secrets out of the settings file and out of the config', () => {
    expect(edgeSettingsText(base)).not.toContain(base.edgeSecret);
    expect(edgeSettingsText(base)).not.toContain(base.sipSecret);
    expect(edgeSecretsText(base)).toContain(`#!define EDGE_SECRET "${base.edgeSecret}"`);
    expect(readFileSync(EDGE_CONFIG, 'utf8')).not.toMatch(/#!define (EDGE_SECRET|SIP_SECRET) /);
  });

  it('refuses settings that would break the config or let something else in', () => {
    expect(() => edgeSettingsText({ ...base, apiUrl: 'http://x"\n#!define TRUNK_IP "0.0.0.0' })).toThrow(/apiUrl/);
    expect(() => edgeSettingsText({ ...base, trunk: 'carrier.example.com' })).toThrow(/trunk/);
    expect(() => edgeSettingsText({ ...base, domain: 'a b' })).toThrow(/domain/);
    expect(() => edgeSecretsText({ ...base, edgeSecret: 'short' })).toThrow(/edgeSecret/);
    expect(() => edgeSecretsText({ ...base, sipSecret: 'with"quote'.repeat(3) })).toThrow(/sipSecret/);
  });
});
