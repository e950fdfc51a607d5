// A desk main process stand-in for the kill test: records consent events through the real IPC
// dispatch ('consent:record' -> durable outbox) and delivers them with the real Deliverer to a real API.
// Prints `ACK <eventId>` once the dispatch resolved, i.e. once the UI would show the answer as recorded.
// Env: USER_DATA, API_URL, CALLS (JSON [{callId, leadId, campaignId, agentId}], new calls), MODE=write|drain.
// Each call walks KR_SALE_PATH (the events the server's replay accepts, in order), the calls taken in
// turn; when every call has reached its outcome the writer waits to be killed.
import { join } from 'node:path';
import { createDeskMain } from '../../../electron/services/desk-main';
import { Outbox } from '../../../electron/outbox/outbox';
import { TokenVault } from '../../../electron/credentials/token-vault';
import { openSettingsStore } from '../../../electron/settings/settings-store';
import { KR_SALE_PATH, krScriptEvent } from '../../support/kr-sale-path';
import { KILL_TEST_CIPHER } from './kill-test-cipher';

interface CallRef {
  callId: string;
  leadId: string;
  campaignId: string;
  agentId: string;
}

const userData = process.env['USER_DATA'] ?? '';
const apiUrl = process.env['API_URL'] ?? '';
const calls = JSON.parse(process.env['CALLS'] ?? '[]') as CallRef[];
const mode = process.env['MODE'] ?? 'write';

const settings = openSettingsStore({ cwd: userData, projectVersion: '0.1.0' });
// A small compaction threshold, so kills also land during compactions.
const outbox = await Outbox.open(join(userData, 'outbox'), { compactBytes: 24 * 1024 });
const vault = new TokenVault(KILL_TEST_CIPHER, userData);
const main = createDeskMain({
  connection: { apiUrl, source: 'development', policyFile: null, sip: { wsUrl: null, iceServers: [] } },
  settings,
  vault,
  outbox,
  emit: () => undefined,
  openExternal: async () => undefined,
});
main.start();

if (mode === 'drain') {
  const until = Date.now() + 60_000;
  while (outbox.status().pending > 0 && Date.now() < until) {
    main.deliverer.kick();
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write(`DRAINED ${outbox.status().pending} ${outbox.status().refused}\n`);
  for (const r of outbox.list().refused) process.stdout.write(`REJECTED ${JSON.stringify(r)}\n`);
  await main.stop();
  process.exit(0);
}

// Each run records a call of its own (a crashed desk never resumes a call); events of calls from
// earlier runs that are still in the outbox are delivered by this run.
const nextSeq = new Map<string, number>(calls.map((c) => [c.callId, 0]));
process.stdout.write('READY\n');
for (let i = 0; ; i++) {
  const open = calls.filter((c) => (nextSeq.get(c.callId) ?? 0) < KR_SALE_PATH.length);
  const call = open[i % Math.max(open.length, 1)];
  if (!call) break;
  const seq = nextSeq.get(call.callId) ?? 0;
  const step = KR_SALE_PATH[seq];
  if (!step) break;
  const event = krScriptEvent(call, seq, `상담원이 읽은 안내 문구 ${seq} (${step.stepId})`);
  const res = await main.dispatch('consent:record', { events: [event] });
  if (!res.ok) {
    process.stderr.write(`record failed: ${JSON.stringify(res.error)}\n`);
    process.exit(3);
  }
  nextSeq.set(call.callId, seq + 1);
  process.stdout.write(`ACK ${event.eventId}\n`);
}
// Every call is complete: deliver and wait to be killed (a desk left open).
process.stdout.write('DONE\n');
await new Promise(() => undefined);
