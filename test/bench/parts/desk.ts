// Desk bench part (`npm run bench -- desk`):
// - click -> durable: an answer recorded through the bridge from the page (Chromium -> bridge -> main
//   services -> fsync'd outbox) p50/p99, beside a raw fsync'd append of the same bytes in the same run;
//   and the main-process part alone (dispatch -> schema checks -> outbox), each sample taken right
//   beside a raw fsync'd append of the same journal line, alternating which goes first, and each of the
//   two started from the same settled desk (the previous answer delivered, its status sent): an agent's
//   answers come seconds apart, and a measurement that ran while the other one's delivery was in flight
//   would compare two different loads; and beside an O_DSYNC append of the same line (the system call the
//   journal makes), so what remains is the desk's own code;
// - the journal's fault paths (test/bench/desk-journal.ts): a failed fsync with its repair, the next
//   answer, opening a 10k-record journal with a torn tail or a damaged middle record;
// - answer -> ledger: from the click to stored in the API's ledger (server receivedAt), p50/p95;
// - renderer JS size (gzip) beside React DOM's own production build (the floor of any React app);
// - first contentful paint of the desk in Chromium beside a one-line static page, same browser.
import { constants as fsConstants, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildRenderer } from '../../../scripts/build.mjs';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { startApi } from '../../support/api-process';
import { api, authorizeDial, campaigns, importLeads, login } from '../../support/api-fixtures';
import { launchChromium } from '../../support/chromium';
import { RENDERER_DIST, startDesk } from '../../support/desk-harness';
import { serveFolder } from '../../support/static-server';
import { firstContentfulPaint, STAND_IN_BRIDGE } from '../../support/desk-paint';
import { encodeLine } from '../../../electron/outbox/journal-scan';
import { eventRecord } from '../../../electron/outbox/records';
import { journalFaultPaths } from '../desk-journal';
import { KR_SALE_PATH, krScriptEvent } from '../../support/kr-sale-path';
import { metric, percentile, progress, type Metric } from '../metric';

const EVENTS = 400;

/** Event `seq` of a call walking the KR default script to a sale (what the server's replay accepts). */
function eventFor(call: { callId: string; leadId: string; campaignId: string; agentId: string }, seq: number): ConsentEvent {
  return krScriptEvent(call, seq, `지금 잠시 통화 괜찮으십니까? (${seq})`, { step: KR_SALE_PATH[seq % KR_SALE_PATH.length]! });
}

async function rawFsyncAppend(lines: readonly string[]): Promise<number[]> {
  const fh = await open(join(mkdtempSync(join(tmpdir(), 'cg-raw-')), 'raw.ndjson'), 'a');
  const times: number[] = [];
  for (const line of lines) {
    const t0 = performance.now();
    await fh.write(line);
    await fh.sync();
    times.push(performance.now() - t0);
  }
  await fh.close();
  return times;
}

export async function run(): Promise<Record<string, Metric>> {
  const say = progress('desk');
  say('building the renderer');
  await buildRenderer();
  say('starting the API and Chromium');
  const server = await startApi();
  const browser = await launchChromium();
  try {
    const admin = await login(server.url, 'admin');
    const agent = await login(server.url, 'agent1');
    const kr = (await campaigns(server.url, admin.token)).campaigns.find((c) => c.profile === 'KR');
    if (!kr) throw new Error('no KR campaign');
    // The server replays each call's events against its script (issue 11): the answers are recorded as
    // whole calls walking the KR script to a sale, one lead each.
    const callCount = Math.ceil(EVENTS / KR_SALE_PATH.length);
    const leadIds = await importLeads(
      server.url,
      admin.token,
      kr.id,
      Array.from({ length: callCount }, (_, i) => ({ name: `벤치 고객 ${i}`, phone: `02-5550-${String(1000 + i)}`, nightConsent: true })),
    );
    say(`authorizing ${callCount} calls`);
    const calls: { callId: string; leadId: string; campaignId: string; agentId: string }[] = [];
    for (const leadId of leadIds) {
      const auth = await authorizeDial<{ attemptId: string }>(server.url, agent.token, leadId);
      if (auth.status !== 201 && auth.status !== 200) throw new Error(`dial authorization: HTTP ${auth.status}`);
      const callId = newId();
      await api(server.url, 'POST', '/v1/calls', agent.token, { attemptId: auth.json.attemptId, callId });
      calls.push({ callId, leadId, campaignId: kr.id, agentId: agent.userId });
    }
    const call = calls[0]!;

    say('starting the desk');
    const desk = await startDesk({ apiUrl: server.url, browser });
    await desk.signIn('agent1');

    const events = Array.from({ length: EVENTS }, (_, i) => eventFor(calls[Math.floor(i / KR_SALE_PATH.length)]!, i % KR_SALE_PATH.length));
    say(`recording ${EVENTS} answers from the page`);
    // From the page, as the desk does it: window.callgate.consent.record resolves once fsync'd.
    const timings = await desk.page.evaluate(async (evs) => {
      const bridge = (window as unknown as { callgate: { consent: { record(p: unknown): Promise<{ ok: boolean }> } } }).callgate;
      const out: { ms: number; clickedAt: number; eventId: string }[] = [];
      for (const e of evs) {
        const t0 = performance.now();
        const clickedAt = Date.now();
        const r = await bridge.consent.record({ events: [e] });
        if (!r.ok) throw new Error('record failed');
        out.push({ ms: performance.now() - t0, clickedAt, eventId: (e as { eventId: string }).eventId });
      }
      return out;
    }, events);
    const raw = await rawFsyncAppend(events.map((e) => encodeLine(eventRecord(new Date().toISOString(), e))));
    // The same through the main process's dispatch alone (schema checks + outbox), each sample beside a
    // raw append of the very line the journal writes for it, fsync'd (the goal's baseline) and O_DSYNC
    // (the journal's own system call: what is left is the desk's code), rotating which goes first.
    const settled = async (): Promise<void> => {
      await desk.main.deliverer.idle();
      await new Promise((r) => setImmediate(r));
    };
    say(`recording ${EVENTS} answers through the main process beside raw appends`);
    const mainSide: number[] = [];
    const rawBeside: number[] = [];
    const dsyncBeside: number[] = [];
    const fh = await open(join(mkdtempSync(join(tmpdir(), 'cg-raw-')), 'raw.ndjson'), 'a');
    const dsyncFlags = fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | (fsConstants.O_DSYNC ?? 0);
    const dh = await open(join(mkdtempSync(join(tmpdir(), 'cg-dsync-')), 'raw.ndjson'), dsyncFlags, 0o666);
    for (const [i, e] of Array.from({ length: EVENTS }, (_, n) => eventFor({ ...call, callId: newId() }, n)).entries()) {
      const line = encodeLine(eventRecord(new Date().toISOString(), e));
      const steps = [
        async (): Promise<void> => {
          await settled();
          const t0 = performance.now();
          await fh.write(line);
          await fh.sync();
          rawBeside.push(performance.now() - t0);
        },
        async (): Promise<void> => {
          await settled();
          const t0 = performance.now();
          await dh.write(line);
          dsyncBeside.push(performance.now() - t0);
        },
        async (): Promise<void> => {
          await settled();
          const t0 = performance.now();
          const r = await desk.main.dispatch('consent:record', { events: [e] });
          mainSide.push(performance.now() - t0);
          if (!r.ok) throw new Error('record failed');
        },
      ];
      for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]!();
      if ((i + 1) % 100 === 0) say(`main side: ${i + 1}/${EVENTS}`);
    }
    await fh.close();
    await dh.close();

    // Answer -> ledger: wait until the API holds all of them, then compare its receivedAt with the click.
    // (The bridge may resolve after the delivery already happened, so the click is the reliable start.)
    say('waiting for the ledger to hold the answers');
    const deadline = Date.now() + 60_000;
    let timeline: { event: { eventId: string }; receivedAt: string }[] = [];
    while (Date.now() < deadline) {
      timeline = [];
      for (const c of calls) {
        const res = await api<{ timeline?: typeof timeline }>(server.url, 'GET', `/v1/calls/${c.callId}`, agent.token);
        timeline.push(...(res.json.timeline ?? []));
      }
      if (timeline.length >= EVENTS) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (timeline.length < EVENTS) throw new Error(`the ledger holds ${timeline.length} of ${EVENTS} answers after 60 s`);
    const clicked = new Map(timings.map((t) => [t.eventId, t.clickedAt]));
    const toLedger = timeline.map((t) => Date.parse(t.receivedAt) - (clicked.get(t.event.eventId) ?? Number.NaN));
    await desk.stop();

    say('bundle size and first contentful paint');
    // Bundle size.
    const assets = join(RENDERER_DIST, 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0);
    // What the desk loads at start: the entry chunk (review and practice load on first use).
    const entry = js.filter((f) => f.startsWith('index-')).reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0);
    const require = createRequire(import.meta.url);
    const reactDomDir = dirname(require.resolve('react-dom/package.json'));
    const reactDomFile = join(reactDomDir, 'cjs', 'react-dom-client.production.js');
    const reactFloor = statSync(reactDomFile).isFile() ? gzipSync(readFileSync(reactDomFile)).length : 0;

    // First contentful paint: the desk (login screen) vs a one-line static page, fresh contexts.
    const blankDir = mkdtempSync(join(tmpdir(), 'cg-blank-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(blankDir, 'index.html'), '<!doctype html><meta charset=utf-8><p>Callgate</p>');
    const blank = await serveFolder(blankDir);
    const deskSite = await serveFolder(RENDERER_DIST);
    const fcp = async (url: string, init?: string): Promise<number> => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        if (init) await page.addInitScript({ content: init });
        samples.push(await firstContentfulPaint(page, url));
        await ctx.close();
      }
      return percentile(samples, 50);
    };
    // The login screen needs a bridge to render: a stand-in that reports "no session".
    const deskFcp = await fcp(`${deskSite.url}/index.html`, STAND_IN_BRIDGE);
    const blankFcp = await fcp(`${blank.url}/index.html`);
    await blank.close();
    await deskSite.close();

    const durable = timings.map((t) => t.ms);
    return {
      'desk.click_to_durable.p50': metric(percentile(durable, 50), 'ms', percentile(raw, 50)),
      'desk.click_to_durable.p99': metric(percentile(durable, 99), 'ms', percentile(raw, 99)),
      'desk.record_main_side.p50': metric(percentile(mainSide, 50), 'ms', percentile(rawBeside, 50)),
      'desk.record_main_side.p99': metric(percentile(mainSide, 99), 'ms', percentile(rawBeside, 99)),
      'desk.record_main_side_vs_dsync_append.p50': metric(percentile(mainSide, 50), 'ms', percentile(dsyncBeside, 50)),
      'desk.record_main_side_vs_dsync_append.p99': metric(percentile(mainSide, 99), 'ms', percentile(dsyncBeside, 99)),
      'desk.answer_to_ledger.p50': metric(percentile(toLedger, 50), 'ms', null),
      'desk.answer_to_ledger.p95': metric(percentile(toLedger, 95), 'ms', null),
      'desk.renderer_js_gzip': metric(gz, 'bytes', reactFloor),
      'desk.renderer_entry_js_gzip': metric(entry, 'bytes', reactFloor),
      'desk.first_contentful_paint': metric(deskFcp, 'ms', blankFcp),
      ...(await journalFaultPaths(say)),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
