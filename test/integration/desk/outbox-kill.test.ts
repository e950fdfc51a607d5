// Issue 5: electron-store's writes are not crash-safe everywhere, so the outbox has its own journal.
// This proves the design: a desk main process is killed with SIGKILL at random moments (>= 200 times)
// while it records answers and delivers them to a real API; afterwards every event that was
// acknowledged to the UI is stored by the API exactly once, in order, and the ledger verifies.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from '../../../electron/credentials/api-session';
import { TokenVault } from '../../../electron/credentials/token-vault';
import { newId } from '../../../shared/domain/ids';
import { startApi, type ApiProcess } from '../../support/api-process';
import { api, authorizeDial, campaigns, importLeads, login } from '../../support/api-fixtures';
import { KR_SALE_PATH } from '../../support/kr-sale-path';
import { KILL_TEST_CIPHER } from './kill-test-cipher';

const KILLS = Number(process.env['CALLGATE_KILL_RUNS'] ?? 200);
/** A call is at most KR_SALE_PATH.length events (the server replays each call): several calls per run keep the writer busy until the kill. */
const CALLS_PER_RUN = 8;

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with CALLGATE_KILL_SEED. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: ApiProcess;
let writerFile: string;
interface CallRef {
  callId: string;
  leadId: string;
  campaignId: string;
  agentId: string;
}
const calls: CallRef[] = [];
let leadIds: string[] = [];
let campaignId = '';
let agentId = '';

/** Opens a call record the way the desk does: a dial authorization, then POST /v1/calls. */
async function openCall(leadId: string): Promise<CallRef> {
  const auth = await authorizeDial<{ attemptId: string }>(server.url, agentToken, leadId);
  expect(auth.status, JSON.stringify(auth.json)).toBe(201);
  const callId = newId();
  const created = await api(server.url, 'POST', '/v1/calls', agentToken, { attemptId: auth.json.attemptId, callId });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const call = { callId, leadId, campaignId, agentId };
  calls.push(call);
  return call;
}
let adminToken = '';
let agentToken = '';

beforeAll(async () => {
  server = await startApi();
  const admin = await login(server.url, 'admin');
  const agent = await login(server.url, 'agent1');
  adminToken = admin.token;
  agentToken = agent.token;
  const kr = (await campaigns(server.url, admin.token)).campaigns.find((c) => c.profile === 'KR');
  if (!kr) throw new Error('the demo seed has no KR campaign');
  campaignId = kr.id;
  agentId = agent.userId;
  // One fresh lead per run (CG-ATTEMPTS limits dials per lead and day); night consent makes them callable at any hour.
  leadIds = await importLeads(
    server.url,
    admin.token,
    kr.id,
    Array.from({ length: KILLS * CALLS_PER_RUN + 1 }, (_, i) => ({ name: `시험 고객 ${i}`, phone: `02-5550-${String(1000 + i).padStart(4, '0')}`, nightConsent: true })),
  );
  const out = join(process.cwd(), '.tmp');
  mkdirSync(out, { recursive: true });
  writerFile = join(out, 'outbox-writer.mjs');
  await build({
    entryPoints: [join(process.cwd(), 'test', 'integration', 'desk', 'outbox-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['electron'],
    // Bundled whole so each of the hundreds of starts is quick; CJS dependencies need `require`.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    outfile: writerFile,
    logLevel: 'warning',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface Run {
  acks: string[];
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs the writer. `kill`: SIGKILL either `afterSpawnMs` after the start (a kill during start-up and
 * journal recovery) or `afterMs` after its `afterAcks`-th acknowledged answer (a kill while recording and
 * delivering: counted in answers, not in wall time, so a fast journal cannot finish every call first).
 */
function runWriter(userData: string, mode: 'write' | 'drain', runCalls: readonly CallRef[], kill?: { afterSpawnMs?: number; afterAcks?: number; afterMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [writerFile], {
      env: {
        ...process.env,
        USER_DATA: userData,
        API_URL: server.url,
        CALLS: JSON.stringify(runCalls),
        MODE: mode,
        ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-binary'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (kill?.afterAcks !== undefined && kill.afterAcks > 0 && timer === undefined && stdout.split('\nACK ').length - 1 >= kill.afterAcks) {
        timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs ?? 0);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (kill?.afterSpawnMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterSpawnMs);
    child.stdout.once('data', () => {
      if (kill?.afterAcks === 0 && timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs ?? 0);
    });
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      const acks = stdout
        .split('\n')
        .filter((l) => l.startsWith('ACK '))
        .map((l) => l.slice(4).trim());
      resolve({ acks, stdout, stderr, code });
    });
  });
}

describe('durable outbox under SIGKILL', () => {
  it(`every event acknowledged to the UI reaches the API exactly once, across ${KILLS} kills at random moments`, async () => {
    const seed = Number(process.env['CALLGATE_KILL_SEED'] ?? Date.now() % 1_000_000);
    const random = rng(seed);
    const userData = mkdtempSync(join(tmpdir(), 'cg-kill-'));
    // The session token as the desk keeps it: bound to the API that issued it.
    new ApiSession(new TokenVault(KILL_TEST_CIPHER, userData), server.url).save(agentToken);
    const acked: string[] = [];
    let killedMidWrite = 0;
    for (let i = 0; i < KILLS; i++) {
      // One kill in six lands during start-up (journal recovery); the rest while recording and delivering.
      const duringStartup = random() < 1 / 6;
      const runCalls: CallRef[] = [];
      for (let c = 0; c < CALLS_PER_RUN; c++) runCalls.push(await openCall(leadIds[i * CALLS_PER_RUN + c] ?? ''));
      const run = await runWriter(
        userData,
        'write',
        runCalls,
        duringStartup ? { afterSpawnMs: Math.floor(random() * 600) } : { afterAcks: Math.floor(random() * (CALLS_PER_RUN * KR_SALE_PATH.length - 4)), afterMs: Math.floor(random() * 4) },
      );
      expect(run.stderr, `run ${i} (seed ${seed})`).not.toMatch(/record failed/);
      if (run.code === null && !run.stdout.includes('DONE')) killedMidWrite += 1;
      acked.push(...run.acks);
    }
    const drain = await runWriter(userData, 'drain', []);
    expect(drain.stdout, drain.stderr).toContain('DRAINED 0 0');

    const stored: string[] = [];
    for (const c of calls) {
      const res = await api<{ call: { eventCount: number }; timeline: { event: { eventId: string; seq: number } }[] }>(server.url, 'GET', `/v1/calls/${c.callId}`, agentToken);
      expect(res.status).toBe(200);
      const seqs = res.json.timeline.map((t) => t.event.seq);
      expect(seqs, `call ${c.callId} in seq order without gaps`).toEqual(seqs.map((_, i) => i));
      stored.push(...res.json.timeline.map((t) => t.event.eventId));
    }
    expect(killedMidWrite, 'the writer was really killed').toBeGreaterThan(KILLS * 0.8);
    expect(acked.length, 'events were acknowledged').toBeGreaterThan(KILLS * 2);
    expect(new Set(stored).size, 'no event stored twice').toBe(stored.length);
    const storedSet = new Set(stored);
    const lost = acked.filter((id) => !storedSet.has(id));
    expect(lost, `acknowledged events lost (seed ${seed})`).toEqual([]);
    const verify = await api<{ ok: boolean }>(server.url, 'GET', '/v1/ledger/verify', adminToken);
    expect(verify.json.ok).toBe(true);
    console.log(`kill test: seed ${seed}, ${KILLS} kills, ${acked.length} acknowledged, ${stored.length} stored, 0 lost, 0 doubled`);
  }, 600_000);
});
