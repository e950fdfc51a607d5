import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxList } from '../../shared/ipc/outbox';
import { getBridge, unwrap } from '../bridge';
import { useDesk } from '../desk/context';
import { refusalText } from './refusal-text';

/**
 * The outbox view: answers the server refused (with the reason, in the agent's language), records this
 * desk cannot read, and what opening the journal had to repair. Follows the outbox status as it changes.
 */
export function OutboxView() {
  const { t } = useTranslation();
  const status = useDesk((s) => s.outbox);
  const locale = useDesk((s) => s.settings.locale);
  const [list, setList] = useState<OutboxList | null>(null);
  useEffect(() => {
    let live = true;
    void unwrap(getBridge().outbox.list(undefined)).then(
      (l) => live && setList(l),
      () => live && setList(null),
    );
    return () => {
      live = false;
    };
  }, [status]);
  const time = (iso: string): string => new Date(iso).toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-US', { dateStyle: 'short', timeStyle: 'medium' });
  const r = list?.recovery ?? status.recovery;
  return (
    <section className="outbox-view" aria-labelledby="outbox-title" data-testid="outbox-view" id="outbox">
      <h2 id="outbox-title">{t('outbox.title')}</h2>
      <p className={status.pending > 0 ? 'muted' : 'ok'}>{status.pending > 0 ? t('status.outboxWaiting', { count: status.pending, since: time(status.oldestPendingSince ?? new Date().toISOString()) }) : t('status.outboxEmpty')}</p>
      {status.journalFault && (
        <p role="alert" className="error">
          {t('outbox.journalFault')}
        </p>
      )}
      {(r.tornTailBytes > 0 || r.quarantinedBytes > 0) && (
        <p className="notice" data-testid="outbox-recovery">
          {t('outbox.recovered', { torn: r.tornTailBytes, quarantined: r.quarantinedBytes })} {r.quarantineFile && t('outbox.recoveredFile', { file: r.quarantineFile })}
        </p>
      )}
      <h3>{t('outbox.refusedTitle')}</h3>
      <p className="muted">{t('outbox.refusedHint')}</p>
      {list && list.refused.length === 0 && <p>{t('outbox.refusedNone')}</p>}
      {list && list.refused.length > 0 && (
        <table className="outbox-table" data-testid="outbox-refused-list">
          <thead>
            <tr>
              <th scope="col">{t('outbox.when')}</th>
              <th scope="col">{t('outbox.answer')}</th>
              <th scope="col">{t('outbox.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {[...list.refused].reverse().map((x) => (
              <tr key={x.eventId} data-event-id={x.eventId}>
                <td>{time(x.refusedAt)}</td>
                <td>{t('outbox.seq', { n: x.seq + 1 })}</td>
                <td>{refusalText(x.refusal, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && list.unreadable.length > 0 && (
        <>
          <h3>{t('outbox.unreadableTitle')}</h3>
          <p className="muted">{t('outbox.unreadableHint')}</p>
          <ul data-testid="outbox-unreadable">
            {list.unreadable.map((u, i) => (
              <li key={`${u.eventId ?? ''}-${i}`}>{u.recordedAt ? time(u.recordedAt) : '—'}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
