import { profileFor } from '../../shared/compliance/profiles';
import { maskNumber } from '../../shared/domain/phone-number';
import { newId } from '../../shared/domain/ids';
import { formatConsentDate } from '../../shared/script/render';
import type { AppContext } from '../context';
import { appendEntries } from '../ledger/append';
import { sha256Hex } from '../ledger/hash';
import { campaignById, companyById } from '../store/campaigns';
import { leadById } from '../store/leads';
import { text } from '../store/rows';
import { placeholders, type Db, type Row } from '../store/sql';
import type { Notifier } from './notifier';

/** What one run of the job did. */
export interface NoticeRun {
  readonly sent: number;
  readonly failed: number;
}

/**
 * KR-WITHDRAW: tells every person whose opt-out has no notice yet what was done (their number is on the
 * do-not-call list, their consents are withdrawn), in Korean and English, and records what was sent:
 * a `notices` row (when, channel, masked recipient, SHA-256 of the text, the channel's message id) and a
 * ledger entry of kind `notice`. A notice is recorded only after the channel accepted it; a failure is
 * retried on the next run, and an opt-out past its 14-day deadline without a notice is flagged overdue
 * in review (review-compliance).
 */
export async function sendWithdrawalNotices(ctx: AppContext, notifier: Notifier, limit = 100): Promise<NoticeRun> {
  const db = ctx.store.db;
  // Claimed first, atomically in the database: two API processes running this job never send one notice twice.
  const claim = await claimDueNotices(db, newId(), ctx.clock(), limit);
  let sent = 0;
  let failed = 0;
  for (const row of claim.due) {
    const optOutId = text(row, 'id');
    const lead = await leadById(db, text(row, 'lead_id'));
    if (!lead) {
      await claim.release(optOutId);
      continue;
    }
    const campaign = await campaignById(db, lead.campaignId);
    const company = campaign ? await companyById(db, campaign.callingCompanyId) : undefined;
    const name = company?.name ?? { ko: '당사', en: 'the company' };
    const callback = company?.contactNumber ?? '';
    const at = text(row, 'at');
    const korean = profileFor(campaign?.profile ?? 'KR').id === 'KR';
    const dateKo = formatConsentDate(at, 'ko', lead.timeZone);
    const dateEn = formatConsentDate(at, 'en', lead.timeZone);
    const subject = korean ? `[${name.ko}] 수신거부 처리 결과 안내 / Your opt-out has been processed` : `[${name.en}] Your opt-out has been processed`;
    const en = `${name.en} processed your request of ${dateEn}: your number is on our do-not-call list, and your consent to advertising calls is withdrawn. We will not call you with offers again. Questions: ${callback} (free of charge).`;
    const ko = `${name.ko}은(는) ${dateKo}에 요청하신 수신거부를 처리하였습니다. 고객님의 번호를 수신거부 목록에 등록하였고, 광고 전화 수신 동의는 철회되었습니다. 앞으로 광고 전화를 드리지 않습니다. 문의: ${callback} (무료)`;
    const body = korean ? `${ko}\n\n${en}` : en;
    const to = ctx.config.noticeTo.replace('{digits}', lead.phoneE164.replace(/\D/g, '')).replace('{e164}', lead.phoneE164);
    let messageId: string;
    try {
      messageId = (await notifier.send({ to, subject, text: body })).messageId;
    } catch {
      failed += 1; // not recorded: released, retried next run; review shows it overdue after the deadline
      await claim.release(optOutId);
      continue;
    }
    const sentAt = ctx.clock().toISOString();
    const id = newId();
    const recipientMasked = maskNumber(lead.phoneE164);
    const bodySha256 = sha256Hex(body);
    await db.tx(async (sql) => {
      const payload = { noticeId: id, kind: 'withdrawal_result', optOutId, leadId: lead.id, channel: notifier.channel, recipientMasked, subject, bodySha256, messageId, sentAt };
      const [entry] = await appendEntries(sql, [{ kind: 'notice', refId: id, payload }], sentAt);
      await sql.run(
        `INSERT INTO notices (id, kind, opt_out_id, lead_id, channel, recipient_masked, subject, body_sha256, message_id, sent_at, ledger_seq)
         VALUES (?, 'withdrawal_result', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, optOutId, lead.id, notifier.channel, recipientMasked, subject, bodySha256, messageId, sentAt, entry?.seq ?? 0],
      );
      // The claim of a sent notice never lapses: a process still holding an older snapshot finds it on insert.
      await sql.run('UPDATE notice_claims SET claimed_until = ? WHERE opt_out_id = ?', [SENT, optOutId]);
    });
    sent += 1;
  }
  return { sent, failed };
}

/** How long a claim holds: a process that died while sending leaves its notices to another after this. */
export const NOTICE_CLAIM_MS = 15 * 60_000;
/** `claimed_until` of a notice sent and recorded: after every instant we store. */
const SENT = '9999-12-31T23:59:59.999Z';

/**
 * Claims up to `limit` opt-outs with no notice and no live claim, for `claimant`, in one statement
 * (decision 0025): an INSERT of claim rows whose conflict with another process's live claim updates
 * nothing, so each opt-out is returned to exactly one claimant (on PostgreSQL the second inserter waits
 * for the first's row and then sees its claim; SQLite writes one statement at a time). A claim lapses
 * after NOTICE_CLAIM_MS; `release` gives one back at once (a failed send is retried on the next run); a
 * sent notice's claim is kept, never lapsing (see SENT). A process that dies after the channel accepted a
 * notice and before it was recorded leaves it to be sent again after the lapse (at least once, never twice
 * by two live processes).
 */
export async function claimDueNotices(db: Db, claimant: string, now: Date, limit: number): Promise<{ due: Row[]; release(optOutId: string): Promise<void> }> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + NOTICE_CLAIM_MS).toISOString();
  const claimed = await db.all(
    `INSERT INTO notice_claims (opt_out_id, claimed_by, claimed_until)
     SELECT o.id, ?, ? FROM opt_outs o
      WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.opt_out_id = o.id)
        AND NOT EXISTS (SELECT 1 FROM notice_claims c WHERE c.opt_out_id = o.id AND c.claimed_until > ?)
      ORDER BY o.notice_due_at, o.id LIMIT ${Math.trunc(limit)}
     ON CONFLICT (opt_out_id) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
      WHERE notice_claims.claimed_until <= ?
     RETURNING opt_out_id`,
    [claimant, until, at, at],
  );
  const ids = claimed.map((r) => text(r, 'opt_out_id'));
  const due = ids.length === 0 ? [] : await db.all(`SELECT o.id, o.lead_id, o.at FROM opt_outs o WHERE o.id IN (${placeholders(ids.length)}) ORDER BY o.notice_due_at, o.id`, ids);
  return {
    due,
    release: async (optOutId) => {
      await db.run('DELETE FROM notice_claims WHERE opt_out_id = ? AND claimed_by = ?', [optOutId, claimant]);
    },
  };
}
