import type { AppContext } from '../context';
import { purgeAccessLog } from '../identity/access-review';
import { smtpNotifier } from './smtp-notifier';
import { sendWithdrawalNotices } from './withdrawal-notices';

/**
 * The periodic compliance jobs of a running server: KR-WITHDRAW result notices over SMTP (when
 * CALLGATE_SMTP_URL is set) and KR-ACCESS access-log retention. Each run's failure is logged, never
 * thrown: the next run tries again, and review shows what is overdue.
 */
export function startComplianceJobs(ctx: AppContext, log: (line: string) => void): { stop(): Promise<void> } {
  const { config } = ctx;
  const notifier = config.smtpUrl !== undefined ? smtpNotifier(config.smtpUrl, config.noticeFrom) : undefined;
  let running: Promise<unknown> = Promise.resolve();
  const run = (): void => {
    running = (async () => {
      if (notifier) {
        const r = await sendWithdrawalNotices(ctx, notifier);
        if (r.sent + r.failed > 0) log(`KR-WITHDRAW notices: ${r.sent} sent, ${r.failed} failed`);
      }
      const purged = await purgeAccessLog(ctx);
      if (purged > 0) log(`KR-ACCESS: ${purged} access-log line(s) past retention deleted`);
    })().catch((err: unknown) => log(`compliance job failed: ${err instanceof Error ? err.message : String(err)}`));
  };
  const timer = config.noticeIntervalSec > 0 ? setInterval(run, config.noticeIntervalSec * 1000) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      notifier?.close();
    },
  };
}
