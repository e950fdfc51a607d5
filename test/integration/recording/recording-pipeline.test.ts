// The recording pipeline against a real rtpengine driven over ng (no SIP): two plain-RTP parties play
// tones, the API starts recording when the KR recording consent "yes" is ingested and stops it on the
// opt-out; the pcap is decoded to a two-channel WAV, sealed, ledgered, played with ranges, exported for
// an inspection request, checked by ledger:verify, and deleted by the retention job. SQLite and PostgreSQL.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/domain/consent-event';
import { newId } from '../../../shared/domain/ids';
import { purgeExpiredRecordings } from '../../../server/recording/retention';
import { recordingOfCall } from '../../../server/store/recordings';
import { demoRun, shippedScript, step } from '../../support/script-events';
import { DB_KINDS, startTestServer, type TestServer } from '../../support/server-harness';
import { bandLevel } from '../../support/tones';
import { importKrLeads, injectedApi } from '../review/review-seed';
import { ingestConsent, openAnsweredCall, recordingState, relayMore, useMediaEdge, waitRecordingState } from './media-edge';

const KR_V2 = shippedScript('kr-default-v2');
const edge = useMediaEdge('cg-rec-', { agent: 0x1111, customer: 0x2222 });

describe.each(DB_KINDS)('recording pipeline (rtpengine over ng) on %s', (kind) => {
  let s: TestServer;
  let offsetMs = 0;
  let tokens: { agent: string; lead: string; admin: string };

  beforeAll(async () => {
    // Real time (the capture's timestamps are real), movable for the retention test.
    s = await startTestServer(kind, { now: new Date(), ...edge.serverOptions(() => new Date(Date.now() + offsetMs)) });
    // The demo KR campaign runs the KR default script with its recording-consent step (version 2).
    const row = await s.ctx.store.db.get("SELECT body FROM campaigns WHERE id = 'cmp-kr-insurance'");
    const body = JSON.parse(String(row?.['body'])) as Record<string, unknown>;
    await s.ctx.store.db.run("UPDATE campaigns SET body = ? WHERE id = 'cmp-kr-insurance'", [JSON.stringify({ ...body, scriptVersion: 2 })]);
    tokens = { agent: await s.login('agent1'), lead: await s.login('lead1'), admin: await s.login('admin') };
  });

  afterAll(async () => {
    await s?.close();
  });

  /** Opens a call of agent1 to `leadId` with a fresh SIP Call-ID. */
  const openCall = async (leadId: string): Promise<{ id: string; leadId: string; campaignId: string; agentId: string; sipCallId: string }> => ({
    ...(await openAnsweredCall(s, tokens.agent, leadId, new Date(Date.now() + offsetMs))),
    agentId: 'user-agent1',
  });
  const ingest = (events: ConsentEvent[]): Promise<void> => ingestConsent(s, tokens.agent, events);

  let storedCallId = '';

  it('KR-REC: the recording holds what was said after the consent "yes" and before the opt-out, and nothing else', async () => {
    const call = await openCall('lead-kr-night');
    const media = await edge.mediaCall(call);
    try {
      const run = demoRun(KR_V2, call);
      // Before consent: 440 Hz (agent) and 620 Hz (customer).
      media.agent.play(440);
      media.customer.play(620);
      await relayMore(media, 25);
      await ingest([
        await step(run, { type: 'confirm' }),
        await step(run, { type: 'answer', answerId: 'yes' }),
        await step(run, { type: 'confirm' }),
        await step(run, { type: 'answer', answerId: 'yes' }),
      ]);
      expect(await recordingState(s, call.id)).toBeUndefined();
      // The customer agrees to the recording; what is said from now on may be recorded.
      media.agent.play(1000);
      media.customer.play(1400);
      const yes = await step(run, { type: 'answer', answerId: 'yes' });
      expect(yes).toMatchObject({ stepId: 'kr-rec', consentKind: 'recording', ruleIds: ['KR-REC'] });
      await ingest([yes]);
      await waitRecordingState(s, call.id, 'recording');
      await relayMore(media, 50);
      await ingest([await step(run, { type: 'deliver_pitch' }), await step(run, { type: 'opt_out' })]);
      await waitRecordingState(s, call.id, 'stopped');
      // After the opt-out: 1800 Hz and 2200 Hz, which must not be in the recording.
      media.agent.play(1800);
      media.customer.play(2200);
      await relayMore(media, 25);
      const end = await s.request('PATCH', `/v1/calls/${call.id}`, { token: tokens.agent, body: { endedAt: new Date(Date.now() + offsetMs).toISOString(), outcome: 'opt_out' } });
      expect(end.status, end.body).toBe(200);
      await waitRecordingState(s, call.id, 'stored');

      const rec = await s.request('GET', `/v1/calls/${call.id}/recording`, { token: tokens.lead });
      expect(rec.status).toBe(200);
      expect(rec.json).toMatchObject({ state: 'stored', stopReason: 'call_ended_by_customer', channels: ['agent', 'customer'], sampleRate: 8000, failure: null });
      // Never before the consent: the first recorded sample comes after the "yes" happened.
      expect(Date.parse(rec.json.startedAt)).toBeGreaterThanOrEqual(Date.parse(yes.occurredAt));
      expect(rec.json.durationMs).toBeGreaterThan(700);
      expect(rec.json.peaks).toHaveLength(2);

      const exported = await s.request('POST', `/v1/recordings/${rec.json.id}/inspection-export`, { token: tokens.lead, body: { reason: '고객 녹취 열람 요청 처리', requestRef: 'REQ-2026-0042' } });
      expect(exported.status, exported.body).toBe(201);
      const download = await s.request('GET', exported.json.url);
      expect(download.status).toBe(200);
      expect(download.headers['content-disposition']).toContain('attachment');
      const wav = download.rawPayload;
      expect(createHash('sha256').update(wav).digest('hex')).toBe(rec.json.sha256);
      const file = join(edge.runDir, `${call.id}-${kind}.wav`);
      writeFileSync(file, wav);
      const level = (ch: number, hz: number): number => bandLevel(file, ch, hz);
      expect(level(1, 1000)).toBeGreaterThan(0.1);
      expect(level(2, 1400)).toBeGreaterThan(0.1);
      for (const [ch, hz] of [[1, 440], [1, 1800], [2, 620], [2, 2200]] as const) expect(level(ch, hz), `${hz} Hz on channel ${ch}`).toBeLessThan(0.02);

      // Nothing plain is left behind at the media edge.
      expect(readdirSync(join(edge.captureDir, 'pcaps')).filter((f) => decodeURIComponent(f).startsWith(call.sipCallId))).toEqual([]);
      storedCallId = call.id;
    } finally {
      await media.close();
    }
  });

  it('the stored file is encrypted, its hashes are in the ledger next to the call\'s consent events, and a changed byte breaks ledger:verify', async () => {
    const row = await recordingOfCall(s.ctx.store.db, storedCallId);
    if (!row?.filePath || row.ledgerSeq === null) throw new Error('no stored recording from the test before');
    const path = join(s.config.recordingsDir, row.filePath);
    const sealed = readFileSync(path);
    expect(sealed.subarray(0, 5).toString('latin1')).toBe('CGREC');
    expect(sealed.includes(Buffer.from('RIFF'))).toBe(false);
    expect(sealed.includes(Buffer.from('WAVE'))).toBe(false);
    expect(createHash('sha256').update(sealed).digest('hex')).toBe(row.storedSha256);

    const entry = await s.ctx.store.db.get('SELECT kind, ref_id, payload FROM ledger WHERE seq = ?', [row.ledgerSeq]);
    expect(entry).toMatchObject({ kind: 'recording', ref_id: row.id });
    const payload = JSON.parse(String(entry?.['payload']));
    expect(payload).toMatchObject({ callId: storedCallId, sha256: row.sha256, storedSha256: row.storedSha256, startedAt: row.startedAt, endedAt: row.endedAt, format: 'audio/wav' });
    const consentSeq = await s.ctx.store.db.get("SELECT MAX(ledger_seq) AS s FROM consent_events WHERE call_id = ?", [storedCallId]);
    expect(row.ledgerSeq).toBeGreaterThan(Number(consentSeq?.['s']));

    const ok = await s.request('GET', '/v1/ledger/verify', { token: tokens.admin });
    expect(ok.json).toMatchObject({ ok: true, firstBroken: null });
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 0x01;
    writeFileSync(path, flipped);
    try {
      const broken = await s.request('GET', '/v1/ledger/verify', { token: tokens.admin });
      expect(broken.json).toMatchObject({ ok: false, firstBroken: { seq: row.ledgerSeq, problem: 'changed' } });
      expect(broken.json.firstBroken.detail).toContain(row.id);
    } finally {
      writeFileSync(path, sealed);
    }
  });

  it('playback: a reason is access-logged, the link serves ranges, and only for its recording and for minutes', async () => {
    const row = await recordingOfCall(s.ctx.store.db, storedCallId);
    if (!row) throw new Error('no recording');
    const noReason = await s.request('POST', `/v1/recordings/${row.id}/playback`, { token: tokens.lead, body: { reason: '' } });
    expect(noReason.status).toBe(400);
    expect((await s.request('POST', `/v1/recordings/${row.id}/playback`, { token: tokens.agent, body: { reason: '듣고 싶어요' } })).status).toBe(403);
    const grant = await s.request('POST', `/v1/recordings/${row.id}/playback`, { token: tokens.lead, body: { reason: 'QA 평가를 위한 청취' } });
    expect(grant.status).toBe(201);
    const log = await s.request('GET', `/v1/review/access-log?subject=${row.id}`, { token: tokens.lead });
    expect(log.json.items.map((i: { action: string; reason: string }) => [i.action, i.reason])).toEqual([
      ['recording_play', 'QA 평가를 위한 청취'],
      ['recording_export', '고객 녹취 열람 요청 처리 [inspection request REQ-2026-0042]'],
    ]);
    const head = await s.request('GET', grant.json.url, { headers: { range: 'bytes=0-43' } });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-43/${row.plainSize}`);
    expect(head.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const tail = await s.request('GET', grant.json.url, { headers: { range: 'bytes=-100' } });
    expect(tail.status).toBe(206);
    expect(tail.rawPayload.length).toBe(100);
    const beyond = await s.request('GET', grant.json.url, { headers: { range: `bytes=${row.plainSize}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${row.plainSize}`);
    expect(beyond.headers['content-type']).toContain('application/problem+json');
    // A link is good for its recording only, not after it expired, and not when forged.
    expect((await s.request('GET', grant.json.url.replace(row.id, newId()))).status).toBe(403);
    expect((await s.request('GET', `/v1/recordings/${row.id}/audio?grant=${'x'.repeat(40)}`)).status).toBe(403);
    offsetMs += s.config.playbackGrantTtlSec * 1000 + 1000;
    try {
      expect((await s.request('GET', grant.json.url, { headers: { range: 'bytes=0-1' } })).status).toBe(403);
    } finally {
      offsetMs -= s.config.playbackGrantTtlSec * 1000 + 1000;
    }
  });

  it('KR-REC: a "no" to recording means no recording at all', async () => {
    // The server runs on real time: the lead has the night-call consent, so KR-NIGHT (21:00-08:00 KST,
    // 12:00-23:00 UTC) never refuses the dial (the demo lead-kr-valid has none).
    const [leadId = ''] = await importKrLeads(injectedApi(s), tokens.admin, [{ name: '녹취거부 고객', phone: '010-5555-7301', grantedAt: '2026-01-15T00:00:00.000Z', nightConsent: true }]);
    const call = await openCall(leadId);
    const media = await edge.mediaCall(call);
    try {
      media.agent.play(1000);
      media.customer.play(1400);
      const run = demoRun(KR_V2, call);
      const events = [];
      for (const a of [{ type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'confirm' }, { type: 'answer', answerId: 'yes' }, { type: 'answer', answerId: 'no' }, { type: 'deliver_pitch' }] as const) {
        events.push(await step(run, a));
      }
      await ingest(events);
      await waitRecordingState(s, call.id, 'declined');
      await relayMore(media, 25);
      await s.request('PATCH', `/v1/calls/${call.id}`, { token: tokens.agent, body: { endedAt: new Date(Date.now() + offsetMs).toISOString(), outcome: 'not_interested' } });
      await s.ctx.recordings.recorder?.idle();
      const rec = await s.request('GET', `/v1/calls/${call.id}/recording`, { token: tokens.lead });
      expect(rec.json).toMatchObject({ state: 'declined', stopReason: 'consent_refused', startedAt: null, sha256: null, peaks: null });
      expect((await s.request('POST', `/v1/recordings/${rec.json.id}/playback`, { token: tokens.lead, body: { reason: '녹취 확인' } })).status).toBe(409);
      const pcaps = readdirSync(join(edge.captureDir, 'pcaps'));
      expect(pcaps.some((f) => decodeURIComponent(f).startsWith(call.sipCallId))).toBe(false);
    } finally {
      await media.close();
    }
  });

  it('KR-REC retention: an expired recording is deleted by the job, which leaves a ledger entry; the chain stays intact', async () => {
    const row = await recordingOfCall(s.ctx.store.db, storedCallId);
    if (!row?.retainUntil || !row.filePath) throw new Error('no stored recording');
    // KR keeps recordings at least 3 months (92 days by default).
    expect(Date.parse(row.retainUntil) - Date.parse(row.endedAt ?? '')).toBe(92 * 86_400_000);
    expect(await purgeExpiredRecordings(s.ctx.store.db, s.ctx.recordings.vault, new Date(Date.parse(row.retainUntil) - 1000))).toBe(0);
    expect(await purgeExpiredRecordings(s.ctx.store.db, s.ctx.recordings.vault, new Date(Date.parse(row.retainUntil) + 1000))).toBe(1);
    const after = await recordingOfCall(s.ctx.store.db, storedCallId);
    expect(after).toMatchObject({ state: 'deleted', peaks: null });
    expect(() => readFileSync(join(s.config.recordingsDir, row.filePath ?? ''))).toThrow(/ENOENT/);
    const entry = await s.ctx.store.db.get('SELECT kind, ref_id, payload FROM ledger WHERE seq = ?', [after?.deletionLedgerSeq ?? -1]);
    expect(entry).toMatchObject({ kind: 'recording_deleted', ref_id: row.id });
    expect(JSON.parse(String(entry?.['payload']))).toMatchObject({ reason: 'retention', storedSha256: row.storedSha256, retainUntil: row.retainUntil });
    expect((await s.request('GET', '/v1/ledger/verify', { token: tokens.admin })).json).toMatchObject({ ok: true });
    expect((await s.request('POST', `/v1/recordings/${row.id}/playback`, { token: tokens.lead, body: { reason: '삭제 후 청취 시도' } })).status).toBe(409);
  });
});
