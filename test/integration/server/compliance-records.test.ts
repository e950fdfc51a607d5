// Records and jobs of issue 14 on real SQLite and PostgreSQL: the KR-WITHDRAW result notice sent over
// SMTP to a real local SMTP server and recorded in the ledger, overdue notices flagged in review, the
// caller ID kept on every call (US-RETAIN), the KR-ACCESS retention and monthly access review.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logAccess } from '../../../server/identity/access-log';
import { purgeAccessLog } from '../../../server/identity/access-review';
import { verifyLedger } from '../../../server/ledger/verify';
import { smtpNotifier } from '../../../server/notices/smtp-notifier';
import { sendWithdrawalNotices } from '../../../server/notices/withdrawal-notices';
import { createServer } from '../../../server/bootstrap';
import { proofsToKeep } from '../../../server/services/consent-retention';
import { recordOptOut } from '../../../server/services/opt-out';
import { insertGrants, leadById } from '../../../server/store/leads';
import { US_PROFILE } from '../../../shared/compliance/profiles';
import { authorizeDial, DB_KINDS, startTestServer, takeLead, type TestServer } from '../../support/server-harness';

interface Mail {
  readonly to: string[];
  readonly data: string;
}

let smtp: SMTPServer;
let smtpUrl = '';
const mails: Mail[] = [];
let refuse = false;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (data += c));
      stream.on('end', () => {
        if (refuse) return callback(new Error('mailbox unavailable'));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe.each(DB_KINDS)('compliance records and jobs on %s', (kind) => {
  let s: TestServer;
  let agent: string;
  beforeEach(async () => {
    s = await startTestServer(kind);
    agent = await s.login('agent1');
    mails.length = 0;
    refuse = false;
  });
  afterEach(async () => {
    await s?.close();
  });

  it('KR-WITHDRAW: the result notice is sent over SMTP and recorded (notices row + ledger entry); a sent notice is never overdue', async () => {
    await takeLead(s, agent, 'lead-kr-valid');
    const r = await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: agent, body: { channel: 'phone' } });
    expect(r.status).toBe(200);
    const notifier = smtpNotifier(smtpUrl, 'Callgate <notices@callgate.test>');
    try {
      expect(await sendWithdrawalNotices(s.ctx, notifier)).toEqual({ sent: 1, failed: 0 });
      // Once sent, a second run sends nothing again.
      expect(await sendWithdrawalNotices(s.ctx, notifier)).toEqual({ sent: 0, failed: 0 });
    } finally {
      notifier.close();
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['821000000101@sms.invalid']);
    expect(mails[0]?.data).toContain('080-000-0200'); // the calling company's free number
    const row = await s.ctx.store.db.get('SELECT * FROM notices');
    expect(row).toMatchObject({ kind: 'withdrawal_result', lead_id: 'lead-kr-valid', channel: 'smtp', recipient_masked: '010-****-0101' });
    const entry = await s.ctx.store.db.get("SELECT payload FROM ledger WHERE kind = 'notice'");
    expect(JSON.parse(String(entry?.['payload']))).toMatchObject({ kind: 'withdrawal_result', leadId: 'lead-kr-valid', bodySha256: row?.['body_sha256'] });
    expect((await verifyLedger(s.ctx.store.db, s.clock())).ok).toBe(true);
    // The number never appears in clear in what is stored about the notice.
    expect(JSON.stringify(row)).not.toContain('+821000000101');
    s.clock.advance(15 * 86_400_000);
    const review = await s.request('GET', '/v1/review/compliance?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z', { token: await s.login('admin') });
    expect(review.status).toBe(200);
    expect(review.json.optOuts.noticesOverdue).toBe(0);
    expect(review.json.optOuts.items[0].notice).toMatchObject({ state: 'sent', sentAt: expect.any(String) });
  });

  it('KR-WITHDRAW: two API processes running the notice job at once send each notice exactly once (claimed in the database)', async () => {
    const leads = ['lead-kr-valid', 'lead-kr-expired', 'lead-kr-3p-other', 'lead-kr-3p-ok', 'lead-kr-night', 'lead-kr-own-recent'];
    const at = s.clock().toISOString();
    for (const id of leads) {
      await s.ctx.store.db.tx(async (sql) => {
        const lead = await leadById(sql, id);
        if (!lead) throw new Error(`no lead ${id}`);
        await recordOptOut(sql, { lead, channel: 'phone', callId: null, eventId: null, at });
      });
    }
    // A second server on the same database (its own connections and store), as a second API process has.
    const other = await createServer(s.config, { clock: s.clock, seed: false });
    const notifiers = [smtpNotifier(smtpUrl, 'Callgate <notices@callgate.test>'), smtpNotifier(smtpUrl, 'Callgate <notices@callgate.test>')];
    try {
      const runs = await Promise.all([sendWithdrawalNotices(s.ctx, notifiers[0]!), sendWithdrawalNotices(other.ctx, notifiers[1]!)]);
      expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(leads.length);
      expect(runs.every((r) => r.failed === 0)).toBe(true);
      // Nothing left for a later run of either process.
      expect(await sendWithdrawalNotices(other.ctx, notifiers[1]!)).toEqual({ sent: 0, failed: 0 });
    } finally {
      for (const n of notifiers) n.close();
      await other.close();
    }
    const recipients = mails.flatMap((m) => m.to).sort();
    expect(recipients).toHaveLength(leads.length);
    expect(new Set(recipients).size).toBe(leads.length);
    expect(await s.ctx.store.db.get('SELECT COUNT(*) AS n FROM notices')).toMatchObject({ n: leads.length });
    expect((await verifyLedger(s.ctx.store.db, s.clock())).ok).toBe(true);
  });

  it('KR-WITHDRAW: a notice the SMTP server refuses is not recorded; past 14 days it is flagged overdue in review', async () => {
    await takeLead(s, agent, 'lead-kr-valid');
    await s.request('POST', '/v1/leads/lead-kr-valid/opt-out', { token: agent, body: { channel: 'phone' } });
    refuse = true;
    const notifier = smtpNotifier(smtpUrl, 'Callgate <notices@callgate.test>');
    try {
      expect(await sendWithdrawalNotices(s.ctx, notifier)).toEqual({ sent: 0, failed: 1 });
    } finally {
      notifier.close();
    }
    expect(await s.ctx.store.db.get('SELECT COUNT(*) AS n FROM notices')).toMatchObject({ n: 0 });
    // The failed send gave its claim back: the next run (here or in another process) tries again.
    expect(await s.ctx.store.db.get('SELECT COUNT(*) AS n FROM notice_claims')).toMatchObject({ n: 0 });
    s.clock.advance(15 * 86_400_000);
    const review = await s.request('GET', '/v1/review/compliance?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z', { token: await s.login('admin') });
    expect(review.json.optOuts.noticesOverdue).toBe(1);
    expect(review.json.optOuts.items[0].notice).toMatchObject({ state: 'overdue', sentAt: null });
  });

  it('US-RETAIN: every call keeps the caller ID presented (the calling company\'s number), set by the server', async () => {
    s.clock.set(new Date('2026-03-10T15:00:00Z')); // 11:00 in New York, 00:00 in Seoul (lead-kr-night has night-call consent)
    agent = await s.login('agent1');
    const auth = await authorizeDial(s, agent, 'lead-us-ny');
    expect(auth.status).toBe(201);
    const call = await s.request('POST', '/v1/calls', { token: agent, body: { attemptId: auth.json.attemptId } });
    expect(call.status).toBe(201);
    expect(call.json.callerId).toBe('(800) 555-0199');
    const kr = await authorizeDial(s, agent, 'lead-kr-night');
    const krCall = await s.request('POST', '/v1/calls', { token: agent, body: { attemptId: kr.json.attemptId } });
    expect(krCall.json.callerId).toBe('080-000-0200');
    expect(await s.ctx.store.db.get('SELECT caller_id FROM calls WHERE id = ?', [call.json.id])).toEqual({ caller_id: '(800) 555-0199' });
  });

  it('KR-ACCESS: the monthly access review counts reads per user and flags the outlier; the log is kept a year, then purged', async () => {
    const auth = await authorizeDial(s, agent, 'lead-kr-valid');
    expect(auth.status).toBe(201);
    // The number is read when the SIP edge redeems the dial token (decision 0010): that read is logged.
    const dialToken = /^sip:d-([^@]+)@/.exec(auth.json.dialUri)?.[1];
    const redeemed = await s.request('POST', '/v1/edge/dial-tokens/redeem', { token: s.ctx.config.edgeSecret, body: { token: dialToken, sipUser: 'user-agent1', sipCallId: 'c@desk' } });
    expect(redeemed.status).toBe(200);
    const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T02:00:00.000Z`;
    // agent2 reads a few numbers; a third account reads far more than its peers.
    for (let i = 0; i < 3; i++) await logAccess(s.ctx.store.db, { at: at(2), userId: 'user-agent2', action: 'dial_target', subjectType: 'lead', subjectId: `lead-x${i}`, reason: 'dial', address: null });
    for (let i = 0; i < 40; i++) await logAccess(s.ctx.store.db, { at: at(3), userId: 'user-lead1', action: 'dial_target', subjectType: 'lead', subjectId: `lead-y${i}`, reason: 'dial', address: null });
    // A line older than the retention (a year before now).
    await logAccess(s.ctx.store.db, { at: '2025-01-01T00:00:00.000Z', userId: 'user-agent2', action: 'export', subjectType: 'lead', subjectId: 'old', reason: 'old', address: null });
    const admin = await s.login('admin');
    const r = await s.request('GET', '/v1/review/access-review?month=2026-03', { token: admin });
    expect(r.status).toBe(200);
    expect(r.json.retentionDays).toBe(365);
    const byUser = Object.fromEntries(r.json.users.map((u: { userId: string }) => [u.userId, u]));
    expect(byUser['user-lead1']).toMatchObject({ numberReads: 40, distinctPersons: 40, outlier: true });
    expect(byUser['user-agent2']).toMatchObject({ numberReads: 3, outlier: false });
    expect(byUser['user-agent1']).toMatchObject({ numberReads: 1, distinctPersons: 1, outlier: false });
    expect(r.json.users[0].userId).toBe('user-lead1');
    // Only the privacy officer (admin) reads it; a bad month is a 400 naming the field.
    expect((await s.request('GET', '/v1/review/access-review?month=2026-03', { token: await s.login('lead1') })).status).toBe(403);
    expect((await s.request('GET', '/v1/review/access-review?month=2026-13', { token: admin })).status).toBe(400);
    expect(await purgeAccessLog(s.ctx)).toBe(1);
    expect(await s.ctx.store.db.get("SELECT COUNT(*) AS n FROM access_log WHERE subject_id = 'old'")).toMatchObject({ n: 0 });
  });

  it('US-RETAIN / DE-7A: the retention job lists every consent proof to keep, 5 years from grant and from the last use', async () => {
    s.clock.set(new Date('2026-03-10T15:00:00Z'));
    const before = (await proofsToKeep(s.ctx)).find((p) => p.leadId === 'lead-us-ndnc-written');
    expect(before).toMatchObject({ ruleId: 'US-RETAIN', lastUsedAt: null });
    expect((await authorizeDial(s, await s.login('agent1'), 'lead-us-ndnc-written')).status).toBe(201);
    const after = (await proofsToKeep(s.ctx)).find((p) => p.leadId === 'lead-us-ndnc-written');
    expect(after).toMatchObject({ lastUsedAt: '2026-03-10T15:00:00.000Z', keepUntil: '2031-03-10T15:00:00.000Z' });
    // KR consents are not on this list (no fixed proof period in the KR profile).
    expect((await proofsToKeep(s.ctx)).some((p) => p.leadId.startsWith('lead-kr'))).toBe(false);
    // A refusal recorded in the old form (a grant withdrawn at once, decision 0054) is no consent to keep.
    const at = '2026-03-01T15:00:00.000Z';
    const old = { id: 'grant-old-refusal-us', leadId: 'lead-us-ny', kind: 'recording' as const, recipients: ['co-cedar-home'], purpose: 'refused in call call-old', items: [], retention: 'kept as the record of the refusal', grantedAt: at, withdrawnAt: at, evidenceRef: 'consent-event:event-old' };
    await s.ctx.store.db.tx((sql) => insertGrants(sql, [old], US_PROFILE, s.clock()));
    expect((await proofsToKeep(s.ctx)).map((p) => p.grantId)).not.toContain(old.id);
    expect((await proofsToKeep(s.ctx)).some((p) => p.leadId === 'lead-us-ndnc-written')).toBe(true);
  });
});
